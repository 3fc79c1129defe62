// The live page: draws what /ui/api/* answers with Cytoscape.js. Positions come from the server;
// an update changes a node's data (status, rows, progress), never the layout.
(function () {
  'use strict';

  // one colour per status: fill, and a stronger border (also the loaded part of a progress bar)
  var STATUS = {
    pending: { fill: '#e2e8f0', line: '#94a3b8', label: 'pending' },
    loading: { fill: '#bfdbfe', line: '#2563eb', label: 'loading' },
    succeeded: { fill: '#86efac', line: '#16a34a', label: 'succeeded' },
    failed: { fill: '#fca5a5', line: '#dc2626', label: 'failed' },
    skipped: { fill: '#fde68a', line: '#d97706', label: 'skipped' },
    cancelled: { fill: '#d1d5db', line: '#4b5563', label: 'cancelled' },
    up_to_date: { fill: '#99f6e4', line: '#0d9488', label: 'up to date' },
    active: { fill: '#86efac', line: '#16a34a', label: 'loaded' },
    topic: { fill: '#e9d5ff', line: '#9333ea', label: 'Kafka topic' }
  };
  var FINAL = { succeeded: 1, partial: 1, failed: 1, cancelled: 1 };

  var params = new URLSearchParams(location.search);
  var state = {
    mode: params.has('graph') ? 'graph' : 'batch',
    batchId: params.get('batch'),
    follow: !params.has('batch') && !params.has('graph'),
    snapshot: null,
    nodes: {},
    selected: null,
    hovered: null,
    focus: 'none',
    transport: 'none',
    events: null,
    pollTimer: null,
    graphTimer: null
  };
  var cy = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; }
      else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function number(n) { return n == null ? '' : Number(n).toLocaleString('en-US'); }

  function duration(ms) {
    if (ms == null) { return ''; }
    if (ms < 1000) { return ms + ' ms'; }
    var s = ms / 1000;
    if (s < 60) { return s.toFixed(s < 10 ? 1 : 0) + ' s'; }
    var m = Math.floor(s / 60);
    return m + ' min ' + Math.round(s - m * 60) + ' s';
  }

  function elapsed(from, to) {
    if (!from) { return null; }
    return (to ? Date.parse(to) : Date.now()) - Date.parse(from);
  }

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var e = new Error(body.error || ('HTTP ' + r.status)); e.status = r.status; throw e; }
        return body;
      });
    });
  }

  function setTransport(kind) {
    state.transport = kind;
    var c = $('connection');
    c.className = kind;
    c.textContent = kind === 'live' ? 'live (server-sent events)' : kind === 'polling' ? 'polling every second'
      : kind === 'refreshing' ? 'refreshed every 5 s' : kind === 'done' ? 'finished' : '';
  }

  // ---- drawing -----------------------------------------------------------------------------

  function colour(status, part) { return (STATUS[status] || STATUS.pending)[part]; }

  function tone(node) { return node.data('kind') === 'topic' ? 'topic' : node.data('status'); }

  function label(d) {
    if (d.kind === 'topic') { return d.name; }
    var text = d.name + '\n' + number(d.rows) + ' rows';
    if (d.progress != null && d.status === 'loading') { text += ' \u00b7 ' + Math.floor(d.progress * 100) + '%'; }
    return text;
  }

  function style() {
    return [
      { selector: 'node', style: {
        shape: 'round-rectangle', width: 200, height: 46, label: 'data(label)', 'text-wrap': 'wrap',
        'text-max-width': 190, 'text-valign': 'center', 'text-halign': 'center', 'font-size': 12, color: '#0f172a',
        'background-color': function (e) { return colour(tone(e), 'fill'); },
        'border-width': 2, 'border-color': function (e) { return colour(tone(e), 'line'); }
      } },
      // the progress bar: the loaded part in the strong colour, the rest in the fill
      { selector: 'node[status = "loading"][progress >= 0]', style: {
        'background-fill': 'linear-gradient', 'background-gradient-direction': 'to-right',
        'background-gradient-stop-colors': function (e) {
          return [colour('loading', 'line'), colour('loading', 'line'), colour('loading', 'fill'),
            colour('loading', 'fill')].join(' ');
        },
        'background-gradient-stop-positions': function (e) {
          var p = Math.floor(e.data('progress') * 100);
          return '0% ' + p + '% ' + p + '% 100%';
        }
      } },
      { selector: 'node[kind = "topic"]', style: { shape: 'barrel', width: 170 } },
      { selector: 'node[health = "degraded"]', style: { 'border-style': 'dashed', 'border-width': 4,
        'border-color': '#ea580c' } },
      { selector: 'node:selected', style: { 'overlay-color': '#0ea5e9', 'overlay-opacity': 0.15,
        'border-width': 4 } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
      { selector: '.faded', style: { opacity: 0.15 } },
      { selector: 'node.match', style: { 'border-color': '#0ea5e9', 'border-width': 5 } }
    ];
  }

  function nodeData(n, kind) {
    var d = Object.assign({}, n, { kind: kind || n.kind || 'table' });
    delete d.position;
    if (d.progress == null) { delete d.progress; }
    d.label = label(d);
    return d;
  }

  function draw(nodes, edges, kind) {
    var elements = nodes.map(function (n) {
      return { group: 'nodes', data: nodeData(n, kind), position: { x: n.position.x, y: n.position.y } };
    }).concat(edges.map(function (e) {
      return { group: 'edges', data: { id: e.id, source: e.source, target: e.target } };
    }));
    state.nodes = {};
    nodes.forEach(function (n) { state.nodes[n.id] = n; });
    if (!cy) {
      cy = cytoscape({ container: $('cy'), elements: elements, style: style(), layout: { name: 'preset' },
        minZoom: 0.05, maxZoom: 2, wheelSensitivity: 0.3, boxSelectionEnabled: false, autoungrabify: true });
      cy.on('tap', 'node', function (e) { select(e.target.id()); });
      cy.on('tap', function (e) { if (e.target === cy) { select(null); } });
      cy.on('mouseover', 'node', function (e) { state.hovered = e.target.id(); details(); });
      cy.on('mouseout', 'node', function () { state.hovered = null; details(); });
    } else {
      cy.elements().remove();
      cy.add(elements);
    }
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
    applyFocus();
    search();
  }

  // changes a node's data in place; positions stay where the server put them
  function update(n) {
    var node = cy && cy.getElementById(n.id);
    if (!node || node.empty()) { return; }
    var merged = Object.assign({}, state.nodes[n.id], n);
    state.nodes[n.id] = merged;
    var d = nodeData(merged);
    if (n.progress == null) { node.removeData('progress'); }
    node.data(d);
  }

  function legend(kind) {
    var keys = kind === 'graph' ? ['topic', 'active', 'loading', 'failed', 'skipped', 'cancelled', 'up_to_date']
      : ['pending', 'loading', 'succeeded', 'failed', 'skipped', 'cancelled', 'up_to_date'];
    var box = $('legend');
    box.textContent = '';
    keys.forEach(function (k) {
      var swatch = el('i', { 'data-status': k });
      swatch.style.background = STATUS[k].fill;
      swatch.style.borderColor = STATUS[k].line;
      box.appendChild(el('span', { 'data-status': k }, [swatch, document.createTextNode(STATUS[k].label)]));
    });
    var bar = el('i', { 'data-status': 'progress' });
    bar.style.background = 'linear-gradient(to right, ' + STATUS.loading.line + ' 50%, ' + STATUS.loading.fill + ' 50%)';
    bar.style.borderColor = STATUS.loading.line;
    box.appendChild(el('span', {}, [bar, document.createTextNode('progress (rows loaded of rows expected)')]));
    if (kind === 'graph') {
      var degraded = el('i', {});
      degraded.style.borderColor = '#ea580c';
      degraded.style.borderStyle = 'dashed';
      box.appendChild(el('span', {}, [degraded, document.createTextNode('degraded (see its issues)')]));
    }
  }

  // ---- details, focus and search -------------------------------------------------------------

  function select(id) {
    state.selected = id;
    if (!id) { state.focus = 'none'; applyFocus(); }
    $('focus').hidden = !id;
    details();
  }

  function row(list, name, value) {
    if (value == null || value === '') { return; }
    list.appendChild(el('dt', { text: name }));
    list.appendChild(el('dd', { text: String(value) }));
  }

  function details() {
    var id = state.hovered || state.selected;
    var body = $('detail-body');
    var n = id && state.nodes[id];
    body.textContent = '';
    if (!n) {
      body.appendChild(el('p', { className: 'muted',
        text: 'Hover or click a table for its status, rows, timings, error and SQL.' }));
      return;
    }
    body.appendChild(el('h3', { text: n.name }));
    var list = el('dl');
    if (state.mode === 'graph') {
      row(list, 'kind', n.kind === 'topic' ? 'Kafka topic' : 'table');
      row(list, 'last status', n.status && (STATUS[n.status] || {}).label || n.status);
      row(list, 'health', n.health);
      row(list, 'rows', number(n.rows));
      row(list, 'last batch', n.batchId);
      row(list, 'updated', n.updatedAt);
    } else {
      row(list, 'status', (STATUS[n.status] || {}).label || n.status);
      row(list, 'wave', n.wave);
      row(list, 'rows', number(n.rows) + (n.expected != null ? ' of ' + number(n.expected) : ''));
      row(list, 'started', n.startedAt);
      row(list, 'finished', n.finishedAt);
      row(list, n.finishedAt ? 'took' : 'running for', duration(elapsed(n.startedAt, n.finishedAt)));
      row(list, 'skipped because', n.skippedBecause && ('it depends on ' + n.skippedBecause + ', which failed'));
    }
    body.appendChild(list);
    if (n.progress != null && state.mode !== 'graph') {
      var bar = el('div', { className: 'bar' }, [el('div')]);
      bar.firstChild.style.width = Math.floor(n.progress * 100) + '%';
      body.appendChild(bar);
    }
    if (n.error || n.lastError) { body.appendChild(el('pre', { className: 'error', text: n.error || n.lastError })); }
    if (n.issues) { body.appendChild(el('pre', { className: 'error', text: n.issues })); }
    if (n.sql) { body.appendChild(el('pre', { text: n.sql })); }
  }

  function applyFocus() {
    if (!cy) { return; }
    cy.elements().removeClass('faded');
    var node = state.selected && cy.getElementById(state.selected);
    if (state.focus === 'none' || !node || node.empty()) { return; }
    var keep = node;
    if (state.focus !== 'downstream') { keep = keep.union(node.predecessors()); }
    if (state.focus !== 'upstream') { keep = keep.union(node.successors()); }
    cy.elements().not(keep).addClass('faded');
  }

  function search() {
    if (!cy) { return; }
    var text = $('search').value.trim().toLowerCase();
    cy.nodes().removeClass('match');
    if (!text) { applyFocus(); return; }
    var hits = cy.nodes().filter(function (n) { return n.data('name').toLowerCase().indexOf(text) >= 0; });
    cy.elements().addClass('faded');
    hits.removeClass('faded').addClass('match');
    return hits;
  }

  $('search').addEventListener('input', search);
  $('search').addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') { return; }
    var hits = search();
    if (hits && hits.nonempty()) {
      cy.animate({ center: { eles: hits.first() }, zoom: Math.max(cy.zoom(), 0.8) }, { duration: 200 });
      select(hits.first().id());
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll('#focus button'), function (b) {
    b.addEventListener('click', function () { state.focus = b.getAttribute('data-focus'); applyFocus(); });
  });

  // ---- one batch -------------------------------------------------------------------------------

  function summary(b) {
    var box = $('summary');
    box.textContent = '';
    var badge = el('span', { className: 'badge', text: b.status, id: 'batch-status' });
    box.appendChild(el('b', { text: 'Batch ' + b.id + ' ' }));
    box.appendChild(badge);
    box.appendChild(document.createTextNode(' ' + b.tables + ' tables in ' + b.waves + ' waves \u00b7 '
      + b.succeeded + ' succeeded, ' + b.failed + ' failed, ' + b.skipped + ' skipped \u00b7 '
      + duration(b.durationMillis) + (b.user ? ' \u00b7 by ' + b.user : '')));
    if (b.error) { box.appendChild(el('div', { className: 'error', text: b.error })); }
  }

  function waves(list) {
    var box = $('waves');
    box.textContent = '';
    list.forEach(function (w) {
      var parts = Object.keys(w.statuses).map(function (s) {
        return w.statuses[s] + ' ' + ((STATUS[s] || {}).label || s);
      });
      box.appendChild(el('div', { className: 'wave', 'data-wave': w.wave }, [
        el('b', { text: 'Wave ' + w.wave + ' \u00b7 ' + w.tables + (w.tables === 1 ? ' table' : ' tables') }),
        el('span', { text: parts.join(', ') + ' \u00b7 ' + number(w.rows) + ' rows'
          + (w.startedAt ? ' \u00b7 ' + duration(elapsed(w.startedAt, w.finishedAt)) : '') })
      ]));
    });
  }

  function applySnapshot(s) {
    var same = state.snapshot && state.snapshot.batch.id === s.batch.id && s.nodes.length === cy.nodes().length
      && s.nodes.every(function (n) { return !cy.getElementById(n.id).empty(); });
    state.snapshot = s;
    summary(s.batch);
    waves(s.waves);
    if (same) { s.nodes.forEach(update); } else { draw(s.nodes, s.edges, 'table'); }
    details();
    markCurrent();
  }

  function applyChange(c) {
    if (c.batch) { state.snapshot.batch = c.batch; summary(c.batch); }
    if (c.waves) { state.snapshot.waves = c.waves; waves(c.waves); }
    (c.nodes || []).forEach(update);
    details();
  }

  function stopUpdates() {
    if (state.events) { state.events.close(); state.events = null; }
    if (state.pollTimer) { clearInterval(state.pollTimer); clearTimeout(state.pollTimer); state.pollTimer = null; }
    if (state.graphTimer) { clearInterval(state.graphTimer); state.graphTimer = null; }
  }

  function openBatch(id) {
    stopUpdates();
    state.batchId = String(id);
    state.snapshot = null;
    state.selected = null;
    legend('batch');
    return getJson('api/batches/' + id).then(function (s) {
      applySnapshot(s);
      if (FINAL[s.batch.status]) { setTransport('done'); return; }
      listen(id);
    }).catch(function (e) {
      $('summary').textContent = e.message;
      // a batch page opened before its batch is planned waits for it
      if (e.status === 404 && state.batchId === String(id)) {
        $('summary').textContent = 'Batch ' + id + ' does not exist yet; waiting for it.';
        state.pollTimer = setTimeout(function () { state.pollTimer = null; openBatch(id); }, 250);
      }
    });
  }

  // Server-Sent Events; if they fail, poll the snapshot instead
  function listen(id) {
    if (!window.EventSource) { poll(id); return; }
    var ended = false;
    var events = new EventSource('api/batches/' + id + '/events');
    state.events = events;
    events.addEventListener('snapshot', function (e) { setTransport('live'); applySnapshot(JSON.parse(e.data)); });
    events.addEventListener('change', function (e) { applyChange(JSON.parse(e.data)); });
    events.addEventListener('end', function () {
      ended = true;
      events.close();
      setTransport('done');
      getJson('api/batches/' + id).then(applySnapshot);
      refreshBatches();
    });
    events.onerror = function () {
      if (ended || state.events !== events) { return; }
      events.close();
      state.events = null;
      poll(id);
    };
  }

  function poll(id) {
    setTransport('polling');
    state.pollTimer = setInterval(function () {
      getJson('api/batches/' + id).then(function (s) {
        applySnapshot(s);
        if (FINAL[s.batch.status]) { clearInterval(state.pollTimer); state.pollTimer = null; setTransport('done'); }
      }).catch(function () { /* the next tick tries again */ });
    }, 1000);
  }

  // ---- the list of batches and the graph of all tables -------------------------------------

  function markCurrent() {
    Array.prototype.forEach.call(document.querySelectorAll('#batch-list tbody tr'), function (tr) {
      tr.className = state.mode === 'batch' && tr.getAttribute('data-batch') === state.batchId ? 'current' : '';
    });
  }

  function refreshBatches() {
    return getJson('api/batches?limit=100').then(function (body) {
      var tbody = document.querySelector('#batch-list tbody');
      tbody.textContent = '';
      $('batches-empty').hidden = body.batches.length > 0;
      body.batches.forEach(function (b) {
        var link = el('a', { href: '?batch=' + b.id, text: String(b.id) });
        var badge = el('span', { className: 'badge', text: b.status });
        var tone = { succeeded: 'succeeded', partial: 'skipped', failed: 'failed', cancelled: 'cancelled',
          running: 'loading', planned: 'pending' }[b.status] || 'pending';
        badge.style.background = STATUS[tone].fill;
        badge.style.borderColor = STATUS[tone].line;
        tbody.appendChild(el('tr', { 'data-batch': String(b.id) }, [
          el('td', {}, [link]), el('td', {}, [badge]),
          el('td', { text: b.tables + (b.failed || b.skipped ? ' (' + b.failed + ' failed, ' + b.skipped + ' skipped)' : '') }),
          el('td', { text: duration(b.durationMillis) })
        ]));
      });
      markCurrent();
      if (state.follow && state.mode === 'batch' && body.batches.length
        && String(body.batches[0].id) !== state.batchId) {
        openBatch(body.batches[0].id);
      }
      if (state.mode === 'batch' && !state.batchId && !state.graphTimer && !body.batches.length) { openGraph(); }
    }).catch(function (e) { $('batches-empty').hidden = false; $('batches-empty').textContent = e.message; });
  }

  function openGraph() {
    stopUpdates();
    state.snapshot = null;
    $('summary').textContent = 'All registered tables, and the Kafka topics they read';
    $('waves').textContent = '';
    legend('graph');
    var load = function (first) {
      return getJson('api/graph').then(function (g) {
        var same = !first && cy && g.nodes.length === cy.nodes().length
          && g.nodes.every(function (n) { return !cy.getElementById(n.id).empty(); });
        if (same) { g.nodes.forEach(update); } else { draw(g.nodes, g.edges); }
        details();
      });
    };
    setTransport('refreshing');
    load(true);
    state.graphTimer = setInterval(function () { load(false).catch(function () {}); }, 5000);
  }

  $('nav-' + state.mode).className = 'current';
  refreshBatches();
  setInterval(refreshBatches, 3000);
  if (state.mode === 'graph') { openGraph(); } else if (state.batchId) { openBatch(state.batchId); }

  // for scripts and tests: the graph and the page's state
  window.tablewave = { cy: function () { return cy; }, state: state, colours: STATUS };
})();
