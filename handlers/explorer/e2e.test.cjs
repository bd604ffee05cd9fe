// End-to-end test of the explorer page in headless Chromium, driven by
// Playwright. Run by handlers/explorer_test.go (TestExplorerEndToEnd), which
// starts relgraph, seeds a project and passes:
//
//   EXPLORER_URL          the server, e.g. http://127.0.0.1:41234
//   EXPLORER_TOKEN        a read token of the seeded project
//   EXPLORER_FIXTURE      JSON {ids: {globex, homer, hank, marge, plant}}: the seeded records
//   EXPLORER_STEPS        the interactions to test, comma-separated (names of `steps` below)
//   EXPLORER_SCREENSHOTS  the folder for one screenshot per interaction, <name>.png (absolute)
//   CHROMIUM              the browser (default /usr/bin/chromium)
//
// Each interaction runs in a page of its own, so one failing does not hide
// the others. It prints one JSON line per interaction, {step, ok, error?,
// screenshot}, and exits non-zero when one failed. Nothing waits for a
// time: steps wait for selectors, and for the page's own fetches to settle
// (settled, below).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through go test ./handlers -run TestExplorerEndToEnd`);
  return v;
};

// tracker runs in every document before the page's scripts: it keeps the
// page's fetches, and the reading of their bodies, so a step can wait until
// every answer the page asked for has arrived and been handled.
function tracker() {
  const pending = new Set();
  const track = (p) => {
    pending.add(p);
    p.then(() => pending.delete(p), () => pending.delete(p));
    return p;
  };
  const fetch = window.fetch.bind(window);
  window.fetch = (...args) => track(fetch(...args));
  for (const m of ['json', 'text']) {
    const read = Response.prototype[m];
    Response.prototype[m] = function () { return track(read.call(this)); };
  }
  // Resolves once no fetch is pending after a task has run: the callbacks
  // of the last answers (and any fetch they start) have had their turn.
  window.__explorerSettled = async () => {
    for (;;) {
      await Promise.allSettled([...pending]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (pending.size === 0) return;
    }
  };
}

// helpers drive the pages of one step, which it keeps in h.pages. Steps
// share one tab (shared.page), loaded afresh for each; a step that needs
// a clean tab (no token in its session storage) gets a context of its own.
function helpers(browser, shared, url, token, fx) {
  const ids = fx.ids;
  const h = {
    url, token, ids, pages: [],
    async page({ withToken = true } = {}) {
      let page = withToken ? shared.page : null;
      if (!page) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
        await context.addInitScript(tracker);
        if (withToken) await context.addInitScript((t) => sessionStorage.setItem('relgraph.token', t), token);
        page = await context.newPage();
        page.setDefaultTimeout(10000);
        page.on('pageerror', (e) => page.problems.push('page error: ' + e.message));
        page.on('console', (m) => { if (m.type() === 'error') page.problems.push('console error: ' + m.text()); });
        if (withToken) shared.page = page;
      }
      page.problems = [];
      h.pages.push(page);
      await page.goto(url + '/explorer');
      if (withToken) await page.waitForSelector('#token-status:has-text("connected:")');
      return page;
    },
    settled: (page) => page.evaluate(() => window.__explorerSettled()),
    // search runs the search form and waits for its answer.
    async search(page, { text = '', type = '' }) {
      await page.fill('#search', text);
      await page.selectOption('#type', type);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/records/search'));
      await page.click('#search-form button');
      await answer;
      await h.settled(page);
    },
    // open searches a record by its title and opens it: its neighbourhood
    // is drawn and its details shown.
    async open(page, title) {
      await h.search(page, { text: title });
      await page.click(`#results button:text-is("${title}")`);
      await page.waitForSelector(`#node-list li[data-id="${ids[title.toLowerCase()]}"]`);
      await h.settled(page);
    },
    nodeIds: (page) => page.evaluate(() => window.relgraphExplorer.cy.nodes().map((n) => n.id()).sort()),
    // point is where a node, or an edge's middle, is on the screen.
    point: (page, id) => page.evaluate((id) => {
      const cy = window.relgraphExplorer.cy;
      const ele = cy.getElementById(id);
      const p = ele.isNode() ? ele.renderedPosition() : ele.renderedMidpoint();
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, id),
    edgeId: (page, source, target, property) => page.evaluate(([s, t, p]) => window.relgraphExplorer.cy.edges()
      .filter((e) => e.data('source') === s && e.data('target') === t && e.data('property') === p).map((e) => e.id())[0],
    [source, target, property]),
    texts: (page, selector) => page.locator(selector).allTextContents(),
    sorted: (list) => [...list].sort(),
  };
  return h;
}

// steps are the interactions, by the name of their screenshot. Each gets a
// fresh page and returns the page to photograph.
const steps = {
  // Pasting a token connects and lists the project's types with counts.
  async connect(h) {
    const page = await h.page({ withToken: false });
    await page.fill('#token', h.token);
    await page.click('#token-form button');
    await page.waitForSelector('#token-status:has-text("connected:")');
    assert.equal(await page.textContent('#token-status'), 'connected: 5 records of 3 types');
    assert.deepEqual(await h.texts(page, '#type option'), ['any type', 'companies (1)', 'people (3)', 'projects (1)']);
    return page;
  },

  // A search by part of a title lists the record with its type.
  async 'search-title'(h) {
    const page = await h.page();
    await h.search(page, { text: 'lob' });
    assert.deepEqual(await h.texts(page, '#results li'), ['Globexcompanies']);
    return page;
  },

  // Opening a result draws it and its neighbours, titles on the canvas.
  async 'open-record'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    const { globex, homer, hank } = h.ids;
    assert.deepEqual(await h.nodeIds(page), h.sorted([globex, homer, hank]), 'depth 1: the record and its neighbours');
    const labels = await page.evaluate(() => window.relgraphExplorer.cy.nodes().map((n) => n.data('title')).sort());
    assert.deepEqual(labels, ['Globex', 'Hank', 'Homer']);
    for (const d of ['Globex → Homer: employees — safety inspector', 'Globex → Hank: employees — CEO']) {
      assert.ok((await h.texts(page, '#edge-list li')).some((t) => t.includes(d)), `the edge list shows "${d}"`);
    }
    return page;
  },

  // Defect: a double-click (two taps and a double tap) listed each property
  // twice.
  async 'double-click'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    const { x, y } = await h.point(page, h.ids.homer);
    await page.mouse.dblclick(x, y);
    await page.waitForSelector(`#node-list li[data-id="${h.ids.marge}"]`); // expanded
    await h.settled(page);
    assert.equal(await page.textContent('#details h2'), 'Homer');
    assert.deepEqual(await h.texts(page, '#details th'), ['age', 'name', 'role'], 'each property is listed once');
    return page;
  },

  // Defect: with a slow read, clicking Globex then Homer showed Globex's
  // properties under Homer. Globex's answer is held until Homer's is shown.
  async 'stale-answer'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    let arrived, release;
    const held = new Promise((resolve) => { arrived = resolve; });
    const released = new Promise((resolve) => { release = resolve; });
    await page.route(`${h.url}/api/v1/records/${h.ids.globex}`, async (route) => {
      arrived();
      await released;
      await route.continue().catch(() => {}); // the page may have given up on it: then there is nothing to answer
    });
    const globex = await h.point(page, h.ids.globex);
    await page.mouse.click(globex.x, globex.y);
    await held;
    const homer = await h.point(page, h.ids.homer);
    await page.mouse.click(homer.x, homer.y);
    await page.waitForSelector('#details td:text-is("safety inspector")');
    release();
    await h.settled(page);
    assert.equal(await page.textContent('#details h2'), 'Homer');
    assert.deepEqual(await h.texts(page, '#details th'), ['age', 'name', 'role'], "only Homer's properties");
    assert.equal(await page.locator('#details td:text-is("Cypress Creek")').count(), 0, "Globex's answer is dropped");
    return page;
  },

  // The expand button of a record in view adds all its neighbours.
  async 'expand-neighbour'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    await page.locator(`#node-list li[data-id="${h.ids.homer}"] button:text-is("expand")`).click();
    await page.waitForSelector(`#node-list li[data-id="${h.ids.plant}"]`);
    await h.settled(page);
    assert.equal((await h.nodeIds(page)).length, 5);
    return page;
  },

  // The Property field hides the other properties' edges.
  async 'property-filter'(h) {
    const page = await h.page();
    await h.open(page, 'Homer');
    assert.equal(await page.locator('#edge-list li').count(), 5);
    await page.fill('#property', 'knows');
    await page.dispatchEvent('#property', 'change');
    const edges = await h.texts(page, '#edge-list li');
    assert.deepEqual(h.sorted(edges), ['Hank → Homer: knows', 'Homer → Marge: knows']);
    const hidden = await page.evaluate(() => window.relgraphExplorer.cy.edges('.hidden').length);
    assert.equal(hidden, 3);
    return page;
  },

};

async function main() {
  const url = env('EXPLORER_URL');
  const token = env('EXPLORER_TOKEN');
  const fx = JSON.parse(env('EXPLORER_FIXTURE'));
  const names = env('EXPLORER_STEPS').split(',');
  const dir = env('EXPLORER_SCREENSHOTS');
  for (const name of names) if (!steps[name]) throw new Error(`no interaction named ${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  let failed = 0;
  try {
    const shared = {};
    for (const name of names) {
      const started = Date.now();
      const result = { step: name, ok: true };
      const h = helpers(browser, shared, url, token, fx);
      try {
        const shown = await steps[name](h);
        for (const page of h.pages) assert.deepEqual(page.problems, [], 'the page logged no errors');
        result.screenshot = path.join(dir, name + '.png');
        await shown.screenshot({ path: result.screenshot });
      } catch (e) {
        failed++;
        result.ok = false;
        result.error = (e && e.stack) || String(e);
        if (h.pages.length) {
          result.screenshot = path.join(dir, name + '.failed.png');
          await h.pages[0].screenshot({ path: result.screenshot }).catch(() => {});
        }
      } finally {
        for (const page of h.pages) {
          if (page !== shared.page) await page.context().close().catch(() => {});
        }
        if (shared.page) {
          await shared.page.unrouteAll({ behavior: 'ignoreErrors' });
          for (const tab of shared.page.context().pages()) if (tab !== shared.page) await tab.close();
        }
      }
      result.ms = Date.now() - started;
      console.log(JSON.stringify(result));
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
