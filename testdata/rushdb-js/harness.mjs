// What the RushDB JavaScript SDK test files share: the environment
// handlers/rushdb_sdk_test.go sets, the SDK build in use, the client, and
// helpers for the SDK's error form (it throws `new Error(String(status))` on
// any non-2xx answer, without reading the body).
//
// Environment:
//   RELGRAPH_URL          where relgraph listens, e.g. http://127.0.0.1:8080
//   RELGRAPH_TOKEN        a write token of a fresh project
//   RELGRAPH_READ_TOKEN   a read token of the same project
//   RELGRAPH_OTHER_TOKEN  a write token of another project
//   RUSHDB_BUILD          "cjs" (dist/index.cjs, what `require` and `import`
//                         give; transport node:http) or "esm"
//                         (dist/index.mjs; transport global fetch)
// The project has the type INVOICE declared: {ref: string (required),
// amount: number}.

import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after } from 'node:test';

export const url = process.env.RELGRAPH_URL;
export const token = process.env.RELGRAPH_TOKEN;
export const readToken = process.env.RELGRAPH_READ_TOKEN;
export const otherToken = process.env.RELGRAPH_OTHER_TOKEN;
export const build = process.env.RUSHDB_BUILD || 'cjs';
if (!url || !token || !readToken || !otherToken) {
  throw new Error('RELGRAPH_URL and the tokens must be set: run this through `go test ./handlers -run TestRushDBJavaScriptSDK`');
}

const agents = new Set();
let loaded;
if (build === 'cjs') {
  // An SDK bug, not relgraph's: on a non-2xx answer its fetcher throws
  // without reading the response, so that keep-alive socket stays busy, and
  // keeps Node running, until the SDK's 80 s timeout. The SDK looks
  // http.request up at call time; this notes its agent so that the sockets
  // can be closed when the tests are done. Requests are not changed.
  const request = http.request;
  http.request = function notingAgent(options, ...rest) {
    if (options && typeof options === 'object' && options.agent) {
      agents.add(options.agent);
    }
    return request.call(this, options, ...rest);
  };
  loaded = createRequire(import.meta.url)('@rushdb/javascript-sdk');
} else if (build === 'esm') {
  // The package has no "exports": Node resolves its name to "main", the
  // CommonJS build, so the ES module build is imported by its path.
  loaded = await import('@rushdb/javascript-sdk/dist/index.mjs');
} else {
  throw new Error(`unknown RUSHDB_BUILD ${build}`);
}
after(() => {
  for (const agent of agents) {
    agent.destroy();
  }
});

export const sdk = loaded;
export const T = { timeout: 60_000 };
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

// connect makes a client for tok and waits for its constructor's call of
// GET /sdk/settings, whose failure would crash the process.
export async function connect(tok) {
  const db = new sdk.RushDB(tok, { url });
  await db.waitForInitialization();
  return db;
}

// rejectsWith asserts that promise rejects with the SDK's status error.
export async function rejectsWith(promise, status) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error, `expected an Error, got ${err}`);
    assert.equal(err.message, String(status));
    return true;
  });
}

// own strips a record's __ fields.
export function own(data) {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('__')));
}
