// The RushDB JavaScript SDK 1.8.0, unmodified, against relgraph: records in
// both body forms, search with operators and paging, deletes, export, a
// declared type, and the Model API. Run by handlers/rushdb_sdk_test.go.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { connect, own, rejectsWith, sdk, T, token, UNKNOWN_ID, UUID_V7 } from './harness.mjs';

let db;
before(async () => {
  db = await connect(token);
});

test('the client connects: its constructor reads GET /sdk/settings', T, async () => {
  const res = await db.settings.get();
  assert.equal(res.success, true);
  assert.equal(res.data.selfHosted, true);
});

test('records.create with a flat object sends {label, data} and stores the data', T, async () => {
  const before = Date.now() - 1000;
  const rec = await db.records.create({
    label: 'AUTHOR',
    data: { name: 'Ann', age: 41, rating: 4.5, active: true, nick: null, tags: ['a', 'b'], born: '1983-04-05T06:07:08Z' }
  });
  assert.ok(rec instanceof sdk.DBRecordInstance);
  assert.match(rec.id(), UUID_V7);
  assert.equal(rec.label(), 'AUTHOR');
  assert.ok(rec.date().getTime() >= before, 'the id is a UUIDv7 of now');
  assert.deepEqual(own(rec.data), { name: 'Ann', age: 41, rating: 4.5, active: true, nick: null, tags: ['a', 'b'], born: '1983-04-05T06:07:08Z' });
  assert.deepEqual(rec.proptypes(), {
    name: 'string', age: 'number', rating: 'number', active: 'boolean', nick: 'null', tags: 'string', born: 'string'
  });
  const again = await db.records.findById(rec.id());
  assert.deepEqual(again.data, rec.data);
});

test('records.create with property drafts sends {label, properties}: a datetime is typed', T, async () => {
  const rec = await db.records.create({
    label: 'BOOK',
    data: [
      { name: 'title', type: 'string', value: 'Dune' },
      { name: 'published', type: 'datetime', value: '1965-08-01T00:00:00Z' },
      { name: 'pages', type: 'number', value: 412 }
    ]
  });
  assert.deepEqual(own(rec.data), { title: 'Dune', published: '1965-08-01T00:00:00Z', pages: 412 });
  assert.deepEqual(rec.proptypes(), { title: 'string', published: 'datetime', pages: 'number' });
});

test('records.update merges (PATCH {label, data}), records.set replaces (PUT), and so do the instance methods', T, async () => {
  const rec = await db.records.create({ label: 'AUTHOR', data: { name: 'Bo', age: 30, city: 'Oslo' } });
  const updated = await db.records.update({ target: rec, label: 'AUTHOR', data: { age: 31 } });
  assert.deepEqual(own(updated.data), { name: 'Bo', age: 31, city: 'Oslo' });
  const set = await db.records.set({ target: rec.id(), label: 'AUTHOR', data: { name: 'Bo', age: 32 } });
  assert.deepEqual(own(set.data), { name: 'Bo', age: 32 });
  const viaInstance = await set.update({ city: 'Bergen' });
  assert.deepEqual(own(viaInstance.data), { name: 'Bo', age: 32, city: 'Bergen' });
  const replaced = await viaInstance.set({ name: 'Bo' });
  assert.deepEqual(own(replaced.data), { name: 'Bo' });
  assert.deepEqual(own((await db.records.findById(rec.id())).data), { name: 'Bo' });
});

test('records.find: operators, labels, orderBy, limit and skip, with total', T, async () => {
  for (const [name, score] of [['p1', 10], ['p2', 20], ['p3', 30], ['p4', 40], ['p5', 50]]) {
    await db.records.create({ label: 'PLAYER', data: { name, score, team: score > 25 ? 'red' : 'blue' } });
  }
  const page = await db.records.find({ labels: ['PLAYER'], where: { score: { $gte: 20 } }, orderBy: { score: 'asc' }, limit: 2, skip: 1 });
  assert.ok(page instanceof sdk.DBRecordsArrayInstance);
  assert.equal(page.total, 4);
  assert.deepEqual(page.data.map((r) => r.data.name), ['p3', 'p4']);

  const ors = await db.records.find({
    labels: ['PLAYER'],
    where: { $or: [{ name: { $startsWith: 'p1' } }, { team: 'red', score: { $lt: 35 } }] },
    orderBy: { name: 'desc' }
  });
  assert.deepEqual(ors.data.map((r) => r.data.name), ['p3', 'p1']);

  const ins = await db.records.find({ labels: ['PLAYER'], where: { name: { $in: ['p2', 'p5', 'nobody'] }, score: { $ne: 50 } } });
  assert.deepEqual(ins.data.map((r) => r.data.name), ['p2']);

  const contains = await db.records.find({ labels: ['PLAYER'], where: { team: { $contains: 'lu' }, $not: { score: 10 } } });
  assert.deepEqual(contains.data.map((r) => r.data.name), ['p2']);
});

test('records.findOne, findUniq and findById with a list', T, async () => {
  const a = await db.records.create({ label: 'CITY', data: { name: 'Rome', country: 'IT' } });
  const b = await db.records.create({ label: 'CITY', data: { name: 'Milan', country: 'IT' } });
  const one = await db.records.findOne({ labels: ['CITY'], where: { name: 'Milan' } });
  assert.equal(one.id(), b.id());
  const uniq = await db.records.findUniq({ labels: ['CITY'], where: { name: 'Rome' } });
  assert.equal(uniq.id(), a.id());
  await assert.rejects(db.records.findUniq({ labels: ['CITY'], where: { country: 'IT' } }), sdk.NonUniqueResultError);
  const both = await db.records.findById([a.id(), b.id()]);
  assert.equal(both.total, 2);
  assert.deepEqual(both.data.map((r) => r.data.name).sort(), ['Milan', 'Rome']);
  const none = await db.records.findOne({ labels: ['CITY'], where: { name: 'Atlantis' } });
  assert.equal(none.exists(), false);
});

test('records.find with an id searches the records related to it', T, async () => {
  const club = await db.records.create({ label: 'CLUB', data: { name: 'Chess' } });
  const m1 = await db.records.create({ label: 'MEMBER', data: { name: 'Cy', level: 2 } });
  const m2 = await db.records.create({ label: 'MEMBER', data: { name: 'Di', level: 5 } });
  await db.records.create({ label: 'MEMBER', data: { name: 'Ed', level: 9 } });
  await db.records.attach({ source: club, target: [m1, m2], options: { type: 'members' } });
  const found = await db.records.find({ id: club.id(), labels: ['MEMBER'], where: { level: { $gt: 3 } } });
  assert.deepEqual(found.data.map((r) => r.data.name), ['Di']);
});

test('records.delete by query (POST /records/delete) and deleteById, one or many', T, async () => {
  const ids = [];
  for (const n of [1, 2, 3, 4]) {
    ids.push((await db.records.create({ label: 'TEMP', data: { n } })).id());
  }
  const res = await db.records.delete({ labels: ['TEMP'], where: { n: { $lte: 2 } } });
  assert.equal(res.success, true);
  assert.match(res.data.message, /^2 records have been successfully deleted$/);
  await db.records.deleteById(ids[2]);
  await db.records.deleteById([ids[3]]);
  const left = await db.records.find({ labels: ['TEMP'] });
  assert.equal(left.total, 0);
  await rejectsWith(db.records.findById(ids[0]), 404);
  await assert.rejects(db.records.delete({ where: {} }), sdk.EmptyTargetError);
});

test('records.export answers the matching records as CSV', T, async () => {
  await db.records.create({ label: 'FRUIT', data: { name: 'apple', kg: 2 } });
  const res = await db.records.export({ labels: ['FRUIT'] });
  assert.equal(res.success, true);
  assert.ok(typeof res.data.dateTime === 'string');
  assert.match(res.data.fileContent, /apple/);
});

test('a declared type is enforced on the SDK\'s data writes', T, async () => {
  const ok = await db.records.create({ label: 'INVOICE', data: { ref: 'A-1', amount: 10 } });
  assert.equal(ok.data.amount, 10);
  await rejectsWith(db.records.create({ label: 'INVOICE', data: { ref: 'A-2', amount: 'ten' } }), 422);
  await rejectsWith(db.records.create({ label: 'INVOICE', data: { amount: 3 } }), 422);
  await rejectsWith(db.records.update({ target: ok, label: 'INVOICE', data: { amount: 'more' } }), 422);
  assert.equal((await db.records.findById(ok.id())).data.amount, 10);
});

test('Model: a uniq field is checked in a transaction around a search', T, async () => {
  const Writer = new sdk.Model('WRITER', { name: { type: 'string', uniq: true }, status: { type: 'string', default: 'active' } });
  const w = await Writer.create({ name: 'Le Guin' });
  assert.deepEqual(own(w.data), { name: 'Le Guin', status: 'active' });
  await assert.rejects(Writer.create({ name: 'Le Guin' }), sdk.UniquenessError);
  const found = await Writer.find({ where: { name: 'Le Guin' } });
  assert.equal(found.total, 1);
  const byId = await Writer.findById(w.id());
  assert.equal(byId.id(), w.id());
  await rejectsWith(db.records.findById(UNKNOWN_ID), 404);
});

test('records.find with aggregate: the JavaScript SDK form of select, per record', T, async () => {
  for (const [name, goals] of [['s1', 3], ['s2', 5]]) {
    await db.records.create({ label: 'SCORER', data: { name, goals } });
  }
  const res = await db.records.find({
    labels: ['SCORER'],
    where: { goals: { $gte: 4 } },
    aggregate: { count: { fn: 'count', alias: '$record' }, who: '$record.name', most: { fn: 'max', field: 'goals', alias: '$record' } }
  });
  assert.equal(res.total, 1);
  assert.equal(res.data.length, 1);
  const row = res.data[0].data;
  assert.equal(row.name, 's2');
  assert.equal(row.who, 's2');
  assert.equal(row.count, 1);
  assert.equal(row.most, 5);
  await rejectsWith(db.records.find({ labels: ['SCORER'], aggregate: { n: { fn: 'count', alias: '$team' } } }), 400);
});

test('records.find with aggregate over a related record\'s $alias, and $relation hops', T, async () => {
  const club = await db.records.create({ label: 'CLUB', data: { name: 'Reds' } });
  const players = [];
  for (const [name, goals] of [['p1', 3], ['p2', 5]]) {
    players.push(await db.records.create({ label: 'PLAYER', data: { name, goals } }));
  }
  await db.records.attach({ source: club, target: players, options: { type: 'FIELDS', direction: 'out' } });
  const res = await db.records.find({
    labels: ['CLUB'],
    where: { PLAYER: { $alias: '$player', $relation: { type: 'FIELDS', direction: 'out' } } },
    aggregate: {
      players: { fn: 'count', alias: '$player' },
      goals: { fn: 'sum', field: 'goals', alias: '$player' },
      names: { fn: 'collect', field: 'name', alias: '$player' }
    }
  });
  assert.equal(res.total, 1);
  const row = res.data[0].data;
  assert.equal(row.name, 'Reds');
  assert.equal(row.players, 2);
  assert.equal(row.goals, 8);
  assert.deepEqual([...row.names].sort(), ['p1', 'p2']);
  const far = await db.records.find({
    labels: ['PLAYER'],
    where: { CLUB: { $relation: { type: 'FIELDS', direction: 'in', hops: { max: 2 } }, name: 'Reds' }, goals: { $type: 'number' } }
  });
  assert.equal(far.total, 2);
  await rejectsWith(db.records.find({ labels: ['CLUB'], aggregate: { n: { fn: 'count', alias: '$nobody' } } }), 400);
});
