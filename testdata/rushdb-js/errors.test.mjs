// The RushDB JavaScript SDK 1.8.0, unmodified, against relgraph: errors,
// tokens and project isolation. Several clients live here, so only their
// API methods are used: a record instance's own methods go through the
// last client made. Run by handlers/rushdb_sdk_test.go.
//
// The SDK throws `new Error(String(status))` on any non-2xx answer without
// reading the body, so its errors show the status only; relgraph's message
// (top level and under error) is in the body it drops.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { connect, otherToken, readToken, rejectsWith, T, token, UNKNOWN_ID } from './harness.mjs';

let db, reader, other;
before(async () => {
  db = await connect(token);
  reader = await connect(readToken);
  other = await connect(otherToken);
});

test('errors come back as the SDK\'s status errors: 400, 401, 403, 404', T, async () => {
  await rejectsWith(db.records.find({ labels: ['ERR'], limit: 5000 }), 400);
  await rejectsWith(db.records.find({ where: { age: { $near: 3 } } }), 400);
  await rejectsWith(db.records.create({ label: 'two words', data: { a: 1 } }), 400);
  await rejectsWith(db.records.findById(UNKNOWN_ID), 404);
  const stranger = await connect('not-a-token');
  await rejectsWith(stranger.records.find({}), 401);
});

test('a read token reads but cannot write', T, async () => {
  const rec = await db.records.create({ label: 'NOTE', data: { text: 'hi' } });
  const seen = await reader.records.findById(rec.data.__id);
  assert.equal(seen.data.text, 'hi');
  await rejectsWith(reader.records.create({ label: 'NOTE', data: { text: 'no' } }), 403);
  await rejectsWith(reader.records.update({ target: rec.data.__id, label: 'NOTE', data: { text: 'no' } }), 403);
  await rejectsWith(reader.records.delete({ labels: ['NOTE'], where: { text: 'hi' } }), 403);
});

test('projects are isolated: another project\'s token sees, finds, links and deletes nothing of this one', T, async () => {
  const mine = await db.records.create({ label: 'SECRET', data: { code: 42 } });
  const theirs = await other.records.create({ label: 'SECRET', data: { code: 7 } });
  await rejectsWith(other.records.findById(mine.data.__id), 404);
  const found = await other.records.find({ labels: ['SECRET'] });
  assert.deepEqual(found.data.map((r) => r.data.code), [7]);
  const labels = await other.labels.find({ where: { code: 42 } });
  assert.deepEqual(labels.data, {});
  await rejectsWith(other.records.attach({ source: theirs.data.__id, target: mine.data.__id, options: { type: 'STEALS' } }), 404);
  await rejectsWith(other.records.update({ target: mine.data.__id, label: 'SECRET', data: { code: 0 } }), 404);
  await other.records.delete({ labels: ['SECRET'], where: { code: { $gte: 0 } } });
  assert.equal((await db.records.findById(mine.data.__id)).data.code, 42);
  const props = await other.properties.find({ labels: ['SECRET'] });
  assert.deepEqual(props.data, []);
});

test('projects are isolated: another project\'s relationship search sees none of this one\'s edges', T, async () => {
  const a = await db.records.create({ label: 'VAULT', data: { code: 1 } });
  const b = await db.records.create({ label: 'VAULT', data: { code: 2 } });
  await db.records.attach({ source: a.data.__id, target: b.data.__id, options: { type: 'GUARDS' } });
  const mine = await db.relationships.find({ where: { type: 'GUARDS' } });
  assert.equal(mine.total, 1);
  for (const query of [{ where: { type: 'GUARDS' } }, { source: { where: { $id: a.data.__id } } }, { target: { where: { $id: b.data.__id } } }, { labels: ['VAULT'] }]) {
    const theirs = await other.relationships.find(query);
    assert.equal(theirs.total, 0, JSON.stringify(query));
  }
});
