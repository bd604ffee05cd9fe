// The RushDB JavaScript SDK 1.8.0, unmodified, against relgraph: attach and
// detach, relationship search, labels, the properties catalogue and values,
// transactions. Run by handlers/rushdb_sdk_test.go.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { connect, own, rejectsWith, T, token, url } from './harness.mjs';

let db;
before(async () => {
  db = await connect(token);
});

// edges lists the edges whose source is a record of label with the given
// name, as "source>target:type".
async function edges(label, name, page = {}) {
  const res = await db.relationships.find({ labels: [label], where: { name }, ...page });
  assert.equal(res.success, true);
  return res;
}

function key(e) {
  return `${e.sourceId}>${e.targetId}:${e.type}`;
}

test('records.attach (POST /relationships/{id}) links with a type and a direction; it is idempotent', T, async () => {
  const movie = await db.records.create({ label: 'MOVIE', data: { name: 'Alien' } });
  const a1 = await db.records.create({ label: 'ACTOR', data: { name: 'Sigourney' } });
  const a2 = await db.records.create({ label: 'ACTOR', data: { name: 'Ian' } });
  const res = await db.records.attach({ source: movie, target: [a1, a2], options: { type: 'STARS', direction: 'out' } });
  assert.deepEqual(res, { success: true, data: { message: `Relations to Record ${movie.id()} have been successfully created` } });
  await db.records.attach({ source: movie.id(), target: a1.id(), options: { type: 'STARS' } });
  const out = await edges('MOVIE', 'Alien');
  assert.equal(out.total, 2);
  assert.deepEqual(out.data.map(key).sort(), [`${movie.id()}>${a1.id()}:STARS`, `${movie.id()}>${a2.id()}:STARS`].sort());
  const e = out.data[0];
  assert.equal(e.sourceLabel, 'MOVIE');
  assert.equal(e.targetLabel, 'ACTOR');

  // direction "in": the target is the source of the stored edge.
  const studio = await db.records.create({ label: 'STUDIO', data: { name: 'Fox' } });
  await a2.attach(studio, { type: 'SIGNED', direction: 'in' });
  const signed = await edges('STUDIO', 'Fox');
  assert.deepEqual(signed.data.map(key), [`${studio.id()}>${a2.id()}:SIGNED`]);
});

test('records.detach (PUT /relationships/{id}) removes by type, or every type', T, async () => {
  const p = await db.records.create({ label: 'PERSON', data: { name: 'Pat' } });
  const q = await db.records.create({ label: 'PERSON', data: { name: 'Quinn' } });
  await db.records.attach({ source: p, target: q, options: { type: 'KNOWS' } });
  await db.records.attach({ source: p, target: q, options: { type: 'LIKES' } });
  const res = await db.records.detach({ source: p, target: q, options: { typeOrTypes: 'KNOWS' } });
  assert.deepEqual(res, { success: true, data: { message: `Relations to Record ${p.id()} have been successfully deleted` } });
  assert.deepEqual((await edges('PERSON', 'Pat')).data.map((e) => e.type), ['LIKES']);
  await p.detach(q);
  assert.equal((await edges('PERSON', 'Pat')).total, 0);
  await rejectsWith(db.records.attach({ source: p, target: '01890a5d-ac96-774b-bcce-b302099a8057' }), 404);
});

test('relationships.find pages with limit and skip (POST /relationships/search?limit&skip)', T, async () => {
  const hub = await db.records.create({ label: 'HUB', data: { name: 'hub' } });
  const spokes = [];
  for (const n of [1, 2, 3]) {
    spokes.push(await db.records.create({ label: 'SPOKE', data: { name: `s${n}` } }));
  }
  await db.records.attach({ source: hub, target: spokes, options: { type: 'HAS' } });
  const first = await edges('HUB', 'hub', { limit: 2, skip: 0 });
  const second = await edges('HUB', 'hub', { limit: 2, skip: 2 });
  assert.equal(first.total, 3);
  assert.equal(first.data.length, 2);
  assert.equal(second.data.length, 1);
  const seen = new Set([...first.data, ...second.data].map((e) => e.targetId));
  assert.equal(seen.size, 3);
});

// rawAttach attaches with an edge properties bag through the REST path the
// SDK uses: the SDK 1.8.0's attach sends only targetIds, type and direction.
async function rawAttach(source, target, type, properties) {
  const res = await fetch(`${url}/api/v1/relationships/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', token },
    body: JSON.stringify({ targetIds: [target], type, properties }),
  });
  assert.equal(res.status, 201, await res.text());
}

test('records.attach with options.properties: the SDK 1.8.0 drops the bag, the edge has none', T, async () => {
  const a = await db.records.create({ label: 'BAGLESS', data: { name: 'a' } });
  const b = await db.records.create({ label: 'BAGLESS', data: { name: 'b' } });
  await db.records.attach({ source: a, target: b, options: { type: 'KNOWS', properties: { since: 2020 } } });
  const res = await db.relationships.find({ source: { where: { $id: a.id() } } });
  assert.equal(res.total, 1);
  assert.deepEqual(res.data[0].properties, {});
});

test("relationships.find in RushDB's form: where on the edge (type, bag, direction), source and target", T, async () => {
  const inception = await db.records.create({ label: 'FILM', data: { title: 'Inception', year: 2010 } });
  const tenet = await db.records.create({ label: 'FILM', data: { title: 'Tenet', year: 2020 } });
  const leo = await db.records.create({ label: 'STAR', data: { name: 'Leo' } });
  const elliot = await db.records.create({ label: 'STAR', data: { name: 'Elliot' } });
  const wb = await db.records.create({ label: 'MAKER', data: { name: 'WB' } });
  await rawAttach(inception.id(), leo.id(), 'STARS_IN', { role: 'lead', billing: 1 });
  await rawAttach(inception.id(), elliot.id(), 'STARS_IN', { role: 'support', billing: 4 });
  await rawAttach(tenet.id(), elliot.id(), 'STARS_IN', { role: 'support', billing: 2 });
  await db.records.attach({ source: wb, target: [inception, tenet], options: { type: 'MADE' } });

  const lead = await db.relationships.find({
    source: { labels: ['FILM'], where: { title: 'Inception' } },
    target: { labels: ['STAR'] },
    where: { type: 'STARS_IN', role: 'lead' },
  });
  assert.equal(lead.total, 1);
  assert.equal(key(lead.data[0]), `${inception.id()}>${leo.id()}:STARS_IN`);
  assert.deepEqual(lead.data[0].properties, { role: 'lead', billing: 1 });

  const billed = await db.relationships.find({ where: { billing: { $gte: 2 } } });
  assert.deepEqual(billed.data.map((e) => e.targetId), [elliot.id(), elliot.id()]);
  const either = await db.relationships.find({ where: { $or: [{ role: 'lead' }, { type: 'MADE' }] } });
  assert.equal(either.total, 3);
  const toElliot = await db.relationships.find({ target: { where: { $id: elliot.id() } } });
  assert.deepEqual(toElliot.data.map(key).sort(), [`${inception.id()}>${elliot.id()}:STARS_IN`, `${tenet.id()}>${elliot.id()}:STARS_IN`].sort());
  const recent = await db.relationships.find({ source: { where: { name: 'WB' } }, target: { where: { year: { $gt: 2015 } } } });
  assert.deepEqual(recent.data.map(key), [`${wb.id()}>${tenet.id()}:MADE`]);
  const pointing = await db.relationships.find({ source: { labels: ['FILM'] }, where: { direction: 'in' } });
  assert.equal(pointing.total, 2);
  assert.ok(pointing.data.every((e) => e.sourceId === wb.id() && e.direction === 'in'));
  await rejectsWith(db.relationships.find({ where: { $id: leo.id() } }), 400);
});

test("relationships.find in RushDB's form pages with limit and skip, oldest first", T, async () => {
  const hub = await db.records.create({ label: 'NODE', data: { name: 'hub' } });
  for (const n of [0, 1, 2, 3, 4]) {
    const spoke = await db.records.create({ label: 'NODE', data: { name: `n${n}` } });
    await rawAttach(hub.id(), spoke.id(), 'LINKS', { n });
  }
  const query = { source: { where: { $id: hub.id() } }, orderBy: 'asc' };
  const first = await db.relationships.find({ ...query, limit: 2, skip: 0 });
  const rest = await db.relationships.find({ ...query, limit: 10, skip: 2 });
  assert.equal(first.total, 5);
  assert.deepEqual([...first.data, ...rest.data].map((e) => e.properties.n), [0, 1, 2, 3, 4]);
  const newest = await db.relationships.find({ ...query, orderBy: 'desc', limit: 1 });
  assert.deepEqual(newest.data[0].properties, { n: 4 });

});

test('labels.find (POST /labels/search) counts the matching records by label', T, async () => {
  await db.records.create({ label: 'FISH', data: { name: 'cod', sea: 'north' } });
  await db.records.create({ label: 'FISH', data: { name: 'tuna', sea: 'north' } });
  await db.records.create({ label: 'BIRD', data: { name: 'gull', sea: 'north' } });
  const res = await db.labels.find({ where: { sea: 'north' } });
  assert.deepEqual(res, { success: true, data: { FISH: 2, BIRD: 1 } });
  const fish = await db.labels.find({ labels: ['FISH'], where: { sea: 'north' } });
  assert.deepEqual(fish.data, { FISH: 2 });
});

test('properties.find, findById, values (POST /properties/{id}/values) and delete', T, async () => {
  for (const [name, year] of [['oak', 1990], ['elm', 2001], ['ash', 2001], ['yew', 1870]]) {
    await db.records.create({ label: 'TREE', data: { name, year } });
  }
  const found = await db.properties.find({ labels: ['TREE'] });
  assert.equal(found.success, true);
  const byName = Object.fromEntries(found.data.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(byName).sort(), ['name', 'year']);
  assert.equal(byName.year.type, 'number');

  const one = await db.properties.findById(byName.name.id);
  assert.equal(one.data.name, 'name');

  const names = await db.properties.values(byName.name.id, { query: 'e', orderBy: 'asc', limit: 10 });
  assert.deepEqual(names.data.values, ['elm', 'yew']);
  const years = await db.properties.values(byName.year.id, { orderBy: 'desc', limit: 2, skip: 0 });
  assert.deepEqual(years.data.values, [2001, 1990]);
  assert.equal(years.data.min, 1870);
  assert.equal(years.data.max, 2001);
  const frequent = await db.properties.values(byName.year.id);
  assert.equal(frequent.data.values[0], 2001);

  const removed = await db.properties.delete(byName.year.id);
  assert.equal(removed.success, true);
  const trees = await db.records.find({ labels: ['TREE'] });
  assert.ok(trees.data.every((r) => !('year' in r.data)));
  await rejectsWith(db.properties.findById(byName.year.id), 404);
});

test('transactions: writes in a rolled back one vanish, in a committed one stay', T, async () => {
  const tx = await db.tx.begin({ ttl: 20000 });
  assert.ok(tx.id);
  assert.equal((await db.tx.get(tx)).id, tx.id);
  const gone = await db.records.create({ label: 'DRAFT', data: { name: 'gone' } }, tx);
  const inside = await db.records.find({ labels: ['DRAFT'] }, tx);
  assert.equal(inside.total, 1);
  await tx.rollback();
  await rejectsWith(db.records.findById(gone.id()), 404);
  await rejectsWith(db.tx.get(tx), 404);

  const tx2 = await db.tx.begin();
  const kept = await db.records.create({ label: 'DRAFT', data: { name: 'kept' } }, tx2);
  const other = await db.records.create({ label: 'DRAFT', data: { name: 'also' } }, tx2);
  await db.records.attach({ source: kept, target: other, options: { type: 'NEXT' } }, tx2);
  const res = await db.tx.commit(tx2);
  assert.equal(res.success, true);
  assert.deepEqual(own((await db.records.findById(kept.id())).data), { name: 'kept' });
  assert.equal((await edges('DRAFT', 'kept')).total, 1);
});
