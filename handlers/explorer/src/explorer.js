// relgraph explorer: paste a project token, find records, expand their
// neighbourhoods (GET /api/v1/records/{id}/graph) and read titles,
// properties and edge descriptions. Data is only ever written into the page
// as text, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let token = sessionStorage.getItem('relgraph.token') || '';
  let details = null; // the AbortController of what the details pane shows

  const cy = cytoscape({
    container: $('graph'),
    wheelSensitivity: 0.3,
    maxZoom: 1.6,
    style: [
      { selector: 'node', style: {
        'label': 'data(title)', 'background-color': '#2f6fde', 'color': '#1d2430',
        'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'width': 18, 'height': 18 } },
      { selector: 'node.root', style: { 'background-color': '#d9480f', 'width': 24, 'height': 24 } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#1d2430' } },
      { selector: 'edge', style: {
        'label': 'data(label)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'width': 1.5, 'line-color': '#9aa5b5', 'target-arrow-color': '#9aa5b5',
        'font-size': 9, 'color': '#8a4b00', 'text-rotation': 'autorotate', 'text-background-color': '#fbfcfd',
        'text-background-opacity': 1, 'text-background-padding': 1 } },
      { selector: 'edge:selected', style: { 'line-color': '#1d2430', 'target-arrow-color': '#1d2430', 'width': 2.5 } },
      { selector: '.hidden', style: { 'display': 'none' } },
    ],
  });

  // api calls relgraph and returns the envelope's data, or throws its error.
  // An aborted call throws an AbortError.
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

  // connect checks the token and fills the type list from POST /labels.
  async function connect() {
    if (!token) { $('token-status').textContent = 'no token'; return; }
    try {
      const counts = (await api('POST', '/labels', {})).data || {};
      const types = Object.keys(counts).sort();
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
    } catch (e) {
      if (e.status === 404) { // no label counts on this server: the token is checked by the first read
        $('token-status').textContent = 'connected';
        return;
      }
      $('token-status').textContent = 'not connected: ' + e.message;
    }
  }

  // search finds records by id, or by title or name among a type.
  async function search(text, type) {
    text = text.trim();
    if (idPattern.test(text)) {
      return (await api('POST', '/records', { ids: [text] })).data;
    }
    const query = { limit: 50 };
    if (type) query.labels = [type];
    if (text) query.where = { $or: [{ title: { $contains: text } }, { name: { $contains: text } }] };
    try {
      return (await api('POST', '/records/search', query)).data;
    } catch (e) {
      if (e.code === 'route_not_found') throw new Error('this server has no search: paste a record id');
      throw e;
    }
  }

  function recordTitle(r) {
    if (typeof r.title === 'string') return r.title;
    if (typeof r.name === 'string') return r.name;
    return r.__id;
  }

  function showResults(records) {
    const list = $('results');
    list.replaceChildren();
    if (records.length === 0) list.appendChild(el('li', 'no records found', 'hint'));
    for (const r of records) {
      const li = el('li');
      const b = el('button', recordTitle(r), 'link');
      b.type = 'button';
      b.addEventListener('click', () => open({ id: r.__id, type: r.__label, title: recordTitle(r) }));
      li.append(b, el('span', r.__label, 'type'));
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
      .map((n) => ({ group: 'nodes', data: { id: n.id, type: n.type, title: n.title } }));
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
  // direction chosen on the left.
  async function expand(id) {
    const params = new URLSearchParams({ depth: $('depth').value, limit: '100' });
    if ($('property').value.trim()) params.set('property', $('property').value.trim());
    if ($('direction').value) params.set('direction', $('direction').value);
    try {
      const g = (await api('GET', `/records/${encodeURIComponent(id)}/graph?${params}`)).data;
      const n = addNodes(g.nodes);
      const m = addEdges(g.edges);
      applyFilter();
      layout();
      refreshLists();
      status(`expanded ${titleOf(id)}: ${n} new records, ${m} new edges` + (g.truncated ? ' (truncated: more exist)' : ''));
    } catch (e) {
      status(`cannot expand ${titleOf(id)}: ${e.message}`, true);
    }
  }

  function titleOf(id) {
    const n = cy.getElementById(id);
    return n.nonempty() ? n.data('title') : id;
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
    cy.nodes().sort((a, b) => a.data('title').localeCompare(b.data('title'))).forEach((n) => {
      const li = el('li');
      const b = el('button', n.data('title'), 'link');
      b.type = 'button';
      b.addEventListener('click', () => select(n.id()));
      const x = el('button', 'expand', 'link');
      x.type = 'button';
      x.style.marginLeft = '.5rem';
      x.addEventListener('click', () => expand(n.id()));
      li.append(b, el('span', n.data('type'), 'type'), x);
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
    const box = $('details');
    box.replaceChildren(...children);
    box.dataset.state = 'loading';
    return details.signal;
  }

  async function showNode(n) {
    const b = el('button', 'Expand');
    b.type = 'button';
    b.addEventListener('click', () => expand(n.id()));
    const signal = showDetails(el('h2', n.data('title')), el('p', `${n.data('type')} · ${n.id()}`, 'type'), b);
    let shown;
    try {
      const r = (await api('GET', `/records/${encodeURIComponent(n.id())}`, undefined, signal)).data;
      shown = el('table');
      for (const k of Object.keys(r).filter((k) => !k.startsWith('__')).sort()) {
        const v = r[k];
        const tr = el('tr');
        tr.append(el('th', k), el('td', typeof v === 'string' ? v : JSON.stringify(v)));
        shown.appendChild(tr);
      }
    } catch (e) {
      shown = el('p', 'cannot read the record: ' + e.message, 'hint');
    }
    if (signal.aborted) return; // another selection took the pane
    $('details').appendChild(shown);
    $('details').dataset.state = 'ready';
  }

  function showEdge(e) {
    const table = el('table');
    for (const [k, v] of [['property', e.data('property')], ['description', e.data('description') || '—'],
      ['from', titleOf(e.data('source'))], ['to', titleOf(e.data('target'))], ['id', e.id()]]) {
      const tr = el('tr');
      tr.append(el('th', k), el('td', v));
      table.appendChild(tr);
    }
    showDetails(el('h2', 'Edge'), table);
    $('details').dataset.state = 'ready';
  }

  cy.on('tap', 'node', (ev) => select(ev.target.id()));
  cy.on('tap', 'edge', (ev) => select(ev.target.id()));
  cy.on('dbltap', 'node', (ev) => expand(ev.target.id()));

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
      const records = await search($('search').value, $('type').value);
      showResults(records);
      status(`${records.length} records found`);
    } catch (e) {
      status('search failed: ' + e.message, true);
    }
  });
  $('property').addEventListener('change', () => { applyFilter(); refreshLists(); });
  $('clear').addEventListener('click', () => {
    cy.elements().remove();
    refreshLists();
    showDetails();
    delete $('details').dataset.state;
  });

  connect();
  window.relgraphExplorer = { cy, expand, open };
})();
