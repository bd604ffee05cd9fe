'use strict';
// What both SDK test files share: the environment handlers/sdk_test.go
// sets, the SDK build in use, the shim for two SDK 0.30.0 bugs (explained
// below), the client, and a helper for the SDK's error form (it throws
// `new Error(String(status))` on any non-2xx answer).

const { after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');

const { Collect } = require('@collect.so/javascript-sdk');

const host = process.env.RELGRAPH_HOST || '127.0.0.1';
const port = Number(process.env.RELGRAPH_PORT);
const token = process.env.RELGRAPH_TOKEN;
if (!Number.isInteger(port) || port <= 0 || !token) {
  throw new Error(
    'RELGRAPH_PORT and RELGRAPH_TOKEN must be set: run this through `go test ./handlers -run TestCollectSDK`'
  );
}

// Which build of the SDK `require` gave: cjs/index.cjs.node.js (the default
// in Node; transport node:http) or cjs/index.cjs.worker.js (export condition
// "worker"; transport global fetch).
const sdkEntry = path.basename(require.resolve('@collect.so/javascript-sdk'));
const build = { 'index.cjs.node.js': 'node', 'index.cjs.worker.js': 'worker' }[sdkEntry];
if (!build) {
  throw new Error(`unexpected SDK entry point ${sdkEntry}`);
}
if (process.env.RELGRAPH_SDK_BUILD && process.env.RELGRAPH_SDK_BUILD !== build) {
  throw new Error(`expected the SDK's ${process.env.RELGRAPH_SDK_BUILD} build, require gave ${sdkEntry}`);
}

const sdkAgents = new Set();
if (build === 'node') {
  // SDK 0.30.0 bug, not relgraph's: its NodeHttpClient calls
  // http.request({host: url.host, port: url.port, ...}), and url.host holds
  // the port whenever it is not the protocol's default (80/443), so Node
  // resolves "127.0.0.1:8080" as a host name and fails with ENOTFOUND before
  // any request is sent. The SDK stays unmodified; this narrow shim on
  // node:http (which the SDK looks up at call time, as its own source
  // comments intend for nock-style interception) drops the port from `host`
  // for our address only. The worker build (global fetch) needs no shim.
  //
  // Second SDK bug: on a non-2xx answer its fetcher throws without reading
  // the response, so that socket stays busy, and keeps Node running, until
  // the SDK's 80 s request timeout. The shim notes the SDK's keep-alive
  // agent so that the sockets can be closed when the tests are done.
  const request = http.request;
  http.request = function shimmedRequest(options, ...rest) {
    if (options && typeof options === 'object' && !(options instanceof URL) && options.host === `${host}:${port}`) {
      options = { ...options, host, port };
      if (options.agent) {
        sdkAgents.add(options.agent);
      }
    }
    return request.call(this, options, ...rest);
  };
}
after(() => {
  for (const agent of sdkAgents) {
    agent.destroy();
  }
});

const collect = new Collect(token, { host, port, protocol: 'http' });

const T = { timeout: 60_000 };
// A well-formed UUIDv7 that no record has.

// rejectsWith asserts that promise rejects with the SDK's status error.
async function rejectsWith(promise, status) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error, `expected an Error, got ${err}`);
    assert.equal(err.message, String(status));
    return true;
  });
}

module.exports = { host, port, token, build, collect, T, rejectsWith };
