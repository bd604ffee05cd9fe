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
// Each interaction starts from a freshly loaded page, so one failing does
// not hide the others. It prints one JSON line per interaction, {step, ok, error?,
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
    async search(page, { text = '', type = '', property = '', op = '$contains', value = '' }) {
      await page.fill('#search', text);
      await page.selectOption('#type', type);
      await page.fill('#where-property', property);
      await page.selectOption('#where-op', op);
      await page.fill('#where-value', value);
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

// steps are the interactions, by the name of their screenshot. Each loads
// the page afresh (h.page) and returns the page to photograph.
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
    const labels = await page.evaluate(() => window.relgraphExplorer.cy.nodes().map((n) => n.data('label')).sort());
    assert.deepEqual(labels, ['Globex', 'Hank', 'Homer']);
    for (const d of ['Globex → Homer: employees — safety inspector', 'Globex → Hank: employees — CEO']) {
      assert.ok((await h.texts(page, '#edge-list li')).some((t) => t.includes(d)), `the edge list shows "${d}"`);
    }
    return page;
  },

  // Each type has its colour, and the legend names the types in view with
  // that colour and their number of records.
  async 'type-colours'(h) {
    const page = await h.page();
    await h.open(page, 'Homer');
    const nodes = await page.evaluate(() => window.relgraphExplorer.cy.nodes()
      .map((n) => ({ type: n.data('type'), colour: n.style('background-color').replace(/\s/g, '') })));
    const byType = {};
    for (const n of nodes) {
      byType[n.type] = byType[n.type] || n.colour;
      assert.equal(n.colour, byType[n.type], `every ${n.type} record has one colour`);
    }
    assert.deepEqual(Object.keys(byType).sort(), ['companies', 'people', 'projects']);
    assert.equal(new Set(Object.values(byType)).size, 3, 'three types, three colours');
    const legend = await page.$$eval('#legend li', (lis) => lis.map((li) => ({
      text: li.textContent, colour: getComputedStyle(li.querySelector('.swatch')).backgroundColor.replace(/\s/g, ''),
    })));
    assert.deepEqual(legend, [
      { text: 'companies 1', colour: byType.companies },
      { text: 'people 3', colour: byType.people },
      { text: 'projects 1', colour: byType.projects }]);
    return page;
  },

  // A record with neither title nor name shows as its type and the end of
  // its id, on the canvas, in the lists and among search results.
  async 'untitled-record'(h) {
    const page = await h.page();
    await h.open(page, 'Homer');
    const want = `projects · …${h.ids.plant.slice(-6)}`;
    const label = await page.evaluate((id) => window.relgraphExplorer.cy.getElementById(id).data('label'), h.ids.plant);
    assert.equal(label, want);
    assert.equal(await page.textContent(`#node-list li[data-id="${h.ids.plant}"] button`), want);
    assert.ok((await h.texts(page, '#edge-list li')).some((t) => t.includes(`Homer → ${want}: assigned`)));
    await h.search(page, { type: 'projects' });
    assert.deepEqual(await h.texts(page, '#results li button'), [want]);
    return page;
  },

  // Clicking a record shows its properties and, before any expansion, its
  // relations counted by property and direction.
  async 'node-details'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    await page.click(`#node-list li[data-id="${h.ids.homer}"] button:text-is("Homer")`);
    await page.waitForSelector('#details[data-state="ready"] #relation-counts li');
    assert.equal(await page.textContent('#details h2'), 'Homer');
    const rows = await page.$$eval('#details table tr', (trs) => trs.map((tr) => tr.textContent));
    assert.deepEqual(rows, ['age39', 'nameHomer', 'rolesafety inspector']);
    assert.deepEqual(await h.texts(page, '#relation-counts li'),
      ['→ assigned1', '→ knows1', '← employees (as employer)1', '← knows1']);
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

  // Expanding one relation property adds only its records.
  async 'expand-by-property'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    const { globex, homer, hank, marge, plant } = h.ids;
    await page.click(`#node-list li[data-id="${homer}"] button:text-is("Homer")`);
    await page.click('#relation-counts button[data-property="knows"][data-direction="out"]');
    await page.waitForSelector(`#node-list li[data-id="${marge}"]`);
    await h.settled(page);
    assert.deepEqual(await h.nodeIds(page), h.sorted([globex, homer, hank, marge]), 'knows brings Marge, not the project');
    assert.match(await page.textContent('#status'), /^expanded Homer by knows →: 1 new records, 1 new edges$/);
    await page.click('#relation-counts button[data-property="assigned"][data-direction="out"]');
    await page.waitForSelector(`#node-list li[data-id="${plant}"]`);
    await h.settled(page);
    assert.equal((await h.nodeIds(page)).length, 5);
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

  // Hovering an edge describes it: property, direction, description, and
  // the edge's own properties.
  async 'edge-hover'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    const edge = await h.edgeId(page, h.ids.globex, h.ids.homer, 'employees');
    const { x, y } = await h.point(page, edge);
    await page.mouse.move(x, y);
    await page.waitForSelector('#edge-tip:not([hidden]) td:text-is("1996")');
    assert.equal(await page.textContent('#edge-tip .tip-title'), 'employees: Globex → Homer');
    const rows = await page.$$eval('#edge-tip tr', (trs) => trs.map((tr) => tr.textContent));
    assert.deepEqual(rows, ['directionout of Globex, into Homer', 'descriptionsafety inspector', 'badge7G-01', 'since1996']);
    await page.mouse.move(5, 5);
    await page.waitForSelector('#edge-tip', { state: 'hidden' });
    await page.mouse.move(x, y); // photographed with its tip
    await page.waitForSelector('#edge-tip:not([hidden]) td:text-is("1996")');
    return page;
  },

  // The search filters by type and by a property's value.
  async 'search-property'(h) {
    const page = await h.page();
    await page.selectOption('#type', 'people');
    await page.waitForSelector('#property-names option[value="role"]', { state: 'attached' });
    await h.search(page, { type: 'people', property: 'age', op: '$gt', value: '38' });
    assert.deepEqual(h.sorted(await h.texts(page, '#results li button')), ['Hank', 'Homer']);
    await h.search(page, { type: 'companies', property: 'founded', op: '$eq', value: '1989' });
    assert.deepEqual(await h.texts(page, '#results li button'), ['Globex']);
    await h.search(page, { type: 'companies', property: 'role', value: 'inspector' });
    assert.deepEqual(await h.texts(page, '#results li'), ['no records found']);
    await h.search(page, { type: 'people', property: 'role', value: 'INSPECT' });
    assert.deepEqual(await h.texts(page, '#results li button'), ['Homer']);
    assert.equal(await page.textContent('#status'), '1 of 1 records found');
    return page;
  },

  // The JSON link opens the record's GET answer in a new tab.
  async 'record-json'(h) {
    const page = await h.page();
    await h.open(page, 'Globex');
    await page.click(`#node-list li[data-id="${h.ids.homer}"] button:text-is("Homer")`);
    await page.waitForSelector('#details[data-state="ready"] a#json-link');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.click('#json-link')]);
    await tab.waitForLoadState();
    const body = JSON.parse(await tab.textContent('body'));
    assert.equal(body.success, true);
    assert.equal(body.data.__id, h.ids.homer);
    assert.equal(body.data.name, 'Homer');
    assert.equal(body.data.__label, 'people');
    return tab;
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
