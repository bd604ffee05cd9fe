// End-to-end test of the explorer page in headless Chromium, driven by
// Playwright. Run by handlers/explorer_test.go, which starts relgraph, seeds
// a project and passes:
//
//   EXPLORER_URL         the server, e.g. http://127.0.0.1:41234
//   EXPLORER_TOKEN       a read token of the seeded project
//   EXPLORER_EXPECT      JSON {search, root, neighbours[], descriptions[], far, property}
//   EXPLORER_SCREENSHOT  where to write the screenshot (an absolute path)
//   CHROMIUM             the browser (default /usr/bin/chromium)
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through go test ./handlers -run Explorer`);
  return v;
};

async function main() {
  const url = env('EXPLORER_URL');
  const token = env('EXPLORER_TOKEN');
  const expect = JSON.parse(env('EXPLORER_EXPECT'));
  const shot = env('EXPLORER_SCREENSHOT');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
    page.setDefaultTimeout(20000);

    await page.goto(url + '/explorer');
    assert.equal(await page.title(), 'relgraph explorer');

    // Paste the token: the type list fills from POST /labels.
    await page.fill('#token', token);
    await page.click('#token-form button');
    await page.waitForSelector('#token-status:has-text("connected:")');
    assert.ok(await page.locator('#type option', { hasText: 'people' }).count() === 1, 'the type list names people');

    // Search by title, open the result: its neighbourhood is drawn.
    await page.fill('#search', expect.search);
    await page.click('#search-form button');
    await page.click(`#results button:text-is("${expect.root}")`);
    for (const title of [expect.root, ...expect.neighbours]) {
      await page.waitForSelector(`#node-list li[data-id] button:text-is("${title}")`);
    }
    for (const d of expect.descriptions) {
      await page.waitForSelector(`#edge-list li:has-text("${d}")`);
    }
    assert.equal(await page.locator(`#node-list li[data-id] button.link:not(:text-is("expand"))`).count(),
      1 + expect.neighbours.length, 'depth 1 shows the record and its neighbours only');

    // Titles are on the canvas too.
    const titles = await page.evaluate(() => window.relgraphExplorer.cy.nodes().map((n) => n.data('title')).sort());
    assert.deepEqual(titles, [expect.root, ...expect.neighbours].sort());

    // Details: clicking a record shows its properties.
    await page.click(`#node-list li[data-id] button:text-is("${expect.root}")`);
    await page.waitForSelector(`#details th:text-is("name")`);
    await page.waitForSelector(`#details td:text-is("${expect.root}")`);

    // Expanding a neighbour brings the record two links away.
    const li = page.locator('#node-list li[data-id]', { has: page.locator(`button:text-is("${expect.neighbours[0]}")`) });
    await li.locator('button:text-is("expand")').click();
    await page.waitForSelector(`#node-list li[data-id] button:text-is("${expect.far}")`);

    // The property filter hides the other properties' edges.
    const before = await page.locator('#edge-list li').count();
    await page.fill('#property', expect.property);
    await page.dispatchEvent('#property', 'change');
    const after = await page.locator('#edge-list li').count();
    assert.ok(after > 0 && after < before, `filtering by ${expect.property} keeps ${after} of ${before} edges`);
    for (const text of await page.locator('#edge-list li').allTextContents()) {
      assert.ok(text.includes(`: ${expect.property}`), `edge "${text}" is not a ${expect.property} edge`);
    }
    await page.fill('#property', '');
    await page.dispatchEvent('#property', 'change');

    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    assert.deepEqual(problems, [], 'the page logged no errors');
    console.log(`explorer e2e: ok; screenshot ${shot}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
