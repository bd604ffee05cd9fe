'use strict';
// End-to-end test of relgraph against the unmodified Collect JavaScript SDK
// 0.30.0. Run by handlers/sdk_test.go (TestCollectSDK), which
// starts relgraph on a loopback port with a fresh project and passes:
//   RELGRAPH_HOST, RELGRAPH_PORT  where relgraph listens
//   RELGRAPH_TOKEN                a write token of the project
//   RELGRAPH_READ_TOKEN           (optional) a read token of the same project
//   RELGRAPH_OTHER_TOKEN          (optional) a write token of another project
//   RELGRAPH_SDK_BUILD            (optional) "node" or "worker": the SDK build
//                                 `require` must resolve to (the worker build
//                                 is picked with NODE_OPTIONS=--conditions=worker)
// The SDK throws `new Error(String(status))` on any non-2xx answer.
//
// The properties API and records.export are covered by properties.test.cjs;
// findUniq and model.findById are not covered.

const { test } = require('node:test');
const assert = require('node:assert/strict');

// The CommonJS build: the ESM build has a broken directory import.
const {
  Collect,
  CollectModel,
  CollectRecordInstance,
  CollectRecordsArrayInstance,
  CollectTransaction,
  idToDate
} = require('@collect.so/javascript-sdk');

const readToken = process.env.RELGRAPH_READ_TOKEN;
const otherToken = process.env.RELGRAPH_OTHER_TOKEN;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const { host, port, token, build, collect, T, rejectsWith } = require('./harness.cjs');

// create makes a record through the SDK and returns its data.
async function create(label, data) {
  const rec = await collect.records.create(label, data);
  assert.ok(rec instanceof CollectRecordInstance);
  assert.ok(rec.data, 'records.create returned no data');
  return rec.data;
}

// reread fetches a record's current state through the SDK.
async function reread(id) {
  const rec = await collect.records.findById(id);
  assert.ok(rec instanceof CollectRecordInstance);
  return rec.data;
}

// edges lists a record's relations through the SDK, checking the envelope.
async function edges(id) {
  const res = await collect.records.relations(id);
  assert.equal(res.success, true);
  assert.ok(Array.isArray(res.data), 'relations data is not an array');
  assert.equal(res.total, res.data.length, 'total counts the edges of the page');
  return res.data;
}

// key names one edge as seen from a record: "source>target:type/direction".
const key = (source, target, type, direction) => `${source}>${target}:${type}/${direction}`;

// edgeKeys lists a record's edges as sorted keys.
async function edgeKeys(id) {
  return (await edges(id)).map((e) => key(e.sourceId, e.targetId, e.type, e.direction)).sort();
}

function attachedMessage(id) {
  return { success: true, data: { message: `Relations to Record ${id} have been successfully created` } };
}

function detachedMessage(id) {
  return { success: true, data: { message: `Relations to Record ${id} have been successfully deleted` } };
}

test('records.create returns the record: UUIDv7 __id, __label, __proptypes, values', T, async () => {
  const before = Date.now();
  const rec = await collect.records.create('companies', {
    name: 'Acme',
    employees: 42,
    revenue: 1.5,
    active: true,
    closed: null,
    tags: ['b2b', 'saas'],
    scores: [1, 2, 3],
    empty: [],
    since: '2020-01-02T03:04:05Z'
  });
  const after = Date.now();
  assert.ok(rec instanceof CollectRecordInstance);
  const d = rec.data;

  assert.match(d.__id, UUID_V7, '__id must be a UUIDv7');
  const created = idToDate(d.__id).getTime();
  assert.ok(created >= before - 2000 && created <= after + 2000, `idToDate(__id) = ${new Date(created).toISOString()} is not the creation time`);
  assert.equal(d.__label, 'companies');
  assert.deepEqual(d.__proptypes, {
    name: 'string',
    employees: 'number',
    revenue: 'number',
    active: 'boolean',
    closed: 'null',
    tags: 'string',
    scores: 'number',
    empty: 'string',
    // The SDK 0.30.0 never infers datetime (its ISO 8601 regex is broken), so
    // it declares this one a string, and relgraph keeps the declared type.
    since: 'string'
  });
  assert.deepEqual(d, {
    __id: d.__id,
    __label: 'companies',
    __proptypes: d.__proptypes,
    name: 'Acme',
    employees: 42,
    revenue: 1.5,
    active: true,
    closed: null,
    tags: ['b2b', 'saas'],
    scores: [1, 2, 3],
    empty: [],
    since: '2020-01-02T03:04:05Z'
  });

  // The stored state is what create answered.
  assert.deepEqual(await reread(d.__id), d);

  // Ids are time-ordered UUIDv7s, unique per record.
  const next = await create('companies', { name: 'Acme' });
  assert.match(next.__id, UUID_V7);
  assert.notEqual(next.__id, d.__id);
  assert.ok(next.__id > d.__id, 'a later record has a later UUIDv7');
  assert.equal(next.__label, 'companies');
  assert.deepEqual(next.__proptypes, { name: 'string' });

  // Property names are free text (spaces, punctuation, any script).
  const odd = { 'first name': 'Ada', 'e-mail': 'ada@example.com', Größe: 1.7, 'a`b': 'tick', "it's": 'quote', 'x.y': true };
  const oddRec = await create('people', odd);
  assert.deepEqual(
    oddRec.__proptypes,
    { 'first name': 'string', 'e-mail': 'string', Größe: 'number', 'a`b': 'string', "it's": 'string', 'x.y': 'boolean' }
  );
  assert.deepEqual(await reread(oddRec.__id), { __id: oddRec.__id, __label: 'people', __proptypes: oddRec.__proptypes, ...odd });

  // A record with no properties.
  const bare = await create('people', {});
  assert.deepEqual(bare, { __id: bare.__id, __label: 'people', __proptypes: {} });
  assert.deepEqual(await reread(bare.__id), bare);

  // A label that is not a type id is refused.
  await rejectsWith(collect.records.create('not a label', { name: 'x' }), 400);
});

test('records.findById with one id and with a list of ids', T, async () => {
  const a = await create('people', { name: 'Ada', age: 36 });
  const b = await create('people', { name: 'Bob' });
  const c = await create('pets', { name: 'Cat', lives: 9 });

  const one = await collect.records.findById(a.__id);
  assert.ok(one instanceof CollectRecordInstance);
  assert.deepEqual(one.data, a);

  const many = await collect.records.findById([c.__id, UNKNOWN_ID, a.__id]);
  assert.ok(many instanceof CollectRecordsArrayInstance);
  assert.deepEqual(many.data, [c, a], 'records in the order asked, unknown ids left out');
  assert.equal(many.total, 2);

  const none = await collect.records.findById([UNKNOWN_ID]);
  assert.deepEqual(none.data, []);
  assert.equal(none.total, 0);

  assert.deepEqual((await collect.records.findById([b.__id])).data, [b]);
  await rejectsWith(collect.records.findById(UNKNOWN_ID), 404);
});

test('records.update merges, records.set replaces', T, async () => {
  const rec = await create('contacts', { name: 'Ann', city: 'Berlin', age: 30 });
  const id = rec.__id;

  const updated = await collect.records.update(id, { city: 'Paris', email: 'ann@example.com' });
  assert.ok(updated instanceof CollectRecordInstance);
  const merged = {
    __id: id,
    __label: 'contacts',
    __proptypes: { name: 'string', city: 'string', age: 'number', email: 'string' },
    name: 'Ann',
    city: 'Paris',
    age: 30,
    email: 'ann@example.com'
  };
  assert.deepEqual(updated.data, merged);
  assert.deepEqual(await reread(id), merged);

  // A property updated to null stays, with the null type.
  const nulled = await collect.records.update(id, { age: null });
  assert.equal(nulled.data.age, null);
  assert.equal(nulled.data.__proptypes.age, 'null');
  assert.equal(nulled.data.city, 'Paris');
  assert.deepEqual(await reread(id), nulled.data);

  // A value can change type on update.
  const retyped = await collect.records.update(id, { age: 31 });
  assert.equal(retyped.data.age, 31);
  assert.equal(retyped.data.__proptypes.age, 'number');

  const replaced = await collect.records.set(id, { name: 'Ann B.', score: 7, vip: false });
  assert.ok(replaced instanceof CollectRecordInstance);
  const only = {
    __id: id,
    __label: 'contacts',
    __proptypes: { name: 'string', score: 'number', vip: 'boolean' },
    name: 'Ann B.',
    score: 7,
    vip: false
  };
  assert.deepEqual(replaced.data, only, 'city, age and email are gone after set');
  assert.deepEqual(await reread(id), only);

  await rejectsWith(collect.records.update(UNKNOWN_ID, { x: 1 }), 404);
  await rejectsWith(collect.records.set(UNKNOWN_ID, { x: 1 }), 404);
});

test('datetime values through the SDK low-level api (explicit type)', T, async () => {
  // The flat-object helpers never send "datetime" (see above); the SDK's
  // public `api` sends a {properties:[{name,type,value}]} body as given.
  const rec = await create('events', { name: 'Launch' });
  const id = rec.__id;
  const res = await collect.api.records.update(id, {
    properties: [
      { name: 'startsAt', type: 'datetime', value: '2021-03-04T05:06:07.123Z' },
      {
        name: 'endsAt',
        type: 'datetime',
        value: { $year: 2022, $month: 2, $day: 3, $hour: 4, $minute: 5, $second: 6, $millisecond: 7, $microsecond: 0, $nanosecond: 0 }
      }
    ]
  });
  assert.equal(res.success, true);
  for (const d of [res.data, await reread(id)]) {
    assert.equal(d.name, 'Launch');
    assert.equal(d.__proptypes.startsAt, 'datetime');
    assert.equal(d.__proptypes.endsAt, 'datetime');
    assert.equal(typeof d.startsAt, 'string');
    assert.equal(Date.parse(d.startsAt), Date.parse('2021-03-04T05:06:07.123Z'));
    assert.equal(Date.parse(d.endsAt), Date.parse('2022-02-03T04:05:06.007Z'));
  }

  // A wrongly typed value is refused and changes nothing.
  await rejectsWith(
    collect.api.records.update(id, { properties: [{ name: 'startsAt', type: 'datetime', value: 'not a date' }] }),
    400
  );
  assert.equal(Date.parse((await reread(id)).startsAt), Date.parse('2021-03-04T05:06:07.123Z'));
});

test('a datetime string with a UTC offset is stored as that instant', T, async () => {
  // A datetime may come as any ISO 8601 string (docs/api.md, Records).
  const id = (await create('events', { name: 'Offset' })).__id;
  let written;
  let failure;
  try {
    written = await collect.api.records.update(id, {
      properties: [{ name: 'startsAt', type: 'datetime', value: '2021-03-04T07:06:07.123+02:00' }]
    });
  } catch (err) {
    failure = err;
  }
  // Whatever the write answered, the service must stay usable: the next
  // request answers normally.
  const next = await collect.records.findById(id).then((r) => r.data, (err) => err);
  const problems = [];
  if (failure) {
    problems.push(`PATCH /records/{id} with datetime "2021-03-04T07:06:07.123+02:00" answered ${failure.message}, expected 200`);
  }
  if (next instanceof Error) {
    problems.push(`the request after it (GET /records/{id}) answered ${next.message}: a failed write broke a later request`);
  }
  assert.deepEqual(problems, []);
  for (const d of [written.data, next]) {
    assert.equal(d.__proptypes.startsAt, 'datetime');
    assert.equal(Date.parse(d.startsAt), Date.parse('2021-03-04T05:06:07.123Z'));
  }
});

test('records.attach with an id, a list of ids, record instances and records; records.relations', T, async () => {
  const company = await collect.records.create('companies', { name: 'Globex' });
  const c = company.data.__id;
  const e = [];
  for (const name of ['Hank', 'Homer', 'Lenny', 'Carl']) {
    e.push(await collect.records.create('employees', { name }));
  }
  const [e1, e2, e3, e4] = e.map((r) => r.data.__id);

  // One id.
  assert.deepEqual(await collect.records.attach(c, e1, { type: 'employees' }), attachedMessage(c));
  // A list of ids.
  assert.deepEqual(await collect.records.attach(c, [e2, e3], { type: 'employees', direction: 'out' }), attachedMessage(c));
  // A list of record instances.
  assert.deepEqual(await collect.records.attach(c, [e[3]], { type: 'employees' }), attachedMessage(c));
  // One record instance, stored target -> source.
  assert.deepEqual(await collect.records.attach(c, e[0], { type: 'mentor', direction: 'in' }), attachedMessage(c));
  // A plain record object, no type: the edge is tagged "links".
  assert.deepEqual(await collect.records.attach(company, e[1].data), attachedMessage(c));

  const fromCompany = await edges(c);
  assert.equal(fromCompany.length, 6);
  assert.deepEqual(
    fromCompany.map((x) => key(x.sourceId, x.targetId, x.type, x.direction)).sort(),
    [
      key(c, e1, 'employees', 'out'),
      key(c, e2, 'employees', 'out'),
      key(c, e3, 'employees', 'out'),
      key(c, e4, 'employees', 'out'),
      key(e1, c, 'mentor', 'in'),
      key(c, e2, 'links', 'out')
    ].sort()
  );
  for (const x of fromCompany) {
    assert.equal(x.property, x.type, 'property repeats the relation type');
    const outgoing = x.sourceId === c;
    assert.equal(outgoing ? x.sourceLabel : x.targetLabel, 'companies');
    assert.equal(outgoing ? x.targetLabel : x.sourceLabel, 'employees');
    assert.equal(typeof x.title, 'string');
    assert.ok(x.title.length > 0, 'every edge carries the title of its other end');
  }

  // The same edges seen from the other end.
  assert.deepEqual(await edgeKeys(e1), [key(c, e1, 'employees', 'in'), key(e1, c, 'mentor', 'out')].sort());
  assert.deepEqual(await edgeKeys(e2), [key(c, e2, 'employees', 'in'), key(c, e2, 'links', 'in')].sort());
  assert.deepEqual(await edgeKeys(e4), [key(c, e4, 'employees', 'in')]);

  // Attach is idempotent.
  await collect.records.attach(c, [e1, e2], { type: 'employees' });
  assert.equal((await edges(c)).length, 6);

  // An unknown target: 404, nothing written.
  await rejectsWith(collect.records.attach(c, [e3, UNKNOWN_ID], { type: 'friends' }), 404);
  assert.equal((await edges(c)).length, 6);
  assert.deepEqual(await edgeKeys(e3), [key(c, e3, 'employees', 'in')]);
  // An unknown source: 404.
  await rejectsWith(collect.records.attach(UNKNOWN_ID, e1, { type: 'employees' }), 404);
  await rejectsWith(collect.records.relations(UNKNOWN_ID), 404);
});

test('records.detach with typeOrTypes and direction', T, async () => {
  const c = (await create('companies', { name: 'Initech' })).__id;
  const a = (await create('employees', { name: 'Peter' })).__id;
  const bRec = await collect.records.create('employees', { name: 'Milton' });
  const b = bRec.data.__id;
  const x = (await create('employees', { name: 'Samir' })).__id;

  await collect.records.attach(c, [a, b, x], { type: 'employees' });
  await collect.records.attach(c, [a, x], { type: 'links' });
  await collect.records.attach(c, b, { type: 'mentor', direction: 'in' });
  assert.equal((await edges(c)).length, 6);

  // One type: only that property's edge goes.
  assert.deepEqual(await collect.records.detach(c, a, { typeOrTypes: 'employees' }), detachedMessage(c));
  assert.deepEqual(await edgeKeys(a), [key(c, a, 'links', 'in')]);

  // The mentor edge is stored b -> c: detaching direction "out" leaves it.
  await collect.records.detach(c, [b], { typeOrTypes: ['mentor'], direction: 'out' });
  assert.deepEqual(await edgeKeys(b), [key(c, b, 'employees', 'in'), key(b, c, 'mentor', 'out')].sort());
  // Direction "in" with two types removes the incoming mentor edge only.
  await collect.records.detach(c, [b], { typeOrTypes: ['mentor', 'employees'], direction: 'in' });
  assert.deepEqual(await edgeKeys(b), [key(c, b, 'employees', 'in')]);
  // A record instance, no options: every property, both directions.
  assert.deepEqual(await collect.records.detach(c, bRec), detachedMessage(c));
  assert.deepEqual(await edgeKeys(b), []);

  // Several ids, no options: everything between the pairs goes.
  assert.deepEqual(await collect.records.detach(c, [a, x]), detachedMessage(c));
  assert.deepEqual(await edges(c), []);
  assert.deepEqual(await edges(a), []);
  assert.deepEqual(await edges(x), []);

  // Detaching what is not linked is not an error.
  assert.deepEqual(await collect.records.detach(c, a, { typeOrTypes: 'employees' }), detachedMessage(c));
  // The records themselves are untouched.
  assert.equal((await reread(a)).name, 'Peter');
});

test('records.properties lists each property with its type', T, async () => {
  const rec = await create('gadgets', { name: 'Widget', weight: 2.5, inStock: false, discontinued: null, sizes: ['S', 'M'] });
  const res = await collect.records.properties(rec.__id);
  assert.equal(res.success, true);
  const props = res.data.map(({ name, type }) => ({ name, type })).sort((p, q) => p.name.localeCompare(q.name));
  assert.deepEqual(props, [
    { name: 'discontinued', type: 'null' },
    { name: 'inStock', type: 'boolean' },
    { name: 'name', type: 'string' },
    { name: 'sizes', type: 'string' },
    { name: 'weight', type: 'number' }
  ]);

  // The list follows the record's current state, and a record instance works too.
  const replaced = await collect.records.set(rec.__id, { title: 'W2' });
  const after = await collect.records.properties(replaced);
  assert.deepEqual(after.data.map(({ name, type }) => ({ name, type })), [{ name: 'title', type: 'string' }]);

  await rejectsWith(collect.records.properties(UNKNOWN_ID), 404);
});

test('records.deleteById removes the record and its edges', T, async () => {
  const a = (await create('nodes', { name: 'A' })).__id;
  const b = (await create('nodes', { name: 'B' })).__id;
  await collect.records.attach(a, b, { type: 'next' });
  await collect.records.attach(b, a, { type: 'next' });
  assert.equal((await edges(b)).length, 2);

  const res = await collect.records.deleteById(a);
  assert.equal(res.success, true);
  assert.equal(typeof res.data.message, 'string');
  assert.ok(res.data.message.includes(a), `delete message names the record: ${res.data.message}`);

  await rejectsWith(collect.records.findById(a), 404);
  await rejectsWith(collect.records.relations(a), 404);
  await rejectsWith(collect.records.deleteById(a), 404);
  assert.deepEqual(await edges(b), [], 'the edges of a deleted record are gone');
  const left = await collect.records.findById([a, b]);
  assert.deepEqual(left.data.map((r) => r.__id), [b]);
});

test('CollectRecordInstance methods: update, set, attach, detach, delete', T, async () => {
  const inst = await collect.records.create('projects', { name: 'Apollo', stage: 'draft' });
  const id = inst.data.__id;
  const dep = await collect.records.create('projects', { name: 'Gemini' });
  const d = dep.data.__id;

  const updated = await inst.update({ stage: 'live', budget: 100 });
  assert.ok(updated instanceof CollectRecordInstance);
  assert.deepEqual(
    { name: updated.data.name, stage: updated.data.stage, budget: updated.data.budget },
    { name: 'Apollo', stage: 'live', budget: 100 }
  );
  assert.equal(updated.data.__id, id);

  const replaced = await inst.set({ name: 'Apollo 11' });
  assert.deepEqual(replaced.data, { __id: id, __label: 'projects', __proptypes: { name: 'string' }, name: 'Apollo 11' });
  assert.deepEqual(await reread(id), replaced.data);

  assert.deepEqual(await inst.attach(dep, { type: 'dependsOn' }), attachedMessage(id));
  assert.deepEqual(await inst.attach([d], { type: 'links', direction: 'in' }), attachedMessage(id));
  assert.deepEqual(await edgeKeys(id), [key(id, d, 'dependsOn', 'out'), key(d, id, 'links', 'in')].sort());

  assert.deepEqual(await inst.detach(dep, { typeOrTypes: 'dependsOn' }), detachedMessage(id));
  assert.deepEqual(await edgeKeys(id), [key(d, id, 'links', 'in')]);

  // Instances read back by findById have the same methods.
  const found = await collect.records.findById(d);
  assert.deepEqual(await found.detach(id), detachedMessage(d));
  assert.deepEqual(await edges(id), []);
  await found.attach(inst, { type: 'blocks' });
  assert.deepEqual(await edgeKeys(id), [key(d, id, 'blocks', 'in')]);

  const del = await inst.delete();
  assert.equal(del.success, true);
  await rejectsWith(collect.records.findById(id), 404);
  assert.deepEqual(await edges(d), []);
  await rejectsWith(inst.update({ stage: 'gone' }), 404);
});

test('CollectModel (no uniq fields): create with defaults, update, set, attach, detach, deleteById', T, async () => {
  const tickets = new CollectModel(
    'tickets',
    { title: { type: 'string' }, status: { type: 'string', default: 'open' }, points: { type: 'number' } },
    collect
  );
  assert.ok(collect.getModel('tickets'));

  const t1 = await tickets.create({ title: 'Crash on start', points: 3 });
  assert.ok(t1 instanceof CollectRecordInstance);
  assert.match(t1.data.__id, UUID_V7);
  assert.equal(t1.data.__label, 'tickets');
  assert.equal(t1.data.status, 'open', 'the schema default is sent');
  const t2 = await tickets.create({ title: 'Slow search', status: 'triage' });

  const u = await tickets.update(t1.data.__id, { points: 5 });
  assert.deepEqual({ title: u.data.title, status: u.data.status, points: u.data.points }, { title: 'Crash on start', status: 'open', points: 5 });
  const s = await tickets.set(t2.data.__id, { title: 'Slow search v2' });
  assert.deepEqual(s.data.__proptypes, { title: 'string', status: 'string' }, 'set sends the defaults too');
  assert.equal(s.data.status, 'open');

  await tickets.attach(t1.data.__id, t2, { type: 'duplicates' });
  assert.deepEqual(await edgeKeys(t1.data.__id), [key(t1.data.__id, t2.data.__id, 'duplicates', 'out')]);
  await tickets.detach(t1.data.__id, t2.data.__id, { typeOrTypes: 'duplicates' });
  assert.deepEqual(await edges(t1.data.__id), []);

  const del = await tickets.deleteById(t2.data.__id);
  assert.equal(del.success, true);
  await rejectsWith(collect.records.findById(t2.data.__id), 404);
});

test('a wrong or missing token gets 401', T, async () => {
  const known = await create('secrets', { name: 'kept' });
  const bad = new Collect('not-a-relgraph-token', { host, port, protocol: 'http' });
  await rejectsWith(bad.records.findById(known.__id), 401);
  await rejectsWith(bad.records.findById([known.__id]), 401);
  await rejectsWith(bad.records.create('secrets', { name: 'stolen' }), 401);
  await rejectsWith(bad.records.update(known.__id, { name: 'changed' }), 401);
  await rejectsWith(bad.records.relations(known.__id), 401);
  await rejectsWith(bad.records.attach(known.__id, known.__id), 401);
  await rejectsWith(bad.records.deleteById(known.__id), 401);

  const anonymous = new Collect(undefined, { host, port, protocol: 'http' });
  await rejectsWith(anonymous.records.findById(known.__id), 401);

  // Nothing changed.
  assert.deepEqual(await reread(known.__id), known);
});

test('a read token reads but cannot write (403)', { ...T, skip: readToken ? false : 'RELGRAPH_READ_TOKEN not set' }, async () => {
  const known = await create('documents', { name: 'public' });
  const reader = new Collect(readToken, { host, port, protocol: 'http' });
  assert.deepEqual((await reader.records.findById(known.__id)).data, known);
  assert.deepEqual((await reader.records.findById([known.__id])).data, [known]);
  assert.deepEqual(await reader.records.relations(known.__id), { success: true, data: [], total: 0 });
  await rejectsWith(reader.records.create('documents', { name: 'x' }), 403);
  await rejectsWith(reader.records.update(known.__id, { name: 'x' }), 403);
  await rejectsWith(reader.records.set(known.__id, { name: 'x' }), 403);
  await rejectsWith(reader.records.attach(known.__id, known.__id), 403);
  await rejectsWith(reader.records.detach(known.__id, known.__id), 403);
  await rejectsWith(reader.records.deleteById(known.__id), 403);
  assert.deepEqual(await reread(known.__id), known);
});

test('records of another project are unknown (404)', { ...T, skip: otherToken ? false : 'RELGRAPH_OTHER_TOKEN not set' }, async () => {
  const mine = await create('vaults', { name: 'mine' });
  const other = new Collect(otherToken, { host, port, protocol: 'http' });
  const theirs = (await other.records.create('vaults', { name: 'theirs' })).data;
  assert.match(theirs.__id, UUID_V7);

  await rejectsWith(other.records.findById(mine.__id), 404);
  assert.deepEqual((await other.records.findById([mine.__id, theirs.__id])).data, [theirs]);
  await rejectsWith(other.records.update(mine.__id, { name: 'stolen' }), 404);
  await rejectsWith(other.records.set(mine.__id, { name: 'stolen' }), 404);
  await rejectsWith(other.records.properties(mine.__id), 404);
  await rejectsWith(other.records.relations(mine.__id), 404);
  await rejectsWith(other.records.attach(theirs.__id, mine.__id, { type: 'links' }), 404);
  await rejectsWith(other.records.attach(mine.__id, theirs.__id, { type: 'links' }), 404);
  await rejectsWith(collect.records.attach(mine.__id, theirs.__id, { type: 'links' }), 404);
  await rejectsWith(other.records.deleteById(mine.__id), 404);

  assert.deepEqual(await reread(mine.__id), mine);
  assert.deepEqual(await edges(mine.__id), []);
  assert.deepEqual((await other.records.findById(theirs.__id)).data, theirs);
  assert.deepEqual(await other.records.relations(theirs.__id), { success: true, data: [], total: 0 });
});

// names lists the `name` of records, sorted.
const names = (records) => records.map((r) => r.name).sort();

test('records.createMany creates nested records and links parent -> child', T, async () => {
  // A flat array: one record per object.
  const flat = await collect.records.createMany('imports_people', [
    { name: 'Ada', age: 36, tags: ['math'] },
    { name: 'Alan', age: 41, active: true }
  ]);
  assert.ok(flat instanceof CollectRecordsArrayInstance);
  assert.equal(flat.total, 2);
  assert.deepEqual(flat.data.map((r) => [r.__label, r.name]), [['imports_people', 'Ada'], ['imports_people', 'Alan']]);
  assert.deepEqual(flat.data[0].__proptypes, { name: 'string', age: 'number', tags: 'string' });
  for (const r of flat.data) {
    assert.match(r.__id, UUID_V7);
    assert.deepEqual(await reread(r.__id), r);
  }

  // A nested object: children under each key, each record before its
  // children (keys in alphabetical order, array items in order).
  const nested = await collect.records.createMany('imports_companies', {
    name: 'Umbrella',
    founded: 1968,
    address: { city: 'Raccoon City', zip: '12345' },
    employees: [
      { name: 'Jill', skills: ['lockpicking'] },
      { name: 'Chris', projects: [{ title: 'Mansion' }, { title: 'Lab' }] }
    ]
  });
  assert.equal(nested.total, 6);
  assert.deepEqual(
    nested.data.map((r) => [r.__label, r.name ?? r.city ?? r.title]),
    [
      ['imports_companies', 'Umbrella'],
      ['address', 'Raccoon City'],
      ['employees', 'Jill'],
      ['employees', 'Chris'],
      ['projects', 'Mansion'],
      ['projects', 'Lab']
    ]
  );
  const [company, address, jill, chris, mansion, lab] = nested.data.map((r) => r.__id);
  assert.deepEqual(nested.data[0].__proptypes, { name: 'string', founded: 'number' }, 'children are records, not properties');
  assert.deepEqual(
    await edgeKeys(company),
    [
      key(company, address, 'address', 'out'),
      key(company, jill, 'employees', 'out'),
      key(company, chris, 'employees', 'out')
    ].sort()
  );
  assert.deepEqual(
    await edgeKeys(chris),
    [key(company, chris, 'employees', 'in'), key(chris, mansion, 'projects', 'out'), key(chris, lab, 'projects', 'out')].sort()
  );

  // A bad name deep inside: 400, and nothing of the payload is written.
  await rejectsWith(collect.records.createMany('imports_companies', { name: 'Bad', offices: [{ 'not a type': { x: 1 } }] }), 400);
  const bad = await collect.records.find('imports_companies', { where: { name: 'Bad' } });
  assert.equal(bad.total, 0);
});

test('records.find and findOne: labels, operators, related-record conditions', T, async () => {
  await collect.records.createMany('finds_companies', [
    { name: 'Acme', finds_staff: [{ name: 'Ann', age: 30 }, { name: 'Bob', age: 45 }] },
    { name: 'Globex', finds_staff: [{ name: 'Cid', age: 52 }, { name: 'Ann Marie', age: 28 }] }
  ]);
  // The staff are records of type "finds_staff", linked from their company.
  const all = await collect.records.find('finds_staff');
  assert.ok(all instanceof CollectRecordsArrayInstance);
  assert.equal(all.total, 4, 'the records of the label, and only them');

  const over40 = await collect.records.find('finds_staff', { where: { age: { $gt: 40 } } });
  assert.deepEqual(names(over40.data), ['Bob', 'Cid']);
  assert.equal(over40.total, 2);

  const annish = await collect.records.find('finds_staff', { where: { name: { $startsWith: 'Ann' }, age: { $lte: 30 } } });
  assert.deepEqual(names(annish.data), ['Ann', 'Ann Marie']);

  const either = await collect.records.find('finds_staff', { where: { $or: [{ name: 'Bob' }, { age: { $in: [28, 52] } }] } });
  assert.deepEqual(names(either.data), ['Ann Marie', 'Bob', 'Cid']);

  // A related-record condition: staff linked from the company Acme.
  const atAcme = await collect.records.find('finds_staff', {
    where: { finds_companies: { $relation: { type: 'finds_staff', direction: 'in' }, name: 'Acme' } }
  });
  assert.deepEqual(names(atAcme.data), ['Ann', 'Bob']);
  // ... combined with a property condition.
  const youngAtGlobex = await collect.records.find('finds_staff', {
    where: { age: { $lt: 40 }, finds_companies: { $relation: 'finds_staff', name: { $contains: 'lob' } } }
  });
  assert.deepEqual(names(youngAtGlobex.data), ['Ann Marie']);

  // Ordered and paged.
  const page = await collect.records.find('finds_staff', { where: { age: { $exists: true } }, orderBy: { age: 'asc' }, limit: 2, skip: 1 });
  assert.deepEqual(page.data.map((r) => r.age), [30, 45]);
  assert.equal(page.total, 4, 'total counts every match, not the page');

  // findOne: the first match, or no data.
  const one = await collect.records.findOne('finds_staff', { where: { name: 'Cid' } });
  assert.ok(one instanceof CollectRecordInstance);
  assert.equal(one.data.name, 'Cid');
  assert.equal(one.data.__label, 'finds_staff');
  const none = await collect.records.findOne('finds_staff', { where: { name: 'Nobody' } });
  assert.equal(none.data, undefined);
});

test('records.delete removes what a where matches; an empty where is refused', T, async () => {
  await collect.records.createMany('deletes_items', [
    { name: 'keep', size: 1 },
    { name: 'drop', size: 2 },
    { name: 'drop too', size: 3 }
  ]);
  const res = await collect.records.delete({ labels: ['deletes_items'], where: { size: { $gte: 2 } } });
  assert.equal(res.success, true);
  assert.equal(res.data.message, '2 records have been successfully deleted');
  assert.deepEqual(names((await collect.records.find('deletes_items')).data), ['keep']);

  // The SDK itself refuses an empty where, before sending anything.
  await assert.rejects(collect.records.delete({ where: {} }), (err) => {
    assert.equal(err.name, 'EmptyTarget');
    return true;
  });
  // A query without where reaches relgraph, which refuses it too.
  await rejectsWith(collect.records.delete({ labels: ['deletes_items'] }), 400);
  assert.equal((await collect.records.find('deletes_items')).total, 1);
});

test('transactions: writes inside are invisible outside until commit; rollback discards them', T, async () => {
  const outside = await create('tx_companies', { name: 'Outside' });

  const tx = await collect.tx.begin({ ttl: 30000 });
  assert.ok(tx instanceof CollectTransaction);
  assert.match(tx.id, UUID_V7);
  // The SDK's last argument carries the transaction (header x-transaction-id).
  const inside = (await collect.records.create('tx_people', { name: 'Inside' }, tx)).data;
  assert.deepEqual(await collect.records.attach(outside.__id, inside.__id, { type: 'employees' }, tx), attachedMessage(outside.__id));
  const many = await collect.records.createMany('tx_people', [{ name: 'Batch 1' }, { name: 'Batch 2' }], tx);
  assert.equal(many.total, 2);

  // Inside the transaction everything is there.
  assert.equal((await collect.records.findById(inside.__id, tx)).data.name, 'Inside');
  assert.equal((await collect.records.find('tx_people', {}, tx)).total, 3);
  assert.deepEqual(
    (await collect.records.relations(outside.__id, tx)).data.map((e) => key(e.sourceId, e.targetId, e.type, e.direction)),
    [key(outside.__id, inside.__id, 'employees', 'out')]
  );
  // Outside it, nothing yet.
  await rejectsWith(collect.records.findById(inside.__id), 404);
  assert.equal((await collect.records.find('tx_people')).total, 0);
  assert.deepEqual(await edges(outside.__id), []);

  const committed = await tx.commit();
  assert.equal(committed.success, true);
  assert.equal((await reread(inside.__id)).name, 'Inside');
  assert.equal((await collect.records.find('tx_people')).total, 3);
  assert.deepEqual(await edgeKeys(outside.__id), [key(outside.__id, inside.__id, 'employees', 'out')]);
  await rejectsWith(collect.tx.get(tx.id), 404);

  // SDK 0.30.0 bug: collect.tx.rollback(id) and CollectTransaction#rollback()
  // (which calls it) send POST /tx/{id}/commit. The route itself is reached
  // through the low-level api: collect.api.tx.rollback(id).
  const discarded = await collect.tx.begin({ ttl: 30000 });
  const ghost = (await collect.records.create('tx_people', { name: 'Ghost' }, discarded)).data;
  await collect.records.attach(outside.__id, ghost.__id, { type: 'employees' }, discarded);
  const rolledBack = await collect.api.tx.rollback(discarded.id);
  assert.equal(rolledBack.success, true);
  await rejectsWith(collect.records.findById(ghost.__id), 404);
  assert.deepEqual(await edgeKeys(outside.__id), [key(outside.__id, inside.__id, 'employees', 'out')]);
  await rejectsWith(collect.tx.get(discarded.id), 404);
  await rejectsWith(collect.records.create('tx_people', { name: 'Late' }, discarded), 404);

  // The bug, pinned: the instance's rollback() commits.
  const buggy = await collect.tx.begin({ ttl: 30000 });
  const kept = (await collect.records.create('tx_people', { name: 'Kept by rollback()' }, buggy)).data;
  await buggy.rollback();
  assert.equal((await reread(kept.__id)).name, 'Kept by rollback()', 'SDK 0.30.0: CollectTransaction#rollback() commits');
});
