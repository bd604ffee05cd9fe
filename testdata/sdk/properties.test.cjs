'use strict';
// End-to-end test of the Collect JavaScript SDK 0.30.0's properties API and
// records.export against relgraph. Run by handlers/sdk_test.go
// (TestCollectSDK) beside sdk.test.cjs, with the same environment:
//   RELGRAPH_HOST, RELGRAPH_PORT  where relgraph listens
//   RELGRAPH_TOKEN                a write token of a fresh project
//   RELGRAPH_SDK_BUILD            (optional) "node" or "worker"
// The SDK throws `new Error(String(status))` on any non-2xx answer.

const { test } = require('node:test');
const assert = require('node:assert/strict');


const { build, collect, T, rejectsWith } = require('./harness.cjs');

// Each run has its own label, so the two builds' runs (one project) and
// the other file's records do not meet.
const label = `gadget_${build}`;
const seeded = (async () => {
  const ids = [];
  for (const [name, price, colour] of [
    ['a', 10, 'red'],
    ['b', 20, 'red'],
    ['c', 20, '=HYPERLINK("x")'],
    ['d, "quoted"', 5, 'blue']
  ]) {
    const rec = await collect.records.create(label, { name, price, colour });
    ids.push(rec.data.__id);
  }
  return ids;
})();

// byName finds one property of the catalogue of label by name.
async function byName(name) {
  const res = await collect.properties.find({ labels: [label] });
  assert.equal(res.success, true);
  return res.data.find((p) => p.name === name);
}

test('properties.find lists every property of the matching records with a stable id', T, async () => {
  await seeded;
  const res = await collect.properties.find({ labels: [label] });
  assert.equal(res.success, true);
  const names = res.data.map((p) => `${p.name}:${p.type}`).sort();
  assert.deepEqual(names, ['colour:string', 'name:string', 'price:number']);
  for (const p of res.data) {
    assert.match(p.id, /^[A-Za-z0-9_-]+$/, 'ids are URL-safe');
    assert.equal(p.label, label);
    assert.equal(p.count, 4);
  }
  const again = await collect.properties.find({ labels: [label] });
  assert.deepEqual(again.data.map((p) => p.id).sort(), res.data.map((p) => p.id).sort(), 'ids are stable');
  const some = await collect.properties.find({ labels: [label], where: { price: { $gt: 15 } } });
  assert.ok(some.data.every((p) => p.count === 2));
});

test('properties.findById reads one property, 404 for an unknown id', T, async () => {
  await seeded;
  const price = await byName('price');
  const res = await collect.properties.findById(price.id);
  assert.equal(res.success, true);
  assert.deepEqual(
    { id: res.data.id, name: res.data.name, type: res.data.type },
    { id: price.id, name: 'price', type: 'number' }
  );
  await rejectsWith(collect.properties.findById('bm9wZQ'), 404);
});

test('properties.values lists distinct values, most frequent first, with min and max', T, async () => {
  await seeded;
  const price = await byName('price');
  const res = await collect.properties.values(price.id);
  assert.equal(res.success, true);
  assert.deepEqual(res.data.values, [20, 5, 10]);
  assert.equal(res.data.min, 5);
  assert.equal(res.data.max, 20);
  const colour = await byName('colour');
  const colours = await collect.properties.values(colour.id);
  assert.equal(colours.data.values[0], 'red');
  assert.equal(colours.data.min, undefined);
});

test('records.export answers the matching records as CSV', T, async () => {
  const ids = await seeded;
  const res = await collect.records.export({ labels: [label], orderBy: { price: 'asc' } });
  assert.equal(res.success, true);
  assert.ok(!Number.isNaN(Date.parse(res.data.dateTime)));
  const lines = res.data.fileContent.trimEnd().split('\r\n');
  assert.equal(lines[0], '__id,__label,colour,name,price');
  assert.equal(lines.length, 5);
  assert.equal(lines[1], `${ids[3]},${label},blue,"d, ""quoted""",5`);
  assert.ok(lines.includes(`${ids[2]},${label},"'=HYPERLINK(""x"")",c,20`), 'formulas are neutralised');
});

test('properties.delete removes the property from every record of the type', T, async () => {
  const ids = await seeded;
  const colour = await byName('colour');
  const res = await collect.properties.delete(colour.id);
  assert.equal(res.success, true);
  assert.equal(res.data.changed, 4);
  const rec = await collect.records.findById(ids[0]);
  assert.equal(rec.data.colour, undefined);
  assert.equal(rec.data.name, 'a');
  assert.equal(await byName('colour'), undefined);
  await rejectsWith(collect.properties.findById(colour.id), 404);
  await rejectsWith(collect.properties.delete(colour.id), 404);
});
