// relgraph explorer: paste a project token, find records, expand their
// neighbourhoods (GET /api/v1/records/{id}/graph) and read titles,
// properties, relation counts and edges. Data is only ever written into the
// page as text, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const arrows = { out: '→', in: '←' };
  // palette colours the types, in the order they are met (the project's
  // types, sorted, when the token connects).
  const palette = ['#2f6fde', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0b7285',
    '#c2255c', '#5c940d', '#1864ab', '#a61e4d', '#495057', '#b08900'];
  const colours = new Map(); // type → colour
  let token = sessionStorage.getItem('relgraph.token') || '';
  let catalogue = { type: null, names: null }; // see catalogueOf
  let generation = 0; // bumped by Clear: answers asked for before it are dropped
  let details = null; // the AbortController of what the details pane shows
  let jsonURL = ''; // the blob: URL of the record JSON the details link to
  let hovered = ''; // the edge under the mouse

  const cy = cytoscape({
    container: $('graph'),
    wheelSensitivity: 0.3,
    maxZoom: 1.6,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'background-color': 'data(colour)', 'color': '#1d2430',
        'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'width': 18, 'height': 18 } },
      { selector: 'node.root', style: { 'width': 26, 'height': 26, 'border-width': 5, 'border-style': 'double', 'border-color': '#1d2430' } },
      { selector: 'node:selected', style: { 'overlay-color': '#1d2430', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
      { selector: 'edge', style: {
        'label': 'data(label)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'width': 1.5, 'line-color': '#9aa5b5', 'target-arrow-color': '#9aa5b5',
        'font-size': 9, 'color': '#8a4b00', 'text-rotation': 'autorotate', 'text-background-color': '#fbfcfd',
        'text-background-opacity': 1, 'text-background-padding': 1 } },
      { selector: 'edge.hover', style: { 'line-color': '#5b6575', 'target-arrow-color': '#5b6575', 'width': 2.5 } },
      { selector: 'edge:selected', style: { 'line-color': '#1d2430', 'target-arrow-color': '#1d2430', 'width': 2.5 } },
      { selector: '.hidden', style: { 'display': 'none' } },
    ],
  });

  // api calls relgraph and returns the envelope, or throws its error. An
  // aborted call throws an AbortError.
  async function api(method, path, body, signal) {
    const res = await fetch('/api/v1' + path, {
      method,
      signal,
      headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let env;
    try { env = await res.json(); } catch (e) { env = null; }
    if (!res.ok || !env || !env.success) {
      const err = new Error((env && env.error && env.error.message) || res.statusText);
      err.status = res.status;
      err.code = env && env.error && env.error.code;
      throw err;
    }
    return env;
  }

  function status(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function linkButton(text, onClick) {
    const b = el('button', text, 'link');
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function swatch(type) {
    const s = el('span', undefined, 'swatch');
    s.style.backgroundColor = colourOf(type);
    return s;
  }

  function table(rows) {
    const t = el('table');
    for (const [k, v] of rows) {
      const tr = el('tr');
      tr.append(el('th', k), el('td', typeof v === 'string' ? v : JSON.stringify(v)));
      t.appendChild(tr);
    }
    return t;
  }

  // colourOf is the colour of a type: the next one of the palette for a
  // type not met before.
  function colourOf(type) {
    if (!colours.has(type)) colours.set(type, palette[colours.size % palette.length]);
    return colours.get(type);
  }

  // label is how a record is named: its title, or for a record without one
  // its type and the end of its id (ids are UUIDv7: their first digits are
  // a timestamp that records made together share).
  function label(id, type, title) {
    if (title && title !== id) return title;
    return `${type || 'record'} · …${id.slice(-6)}`;
  }

  function recordTitle(r) {
    if (typeof r.title === 'string') return r.title;
    if (typeof r.name === 'string') return r.name;
    return '';
  }

  // connect checks the token, colours the project's types and fills the
  // type list from POST /labels.
  async function connect() {
    if (!token) { $('token-status').textContent = 'no token'; return; }
    try {
      const counts = (await api('POST', '/labels', {})).data || {};
      const types = Object.keys(counts).sort();
      colours.clear();
      types.forEach(colourOf);
      cy.nodes().forEach((n) => { n.data('colour', colourOf(n.data('type'))); });
      const select = $('type');
      select.replaceChildren(el('option', 'any type'));
      select.firstChild.value = '';
      for (const t of types) {
        const o = el('option', `${t} (${counts[t]})`);
        o.value = t;
        select.appendChild(o);
      }
      const total = types.reduce((n, t) => n + counts[t], 0);
      $('token-status').textContent = `connected: ${total} records of ${types.length} types`;
      status('');
      refreshLists();
      catalogue = { type: null, names: null };
      offerProperties();
    } catch (e) {
      if (e.status === 404) { // no label counts on this server: the token is checked by the first read
        $('token-status').textContent = 'connected';
        return;
      }
      $('token-status').textContent = 'not connected: ' + e.message;
    }
  }

  // catalogueOf reads the property catalogue of a type ('' for every
  // type) from POST /properties, once per type chosen in a row: a promise
  // of property name → Set of value types, empty when it cannot be read
  // (the where field then takes any name, its value as text).
  function catalogueOf(type) {
    if (catalogue.type !== type) {
      const names = api('POST', '/properties', type ? { labels: [type] } : {}).then((env) => {
        const m = new Map();
        for (const p of env.data || []) {
          if (!m.has(p.name)) m.set(p.name, new Set());
          m.get(p.name).add(p.type);
        }
        return m;
      }, () => new Map());
      catalogue = { type, names };
    }
    return catalogue.names;
  }

  // offerProperties lists the chosen type's property names in the where
  // field.
  async function offerProperties() {
    const type = $('type').value;
    const names = await catalogueOf(type);
    if (type !== $('type').value) return; // another type was chosen meanwhile
    const list = $('property-names');
    list.replaceChildren();
    for (const name of [...names.keys()].sort()) {
      const o = el('option');
      o.value = name;
      list.appendChild(o);
    }
  }

  // operand is the value of a where condition, typed as the catalogue says
  // the property's values are: a number or a boolean when they are, else the
  // text (a datetime compares as one). types is the property's value types.
  function operand(types, op, text) {
    const values = [text];
    if (op !== '$contains') {
      if (types.has('number') && text.trim() !== '' && !Number.isNaN(Number(text))) values.push(Number(text));
      if (types.has('boolean') && (text === 'true' || text === 'false')) values.push(text === 'true');
      if (values.length > 1 && !types.has('string')) values.shift();
    }
    if (values.length === 1) return { [op]: values[0] };
    return { $or: values.map((v) => ({ [op]: v })) };
  }

  // search finds records by id, or by title or name, type and a property's
  // value (POST /records/search).
  async function search() {
    const text = $('search').value.trim();
    if (idPattern.test(text)) return api('POST', '/records', { ids: [text] });
    const property = $('where-property').value.trim();
    const value = $('where-value').value;
    if (property && value === '') throw new Error(`give a value for ${property}`);
    if (!property && value !== '') throw new Error('name the property the value is for');
    const query = { limit: 50 };
    if ($('type').value) query.labels = [$('type').value];
    const where = [];
    if (text) where.push({ $or: [{ title: { $contains: text } }, { name: { $contains: text } }] });
    if (property) {
      const types = (await catalogueOf($('type').value)).get(property) || new Set();
      where.push({ [property]: operand(types, $('where-op').value, value) });
    }
    if (where.length) query.where = where.length === 1 ? where[0] : { $and: where };
    try {
      return await api('POST', '/records/search', query);
    } catch (e) {
      if (e.code === 'route_not_found') throw new Error('this server has no search: paste a record id');
      throw e;
    }
  }

  function showResults(records) {
    const list = $('results');
    list.replaceChildren();
    if (records.length === 0) list.appendChild(el('li', 'no records found', 'hint'));
    for (const r of records) {
      const title = label(r.__id, r.__label, recordTitle(r));
      const li = el('li');
      li.append(swatch(r.__label), linkButton(title, () => open({ id: r.__id, type: r.__label, title: recordTitle(r) })),
        el('span', r.__label, 'type'));
      list.appendChild(li);
    }
  }

  // open puts a record in the graph and expands it.
  async function open(node) {
    addNodes([node]);
    cy.$id(node.id).addClass('root');
    await expand(node.id);
    select(node.id);
  }

  function addNodes(nodes) {
    const add = nodes.filter((n) => cy.getElementById(n.id).empty())
      .map((n) => ({ group: 'nodes', data: {
        id: n.id, type: n.type, title: n.title, label: label(n.id, n.type, n.title), colour: colourOf(n.type) } }));
    cy.add(add);
    return add.length;
  }

  function addEdges(edges) {
    const add = edges.filter((e) => cy.getElementById(e.id).empty())
      .map((e) => ({ group: 'edges', data: {
        id: e.id, source: e.source, target: e.target, property: e.property,
        description: e.description || '', label: e.description ? `${e.property}: ${e.description}` : e.property,
      } }));
    cy.add(add);
    return add.length;
  }

  // expand adds a record's neighbourhood, with the depth, property and
  // direction chosen on the left, or by (property, direction) when given:
  // then one step along that relation property only.
  async function expand(id, by) {
    const params = new URLSearchParams({ depth: by ? '1' : $('depth').value, limit: '100' });
    const property = by ? by.property : $('property').value.trim();
    const direction = by ? by.direction : $('direction').value;
    if (property) params.set('property', property);
    if (direction) params.set('direction', direction);
    const what = by ? `${titleOf(id)} by ${by.property} ${arrows[by.direction]}` : titleOf(id);
    const gen = generation;
    try {
      const g = (await api('GET', `/records/${encodeURIComponent(id)}/graph?${params}`)).data;
      if (gen !== generation) return; // the graph was cleared meanwhile
      const n = addNodes(g.nodes);
      const m = addEdges(g.edges);
      applyFilter();
      layout();
      refreshLists();
      status(`expanded ${what}: ${n} new records, ${m} new edges` + (g.truncated ? ' (truncated: more exist)' : ''));
    } catch (e) {
      if (gen === generation) status(`cannot expand ${what}: ${e.message}`, true);
    }
  }

  function titleOf(id) {
    const n = cy.getElementById(id);
    return n.nonempty() ? n.data('label') : id;
  }

  function layout() {
    cy.layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, padding: 30 }).run();
  }

  // applyFilter hides the edges of other properties when a property is set.
  function applyFilter() {
    const p = $('property').value.trim();
    cy.edges().forEach((e) => {
      if (!p || e.data('property') === p) e.removeClass('hidden'); else e.addClass('hidden');
    });
  }

  function refreshLists() {
    const nodes = $('node-list');
    nodes.replaceChildren();
    cy.nodes().sort((a, b) => a.data('label').localeCompare(b.data('label'))).forEach((n) => {
      const li = el('li');
      const x = linkButton('expand', () => expand(n.id()));
      x.style.marginLeft = '.5rem';
      li.append(swatch(n.data('type')), linkButton(n.data('label'), () => select(n.id())), el('span', n.data('type'), 'type'), x);
      li.dataset.id = n.id();
      nodes.appendChild(li);
    });
    const edges = $('edge-list');
    edges.replaceChildren();
    cy.edges().not('.hidden').forEach((e) => {
      const li = el('li', `${titleOf(e.data('source'))} → ${titleOf(e.data('target'))}: ${e.data('property')}`);
      if (e.data('description')) li.append(' — ', el('span', e.data('description'), 'desc'));
      li.addEventListener('click', () => select(e.id()));
      edges.appendChild(li);
    });
    refreshLegend();
  }

  // refreshLegend names the types in view, with their colour and count.
  function refreshLegend() {
    const counts = new Map();
    cy.nodes().forEach((n) => counts.set(n.data('type'), (counts.get(n.data('type')) || 0) + 1));
    const legend = $('legend');
    legend.replaceChildren();
    for (const type of [...counts.keys()].sort()) {
      const li = el('li');
      li.dataset.type = type;
      li.append(swatch(type), `${type} ${counts.get(type)}`);
      legend.appendChild(li);
    }
  }

  function select(id) {
    cy.$(':selected').unselect();
    const ele = cy.getElementById(id);
    ele.select();
    if (ele.isNode()) showNode(ele); else showEdge(ele);
  }

  // showDetails replaces what the details pane shows, and drops the answers
  // still awaited for what it showed before: only the last selection is
  // ever drawn. It returns the signal of the new selection.
  function showDetails(...children) {
    if (details) details.abort();
    details = new AbortController();
    if (jsonURL) URL.revokeObjectURL(jsonURL);
    jsonURL = '';
    const box = $('details');
    box.replaceChildren(...children);
    box.dataset.state = 'loading';
    return details.signal;
  }

  // showNode shows a record's properties and its relations counted by
  // property, each a button that expands it.
  async function showNode(n) {
    const id = n.id();
    const actions = el('p', undefined, 'actions');
    actions.appendChild(linkButton('Expand', () => expand(id)));
    const signal = showDetails(el('h2', n.data('label')), el('p', `${n.data('type')} · ${id}`, 'type'), actions);
    const [record, counts] = await Promise.allSettled([
      api('GET', `/records/${encodeURIComponent(id)}`, undefined, signal), relationCounts(id, signal)]);
    if (signal.aborted) return; // another selection took the pane
    const box = $('details');
    if (record.status === 'fulfilled') {
      actions.appendChild(jsonLink(record.value));
      const r = record.value.data;
      box.appendChild(table(Object.keys(r).filter((k) => !k.startsWith('__')).sort().map((k) => [k, r[k]])));
    } else {
      box.appendChild(el('p', 'cannot read the record: ' + record.reason.message, 'hint'));
    }
    box.appendChild(el('h2', 'Relations'));
    if (counts.status === 'fulfilled') {
      box.appendChild(countList(id, counts.value));
    } else {
      box.appendChild(el('p', 'cannot count the relations: ' + counts.reason.message, 'hint'));
    }
    box.dataset.state = 'ready';
  }

  // jsonLink links to the record's GET answer, opened in a new tab. The API
  // takes the token only in a header, so the page reads the answer itself
  // and the link is to that copy, a blob: URL.
  function jsonLink(envelope) {
    jsonURL = URL.createObjectURL(new Blob([JSON.stringify(envelope, null, 2)], { type: 'application/json' }));
    const a = el('a', 'JSON');
    a.id = 'json-link';
    a.href = jsonURL;
    a.target = '_blank';
    a.title = `GET /api/v1/records/${envelope.data.__id}, as read when the record was clicked`;
    return a;
  }

  // relationCounts counts a record's edges by relation property and
  // direction: outgoing from GET /records/{id}/relations?counts=true,
  // incoming from GET /records/{id}/backlinks?groupBy=property. The first
  // counts a mirrored inverse's incoming edges under the mirrored name;
  // those are taken from the backlinks, where they show under their stored
  // property with the mirrored name as their inverse.
  async function relationCounts(id, signal) {
    const path = `/records/${encodeURIComponent(id)}`;
    const [rel, back] = await Promise.all([
      api('GET', `${path}/relations?counts=true&limit=1`, undefined, signal),
      api('GET', `${path}/backlinks?groupBy=property&limit=1000`, undefined, signal)]);
    const out = new Map(Object.entries(rel.counts || {}));
    const incoming = new Map();
    for (const g of back.data) {
      if (g.inverse) out.set(g.inverse, (out.get(g.inverse) || 0) - g.count);
      const row = incoming.get(g.property) || { property: g.property, direction: 'in', count: 0, inverses: new Set() };
      row.count += g.count;
      if (g.inverse) row.inverses.add(g.inverse);
      incoming.set(g.property, row);
    }
    const rows = [...out].filter(([, n]) => n > 0).map(([property, count]) => ({ property, direction: 'out', count }));
    const byName = (a, b) => a.property.localeCompare(b.property);
    return rows.sort(byName).concat([...incoming.values()].sort(byName));
  }

  function countList(id, rows) {
    const list = el('ul');
    list.id = 'relation-counts';
    if (rows.length === 0) list.appendChild(el('li', 'no relations', 'hint'));
    for (const r of rows) {
      const as = r.inverses && r.inverses.size ? ` (as ${[...r.inverses].sort().join(', ')})` : '';
      const b = linkButton(`${arrows[r.direction]} ${r.property}${as}`, () => expand(id, r));
      b.dataset.property = r.property;
      b.dataset.direction = r.direction;
      b.title = `expand by ${r.property}, ${r.direction === 'out' ? 'from' : 'to'} this record`;
      const li = el('li');
      li.append(b, el('span', String(r.count), 'count'));
      list.appendChild(li);
    }
    return list;
  }

  // edgeInfos holds, by edge id, the stored edge as POST
  // /relationships/search answers it (with its properties), asked once.
  const edgeInfos = new Map();
  function edgeInfo(e) {
    if (!edgeInfos.has(e.id())) {
      const query = { source: { where: { $id: e.data('source') } }, target: { where: { $id: e.data('target') } },
        where: { type: e.data('property') }, limit: 1 };
      const p = api('POST', '/relationships/search', query).then((env) => env.data[0] || null);
      p.catch(() => edgeInfos.delete(e.id())); // asked again next time
      edgeInfos.set(e.id(), p);
    }
    return edgeInfos.get(e.id());
  }

  // edgeRows describe an edge: direction, description, then its own
  // properties (or why they are missing).
  function edgeRows(e, stored, failure) {
    const from = titleOf(e.data('source'));
    const to = titleOf(e.data('target'));
    const rows = [['direction', `out of ${from}, into ${to}`]];
    if (e.data('description')) rows.push(['description', e.data('description')]);
    if (failure) return rows.concat([['properties', 'cannot be read: ' + failure.message]]);
    if (stored === undefined) return rows.concat([['properties', 'reading…']]);
    const props = (stored && stored.properties) || {};
    const names = Object.keys(props).sort();
    if (names.length === 0) return rows.concat([['properties', 'none']]);
    return rows.concat(names.map((k) => [k, props[k]]));
  }

  function edgeTitle(e) {
    return `${e.data('property')}: ${titleOf(e.data('source'))} → ${titleOf(e.data('target'))}`;
  }

  async function showEdge(e) {
    showDetails(el('h2', edgeTitle(e)), table(edgeRows(e)));
    const signal = details.signal;
    let stored, failure;
    try { stored = await edgeInfo(e); } catch (err) { failure = err; }
    if (signal.aborted) return;
    const rows = edgeRows(e, stored, failure).concat([['id', e.id()]]);
    $('details').replaceChildren(el('h2', edgeTitle(e)), table(rows));
    $('details').dataset.state = 'ready';
  }

  // showTip describes the edge under the mouse beside it.
  async function showTip(e, pos) {
    placeTip(pos);
    if (hovered === e.id()) return;
    hovered = e.id();
    cy.edges('.hover').removeClass('hover');
    e.addClass('hover');
    const tip = $('edge-tip');
    const draw = (stored, failure) => {
      tip.replaceChildren(el('div', edgeTitle(e), 'tip-title'), table(edgeRows(e, stored, failure)));
    };
    draw();
    tip.hidden = false;
    let stored, failure;
    try { stored = await edgeInfo(e); } catch (err) { failure = err; }
    if (hovered === e.id()) draw(stored, failure);
  }

  function placeTip(pos) {
    const tip = $('edge-tip');
    const box = $('canvas');
    tip.style.left = Math.max(0, Math.min(pos.x + 14, box.clientWidth - 260)) + 'px';
    tip.style.top = Math.max(0, Math.min(pos.y + 14, box.clientHeight - 120)) + 'px';
  }

  // hideTip hides the tip of edge e, or whichever is shown when e is
  // undefined (the mouse left the canvas, where Cytoscape sends no mouseout).
  function hideTip(e) {
    if (e) e.removeClass('hover'); else cy.edges('.hover').removeClass('hover');
    if (e && hovered !== e.id()) return;
    hovered = '';
    $('edge-tip').hidden = true;
  }

  cy.on('tap', 'node', (ev) => select(ev.target.id()));
  cy.on('tap', 'edge', (ev) => select(ev.target.id()));
  cy.on('dbltap', 'node', (ev) => expand(ev.target.id()));
  // mousemove too: after the mouse left the canvas over an edge and comes
  // back to it, Cytoscape sends no second mouseover.
  cy.on('mouseover mousemove', 'edge', (ev) => showTip(ev.target, ev.renderedPosition));
  cy.on('mouseout', 'edge', (ev) => hideTip(ev.target));
  cy.on('viewport', () => hideTip());
  $('graph').addEventListener('mouseleave', () => hideTip());

  $('token').value = token;
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('relgraph.token', token);
    connect();
  });
  $('search-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const env = await search();
      showResults(env.data);
      status(`${env.data.length} of ${env.total === undefined ? env.data.length : env.total} records found`);
    } catch (e) {
      status('search failed: ' + e.message, true);
    }
  });
  $('type').addEventListener('change', offerProperties);
  $('property').addEventListener('change', () => { applyFilter(); refreshLists(); });
  $('clear').addEventListener('click', () => {
    generation++;
    hideTip();
    cy.elements().remove();
    edgeInfos.clear();
    refreshLists();
    showDetails();
    delete $('details').dataset.state;
  });

  connect();
  window.relgraphExplorer = { cy, expand, open };
})();
