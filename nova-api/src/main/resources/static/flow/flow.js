// NovaSim's flow page: a live sequence diagram of every RPC message of the stack, from nova-api's
// GET /actuator/flow (history, counters), GET /actuator/flow/{id} (one envelope) and GET /flow/stream (live, SSE).
// Plain JavaScript, no library: the page must work offline and without a build step.
'use strict';

(function () {
  const TOKEN_KEY = 'novasim.flow.token';
  const MAX_DRAWN = 300;          // arrows in the diagram at most; the rest is counted, not drawn
  const MAX_KEPT = 50000;         // records kept in the page for the pickers and for re-selection
  const MAX_PICKS = 300;          // entries in each picker
  const MAX_PENDING = 100000;     // records waiting for the next frame (a hidden tab gets no frames)
  const GROUP_HOSTS_ABOVE = 8;    // more compute hosts than this share one lane
  const HISTORY_LIMIT = 1000;
  const NORMAL = new Set(['SENT', 'HANDLED', 'REPLIED']);
  const ICONS = {FAILED: '✖', TIMED_OUT: '◷', UNROUTABLE: '⚠', MALFORMED: '⚠', DEAD_LETTERED: '☠',
    DUPLICATE: '↻', LATE: '↻'};
  const DEFAULT_EXCHANGE = '(default)'; // the broker's nameless exchange, which replies are published on
  const SERVICE_ORDER = ['nova-api', 'nova-conductor', '', 'nova-compute', 'nova-network']; // '' = the broker

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const fmt = (n) => n.toLocaleString('en-US');

  // ---- state ----
  const kept = [];                 // records in arrival order (bounded)
  const byId = new Map();
  const requests = new Map();      // requestId -> {n, last, method, instance}
  const instances = new Map();     // instance -> {n, last}
  let pending = [];
  let frameAsked = false;
  let selection = {kind: 'all', value: ''};
  let selectedTotal = 0;           // records of the selection seen by this page
  let drawn = [];                  // records drawn, in order
  let lanes = null;                // {keys: [...], index: Map, groupCompute: bool}
  let rowNo = 0;
  let picksDirty = false;
  let received = 0, receivedAtLastTick = 0, rate = 0;
  let stream = null;               // AbortController of the live stream
  let connected = false;
  let dropped = 0;
  let streamDropped = 0;

  // ---- token ----
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const authHeaders = () => (token() ? {'X-Auth-Token': token()} : {});

  function askToken(message) {
    $('main').hidden = true;
    $('token-form').hidden = false;
    $('forget').hidden = true;
    const error = $('token-error');
    error.hidden = !message;
    error.textContent = message || '';
    status(message ? 'needs an admin token' : 'needs a token');
    $('token').focus();
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    start();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    stopStream();
    askToken();
  });

  function status(text, bad) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('bad', !!bad);
  }

  async function getJson(url) {
    const response = await fetch(url, {headers: Object.assign({Accept: 'application/json'}, authHeaders())});
    if (response.status === 401 || response.status === 403) {
      const error = new Error(response.status === 401 ? 'That token was refused (401): the flow needs an admin token.'
        : 'That token is not an administrator\'s (403).');
      error.auth = true;
      throw error;
    }
    if (!response.ok) {
      throw new Error(url + ' answered ' + response.status);
    }
    return response.json();
  }

  // ---- start: history, then the live stream ----
  async function start() {
    status('loading…');
    let history;
    try {
      history = await getJson('/actuator/flow?limit=' + HISTORY_LIMIT);
    } catch (e) {
      if (e.auth) {
        askToken(token() ? e.message : null);
      } else {
        status(e.message + '; retrying', true);
        setTimeout(start, 3000);
      }
      return;
    }
    $('token-form').hidden = true;
    $('main').hidden = false;
    $('forget').hidden = !token();
    (history.messages || []).forEach(ingest);
    showCounters(history);
    picksDirty = true;
    select(selection.kind, selection.value);
    openStream();
  }

  function stopStream() {
    if (stream) stream.abort();
    stream = null;
    connected = false;
  }

  async function openStream() {
    stopStream();
    const controller = new AbortController();
    stream = controller;
    try {
      const response = await fetch('/flow/stream', {
        headers: Object.assign({Accept: 'text/event-stream'}, authHeaders()), signal: controller.signal,
        cache: 'no-store'});
      if (response.status === 401 || response.status === 403) {
        askToken('The live stream refused the token (' + response.status + ').');
        return;
      }
      if (!response.ok || !response.body) {
        throw new Error('the live stream answered ' + response.status);
      }
      connected = true;
      status('live');
      await readEvents(response.body, controller.signal);
      throw new Error('the live stream ended');
    } catch (e) {
      if (controller.signal.aborted) return;
      connected = false;
      status((e.message || 'the live stream failed') + '; reconnecting…', true);
      setTimeout(() => { if (stream === controller) openStream(); }, 2000);
    }
  }

  // A server-sent events parser over fetch()'s body: EventSource cannot send the token in a header.
  async function readEvents(body, signal) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (!signal.aborted) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = eventEnd(buffer)) !== null) {
        const block = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end.length);
        dispatch(block);
      }
    }
  }

  function eventEnd(buffer) {
    const match = /\r?\n\r?\n|\r\r/.exec(buffer);
    return match ? {index: match.index, length: match[0].length} : null;
  }

  function dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch (e) {
      return; // not ours to show
    }
    if (event === 'message') {
      received++;
      if (pending.length >= MAX_PENDING) pending.shift();
      pending.push(parsed);
      askFrame();
    } else if (event === 'counters') {
      showCounters(parsed);
    }
  }

  function askFrame() {
    if (!frameAsked) {
      frameAsked = true;
      requestAnimationFrame(frame);
    }
  }

  // ---- records ----
  function ingest(record) {
    if (!record || !record.id || byId.has(record.id)) return false;
    byId.set(record.id, record);
    kept.push(record);
    if (kept.length > MAX_KEPT) {
      byId.delete(kept.shift().id);
    }
    if (record.requestId) {
      const r = requests.get(record.requestId) || {n: 0, method: record.method, instance: null};
      r.n++;
      r.last = record.time;
      if (!r.instance && record.instance) r.instance = record.instance;
      requests.set(record.requestId, r);
    }
    if (record.instance) {
      const i = instances.get(record.instance) || {n: 0};
      i.n++;
      i.last = record.time;
      instances.set(record.instance, i);
    }
    picksDirty = true;
    return true;
  }

  function matches(record) {
    if (selection.kind === 'request') return record.requestId === selection.value;
    if (selection.kind === 'instance') return record.instance === selection.value;
    return true;
  }

  // One frame's work: everything that arrived is counted, at most MAX_DRAWN of it drawn.
  function frame() {
    frameAsked = false;
    const batch = pending;
    pending = [];
    const fresh = [];
    for (const record of batch) {
      if (ingest(record) && matches(record)) {
        selectedTotal++;
        fresh.push(record);
      }
    }
    if (fresh.length > 0) {
      const ordered = selection.kind !== 'all';
      const late = ordered && drawn.length > 0 && fresh.some((r) => r.time < drawn[drawn.length - 1].time);
      const drawNow = fresh.slice(-MAX_DRAWN);
      if (late || fresh.length >= MAX_DRAWN || needsNewLanes(drawNow)) {
        drawn = drawn.concat(drawNow);
        if (ordered) drawn.sort(byTime);
        drawn = drawn.slice(-MAX_DRAWN);
        rowNo = selectedTotal - drawn.length;
        renderAll();
      } else {
        appendRows(drawNow);
      }
    }
    showShown();
  }

  const byTime = (a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0);

  // ---- selection ----
  async function select(kind, value) {
    selection = {kind: value ? kind : 'all', value: value || ''};
    $('request').value = selection.kind === 'request' ? value : '';
    $('instance').value = selection.kind === 'instance' ? value : '';
    resetDrawing();
    if (selection.kind !== 'all') {
      const query = (selection.kind === 'request' ? 'requestId=' : 'instance=') + encodeURIComponent(value);
      try {
        const history = await getJson('/actuator/flow?limit=' + HISTORY_LIMIT + '&' + query);
        (history.messages || []).forEach(ingest);
      } catch (e) {
        status('could not load the history of ' + value + ': ' + e.message, true);
      }
      if (selection.value !== (value || '')) return; // chosen again meanwhile
      resetDrawing();
    }
  }

  function resetDrawing() {
    const all = kept.filter(matches);
    if (selection.kind !== 'all') all.sort(byTime);
    selectedTotal = all.length;
    drawn = all.slice(-MAX_DRAWN);
    rowNo = selectedTotal - drawn.length;
    renderAll();
    showShown();
    $('detail-body').replaceChildren();
  }

  $('request').addEventListener('change', (e) => select('request', e.target.value));
  $('instance').addEventListener('change', (e) => select('instance', e.target.value));

  function refreshPicks() {
    if (!picksDirty) return;
    picksDirty = false;
    fillPick($('request'), 'all messages', requests, (id, r) => id + ' · ' + (r.method || '?') + ' · ' + r.n + ' msgs',
      selection.kind === 'request' ? selection.value : '');
    fillPick($('instance'), 'all servers', instances, (id, i) => id + ' · ' + i.n + ' msgs',
      selection.kind === 'instance' ? selection.value : '');
  }

  function fillPick(select, allLabel, entries, label, chosen) {
    if (document.activeElement === select) return; // an open list would close under the user's pointer
    const newest = [...entries.entries()].sort((a, b) => (a[1].last < b[1].last ? 1 : -1)).slice(0, MAX_PICKS);
    if (chosen && !newest.some(([id]) => id === chosen) && entries.has(chosen)) newest.push([chosen, entries.get(chosen)]);
    const options = [el('option', null, allLabel)];
    options[0].value = '';
    for (const [id, entry] of newest) {
      const option = el('option', null, label(id, entry));
      option.value = id;
      options.push(option);
    }
    select.replaceChildren(...options);
    select.value = chosen;
  }

  // ---- lanes ----
  function serviceLane(record, groupCompute) {
    if (record.service === 'nova-compute' && !groupCompute) return 'nova-compute\u0000' + (record.host || '?');
    return record.service || '?';
  }

  function brokerLane(record) {
    const exchange = record.exchange == null ? '' : String(record.exchange);
    if (exchange.startsWith('reply_')) return '\u0001reply_*';
    return '\u0001' + (exchange === '' ? DEFAULT_EXCHANGE : exchange);
  }

  function computeHosts(records) {
    const hosts = new Set();
    for (const r of records) if (r.service === 'nova-compute') hosts.add(r.host || '?');
    return hosts;
  }

  function laneRank(key) {
    if (key.startsWith('\u0001')) return 2;
    const service = key.split('\u0000')[0];
    const rank = SERVICE_ORDER.indexOf(service);
    return rank < 0 ? SERVICE_ORDER.length : rank;
  }

  function computeLanes(records) {
    const hosts = computeHosts(records);
    const groupCompute = hosts.size > GROUP_HOSTS_ABOVE;
    const keys = new Set(['nova-api', 'nova-conductor', '\u0001' + 'nova', 'nova-network']);
    if (!groupCompute && hosts.size === 0) keys.add('nova-compute');
    for (const r of records) {
      keys.add(serviceLane(r, groupCompute));
      keys.add(brokerLane(r));
    }
    // A default control exchange lane only when nothing else is on the broker.
    if ([...keys].filter((k) => k.startsWith('\u0001')).length > 1 && !records.some((r) => brokerLane(r) === '\u0001nova')) {
      keys.delete('\u0001nova');
    }
    const sorted = [...keys].sort((a, b) => laneRank(a) - laneRank(b) || a.localeCompare(b, 'en', {numeric: true}));
    return {keys: sorted, index: new Map(sorted.map((k, i) => [k, i])), groupCompute, hosts: hosts.size};
  }

  function needsNewLanes(records) {
    if (!lanes) return true;
    // The compute lanes follow the hosts of what will be drawn: a lane each up to GROUP_HOSTS_ABOVE, else one lane
    // whose title counts them (kept current: it said 11 hosts while 20 were drawn, counted when the lanes grouped).
    const hosts = computeHosts(drawn.concat(records).slice(-MAX_DRAWN)).size;
    if (lanes.groupCompute ? hosts !== lanes.hosts : hosts > GROUP_HOSTS_ABOVE) return true;
    return records.some((r) => !lanes.index.has(serviceLane(r, lanes.groupCompute)) || !lanes.index.has(brokerLane(r)));
  }

  function laneTitle(key) {
    if (key === '\u0001' + DEFAULT_EXCHANGE) return {title: 'default exchange', broker: true};
    if (key.startsWith('\u0001')) return {title: 'exchange ' + key.slice(1), broker: true};
    const [service, host] = key.split('\u0000');
    if (service === 'nova-compute' && host === undefined && lanes.groupCompute) {
      return {title: 'nova-compute (' + lanes.hosts + ' hosts)'};
    }
    return {title: service, sub: host};
  }

  const center = (i) => ((i + 0.5) / lanes.keys.length) * 100;

  // ---- drawing ----
  function renderAll() {
    lanes = computeLanes(drawn);
    const head = $('lanes');
    const track = el('div', 'track');
    lanes.keys.forEach((key, i) => {
      const t = laneTitle(key);
      const h = el('div', 'lane-head' + (t.broker ? ' broker' : ''));
      h.style.left = center(i) + '%';
      h.style.maxWidth = (100 / lanes.keys.length - 0.5) + '%'; // long exchange names must not cover their neighbours
      h.title = t.title + (t.sub ? ' ' + t.sub : '');
      h.appendChild(el('span', 'lane-title', t.title));
      if (t.sub) h.appendChild(el('span', 'lane-sub', t.sub));
      h.dataset.lane = t.title + (t.sub ? ' ' + t.sub : '');
      track.appendChild(h);
    });
    head.replaceChildren(track);

    const diagram = $('diagram');
    const rows = el('div', 'rows');
    rows.id = 'rows';
    const lines = el('div', 'track lifelines');
    lanes.keys.forEach((key, i) => {
      const line = el('div', 'lifeline' + (key.startsWith('\u0001') ? ' broker' : ''));
      line.style.left = center(i) + '%';
      lines.appendChild(line);
    });
    rows.appendChild(lines);
    const fragment = document.createDocumentFragment();
    let no = rowNo;
    const numbers = pairNumbers(drawn);
    for (const r of drawn) {
      no++;
      fragment.appendChild(row(r, no, numbers));
    }
    rows.appendChild(fragment);
    diagram.replaceChildren(rows);
    follow();
  }

  function appendRows(records) {
    const rows = $('rows');
    if (!rows) return renderAll();
    const numbers = pairNumbers(drawn.concat(records));
    let no = rowNo + drawn.length;
    const fragment = document.createDocumentFragment();
    for (const r of records) {
      no++;
      fragment.appendChild(row(r, no, numbers));
      if (r.msgId && numbers.get(r.msgId).length > 1) {
        // The partner drawn earlier learns this row's number.
        const all = numbers.get(r.msgId);
        rows.querySelectorAll('.row[data-msg="' + CSS.escape(r.msgId) + '"]').forEach((other) => {
          const span = other.querySelector('.pair');
          const own = Number(other.querySelector('.no').textContent);
          if (span) span.textContent = span.textContent.replace(/ ↔ .*$/, '') + ' ↔ #' + all.filter((n) => n !== own).join(', #');
        });
      }
    }
    drawn = drawn.concat(records);
    const excess = drawn.length - MAX_DRAWN;
    if (excess > 0) {
      drawn = drawn.slice(excess);
      rowNo += excess;
      // Row elements after the lifelines, in the same order as drawn.
      for (let i = 0; i < excess && rows.children.length > 1; i++) rows.children[1].remove();
    }
    rows.appendChild(fragment);
    follow();
  }

  // Calls and their replies share a msg id: each row tells the number of its partner and wears its colour.
  function pairNumbers(records) {
    const numbers = new Map();
    let no = rowNo;
    for (const r of records) {
      no++;
      if (r.msgId) remember(numbers, r, no);
    }
    return numbers;
  }

  function remember(numbers, r, no) {
    const list = numbers.get(r.msgId) || [];
    list.push(no);
    numbers.set(r.msgId, list);
  }

  function hue(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(h) % 360;
  }

  function row(r, no, numbers) {
    const service = lanes.index.get(serviceLane(r, lanes.groupCompute));
    const broker = lanes.index.get(brokerLane(r));
    const sent = r.direction !== 'RECEIVED';
    const from = sent ? service : broker;
    const to = sent ? broker : service;
    const outcome = r.outcome || '';
    const bad = !NORMAL.has(outcome);
    const div = el('div', 'row k-' + (r.kind || 'CAST') + (bad ? ' bad o-' + outcome : ''));
    div.dataset.id = r.id;
    div.dataset.method = r.method || '';
    div.dataset.kind = r.kind || '';
    if (r.msgId) div.dataset.msg = r.msgId;
    div.appendChild(el('span', 'no', String(no)));
    const track = el('div', 'track');
    const arrow = el('div', 'arrow ' + (to >= from ? 'ltr' : 'rtl'));
    const left = Math.min(center(from), center(to));
    arrow.style.left = left + '%';
    arrow.style.width = Math.abs(center(to) - center(from)) + '%';
    const label = el('span', 'label');
    if (bad) label.appendChild(el('span', 'outcome', (ICONS[outcome] || '⚠') + ' ' + outcome.replace('_', ' ').toLowerCase()));
    label.appendChild(el('span', 'kind', (r.kind || '').toLowerCase()));
    label.appendChild(el('span', 'method', r.method || '(no method)'));
    if (r.routingKey) label.appendChild(el('span', 'rk', r.routingKey));
    if (r.durationMs != null) label.appendChild(el('span', 'dur', formatMs(r.durationMs)));
    if (r.msgId && (r.kind === 'CALL' || r.kind === 'REPLY')) {
      const partners = (numbers.get(r.msgId) || []).filter((n) => n !== no);
      const pair = el('span', 'pair', '● ' + (r.kind === 'CALL' ? 'call' : 'reply') +
        (partners.length ? ' ↔ #' + partners.join(', #') : ''));
      pair.style.color = 'hsl(' + hue(r.msgId) + ',70%,40%)';
      label.appendChild(pair);
    }
    arrow.appendChild(label);
    track.appendChild(arrow);
    div.appendChild(track);
    div.title = (r.service || '') + '@' + (r.host || '') + ' ' + (r.direction || '') + ' ' + (r.time || '');
    return div;
  }

  function formatMs(ms) {
    const n = Number(ms);
    return n >= 1000 ? (n / 1000).toFixed(2) + ' s' : n >= 10 ? n.toFixed(0) + ' ms' : n.toFixed(1) + ' ms';
  }

  function follow() {
    if ($('follow').checked) {
      const d = $('diagram');
      d.scrollTop = d.scrollHeight;
    }
  }

  function showShown() {
    const what = selection.kind === 'request' ? 'request ' + selection.value
      : selection.kind === 'instance' ? 'server ' + selection.value : 'all requests';
    const text = drawn.length < selectedTotal
      ? 'showing the last ' + fmt(drawn.length) + ' of ' + fmt(selectedTotal) + ' messages (' + what + '); counters include all'
      : 'showing all ' + fmt(drawn.length) + ' messages (' + what + ')';
    const shown = $('shown');
    if (shown.textContent !== text) shown.textContent = text;
  }

  // ---- detail ----
  $('diagram').addEventListener('click', (event) => {
    const target = event.target.closest('.row');
    if (target) showDetail(target);
  });

  async function showDetail(target) {
    document.querySelectorAll('.row.chosen, .row.partner').forEach((r) => r.classList.remove('chosen', 'partner'));
    target.classList.add('chosen');
    if (target.dataset.msg) {
      document.querySelectorAll('.row[data-msg="' + CSS.escape(target.dataset.msg) + '"]').forEach((r) => {
        if (r !== target) r.classList.add('partner');
      });
    }
    const body = $('detail-body');
    body.replaceChildren(el('p', 'hint', 'loading ' + target.dataset.id + '…'));
    let message;
    try {
      message = await getJson('/actuator/flow/' + encodeURIComponent(target.dataset.id));
    } catch (e) {
      body.replaceChildren(el('p', 'error', e.message.includes('404') ? 'This message is no longer kept by the server.'
        : e.message));
      return;
    }
    const table = el('table', 'fields');
    for (const field of ['id', 'time', 'service', 'host', 'direction', 'kind', 'exchange', 'routingKey', 'topic',
      'method', 'msgId', 'requestId', 'instance', 'durationMs', 'outcome', 'detail']) {
      if (message[field] == null) continue;
      const tr = el('tr');
      tr.appendChild(el('th', null, field));
      tr.appendChild(el('td', field === 'outcome' && !NORMAL.has(message.outcome) ? 'bad' : null, String(message[field])));
      table.appendChild(tr);
    }
    const parts = [table];
    const envelope = unwrap(message.envelope);
    if (envelope && Object.keys(envelope).length > 0) {
      const context = {}, rest = {};
      for (const [k, v] of Object.entries(envelope)) (k.startsWith('_context_') ? context : rest)[k] = v;
      parts.push(el('h3', null, 'oslo message'));
      const pre = el('pre', 'envelope', JSON.stringify(rest, null, 2));
      pre.id = 'envelope';
      parts.push(pre);
      parts.push(el('h3', null, 'request context'));
      const ctx = el('pre', 'context', JSON.stringify(context, null, 2));
      ctx.id = 'context';
      parts.push(ctx);
    } else {
      // A received message shows its sender's envelope, whose record may reach nova-api a moment after this one.
      parts.push(el('p', 'hint', 'No envelope for this message: its sender\'s record has not come in yet (click '
        + 'again in a moment), or is no longer kept.'));
    }
    body.replaceChildren(...parts);
  }

  // The wire form is {"oslo.version": "2.0", "oslo.message": "<JSON>"}; show the message inside.
  function unwrap(envelope) {
    if (envelope == null) return null;
    let e = envelope;
    if (typeof e === 'string') {
      try { e = JSON.parse(e); } catch (x) { return {text: e}; }
    }
    let inner = e && e['oslo.message'];
    if (typeof inner === 'string') {
      try { inner = JSON.parse(inner); } catch (x) { inner = null; }
    }
    if (inner && typeof inner === 'object') {
      return Object.assign({'oslo.version': e['oslo.version']}, inner);
    }
    return e;
  }

  // ---- counters ----
  let lastCounters = '';
  function showCounters(data) {
    const counters = Array.isArray(data) ? data : (data && data.counters) || [];
    if (data && typeof data.dropped === 'number') dropped = data.dropped;
    if (data && typeof data.streamDropped === 'number') streamDropped = data.streamDropped;
    const key = JSON.stringify(counters);
    if (key !== lastCounters) {
      lastCounters = key;
      const sorted = counters.slice().sort((a, b) =>
        String(a.topic).localeCompare(String(b.topic)) || String(a.method).localeCompare(String(b.method)));
      const rows = sorted.map((c) => {
        const tr = el('tr');
        if ((c.failed || 0) + (c.timedOut || 0) > 0) tr.className = 'bad';
        for (const v of [c.topic, c.method, c.sent, c.received, c.replied, c.failed, c.timedOut]) {
          tr.appendChild(el('td', null, v == null ? '' : typeof v === 'number' ? fmt(v) : String(v)));
        }
        return tr;
      });
      $('counters').tBodies[0].replaceChildren(...rows);
    }
    const notes = [];
    if (dropped > 0) notes.push(fmt(dropped) + ' records were not kept or forwarded by the services (sampling under load).');
    if (streamDropped > 0) notes.push(fmt(streamDropped) + ' records were not sent to this page: it read the stream too slowly.');
    $('dropped').textContent = notes.join(' ');
  }

  // ---- once a second: rate, pickers ----
  setInterval(() => {
    rate = received - receivedAtLastTick;
    receivedAtLastTick = received;
    if (connected) status('live · ' + fmt(rate) + ' msg/s · ' + fmt(received) + ' received');
    refreshPicks();
  }, 1000);

  start();
})();
