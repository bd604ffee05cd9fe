// The RushDB JavaScript SDK 1.8.0, unmodified, against relgraph: its bulk
// write, records.createMany ({label, data, options} to POST
// /records/import/json), the Model's createMany, and upserts through the
// options records.create and createMany forward as they are. (1.8.0 has no
// records.upsert, CSV import or relationships.createMany of its own: the
// Python SDK's suite covers those routes.) Run by
// handlers/rushdb_sdk_test.go.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { connect, own, rejectsWith, sdk, T, token, UUID_V7 } from './harness.mjs';

let db;
before(async () => {
  db = await connect(token);
});

const names = (result) => result.data.map((r) => r.data.name).sort();

test('records.createMany sends {label, data} and creates one record per object', T, async () => {
  const res = await db.records.createMany({ label: 'JS_ROW', data: [{ name: 'Ann', age: 30, vip: true }, { name: 'Bo', tags: ['a'] }] });
  assert.ok(res instanceof sdk.DBRecordsArrayInstance);
  assert.equal(res.total, 2);
  assert.ok(res.data.every((r) => r instanceof sdk.DBRecordInstance && UUID_V7.test(r.id()) && r.label() === 'JS_ROW'));
  assert.deepEqual(res.data.map((r) => own(r.data)), [{ name: 'Ann', age: 30, vip: true }, { name: 'Bo', tags: ['a'] }]);
  assert.deepEqual(names(await db.records.find({ labels: ['JS_ROW'] })), ['Ann', 'Bo']);
});

test('records.createMany with a nested object makes linked children', T, async () => {
  const res = await db.records.createMany({ label: 'JS_COMPANY', data: { name: 'Acme', staff: [{ name: 'Ann' }, { name: 'Bo' }] } });
  assert.equal(res.total, 3);
  assert.deepEqual(res.data.map((r) => r.label()), ['JS_COMPANY', 'staff', 'staff']);
  const staff = await db.records.find({ labels: ['staff'], where: { JS_COMPANY: { $relation: { type: 'staff', direction: 'in' }, name: 'Acme' } } });
  assert.deepEqual(names(staff), ['Ann', 'Bo']);
});

test('records.createMany carries out its options: returnResult false, suggestTypes false', T, async () => {
  const counted = await db.records.createMany({ label: 'JS_COUNT', data: [{ name: 'x' }, { name: 'y' }], options: { returnResult: false } });
  assert.equal(counted.total, 2);
  assert.equal(counted.data.length, 0);
  const strings = await db.records.createMany({ label: 'JS_STR', data: [{ name: 'z', n: 1.5 }], options: { suggestTypes: false, returnResult: true } });
  assert.deepEqual(own(strings.data[0].data), { name: 'z', n: '1.5' });
});

test('records.createMany with relationshipType tags the edges to the children with it', T, async () => {
  const res = await db.records.createMany({ label: 'JS_OWNER', data: { name: 'Ann', pets: [{ name: 'Rex' }] }, options: { relationshipType: 'OWNS' } });
  assert.equal(res.total, 2);
  const owned = await db.records.find({ labels: ['pets'], where: { JS_OWNER: { $relation: { type: 'OWNS', direction: 'in' }, name: 'Ann' } } });
  assert.deepEqual(names(owned), ['Rex']);
});

test('records.createMany refuses an option relgraph does not carry out, and writes nothing', T, async () => {
  await rejectsWith(db.records.createMany({ label: 'JS_BAD', data: [{ name: 'x' }], options: { castNumberArraysToVectors: true } }), 400);
  await rejectsWith(db.records.createMany({ label: 'JS_BAD', data: [{ name: 'x' }], options: { capitalizeLabels: true } }), 400);
  assert.equal((await db.records.find({ labels: ['JS_BAD'] })).total, 0);
});

test('records.createMany upserts when its options carry mergeBy and mergeStrategy', T, async () => {
  await db.records.createMany({ label: 'JS_UPS', data: [{ code: 'a', n: 1, keep: 'yes' }, { code: 'b', n: 1 }] });
  const appended = await db.records.createMany({ label: 'JS_UPS', data: [{ code: 'a', n: 2 }, { code: 'c', n: 2 }], options: { mergeBy: ['code'] } });
  assert.equal(appended.total, 2);
  const rewritten = await db.records.createMany({ label: 'JS_UPS', data: [{ code: 'b', n: 3 }], options: { mergeBy: ['code'], mergeStrategy: 'rewrite' } });
  assert.equal(rewritten.total, 1);
  const rows = await db.records.find({ labels: ['JS_UPS'], orderBy: { code: 'asc' } });
  assert.deepEqual(rows.data.map((r) => own(r.data)), [{ code: 'a', n: 2, keep: 'yes' }, { code: 'b', n: 3 }, { code: 'c', n: 2 }]);
});

test('records.createMany into a declared type obeys it, all or nothing', T, async () => {
  const ok = await db.records.createMany({ label: 'INVOICE', data: [{ ref: 'JS-1', amount: 1 }] });
  assert.equal(ok.total, 1);
  await rejectsWith(db.records.createMany({ label: 'INVOICE', data: [{ ref: 'JS-2' }, { amount: 2 }] }), 422);
  assert.equal((await db.records.find({ labels: ['INVOICE'], where: { ref: 'JS-2' } })).total, 0);
});

test('Model.createMany checks uniq fields in a transaction, then imports', T, async () => {
  const Tag = new sdk.Model('JS_TAG', { name: { type: 'string', uniq: true }, color: { type: 'string', default: 'grey' } });
  const res = await Tag.createMany([{ name: 'red', color: 'red' }, { name: 'plain' }]);
  assert.equal(res.total, 2);
  assert.deepEqual(res.data.map((r) => own(r.data)), [{ name: 'red', color: 'red' }, { name: 'plain', color: 'grey' }]);
  await assert.rejects(Tag.createMany([{ name: 'red' }]), sdk.UniquenessError);
  assert.equal((await Tag.find({})).total, 2);
});

test('records.create forwards options.mergeBy and mergeStrategy: an upsert, append or rewrite', T, async () => {
  const first = await db.records.create({ label: 'JS_PERSON', data: { email: 'ann@example.com', name: 'Ann', city: 'Oslo' }, options: { mergeBy: ['email'] } });
  const appended = await db.records.create({ label: 'JS_PERSON', data: { email: 'ann@example.com', name: 'Ann B' }, options: { mergeBy: ['email'], mergeStrategy: 'append' } });
  assert.equal(appended.id(), first.id());
  assert.deepEqual(own(appended.data), { email: 'ann@example.com', name: 'Ann B', city: 'Oslo' });
  const rewritten = await db.records.create({ label: 'JS_PERSON', data: { email: 'ann@example.com', name: 'Ann C' }, options: { mergeBy: ['email'], mergeStrategy: 'rewrite' } });
  assert.equal(rewritten.id(), first.id());
  assert.deepEqual(own((await db.records.findById(first.id())).data), { email: 'ann@example.com', name: 'Ann C' });
  assert.equal((await db.records.find({ labels: ['JS_PERSON'] })).total, 1);
  await rejectsWith(db.records.create({ label: 'JS_PERSON', data: { name: 'x' }, options: { mergeBy: ['email'] } }), 400);
});
