// kafka-clone console: plain JS over the REST API (/api/...). No build step, no framework.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { topics: [], browse: { topic: null, partition: 0, next: null, hasMore: false } };

/** Builds an element; children are nodes or text (always set as text, never as HTML). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const token = $('token').value.trim();
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error((data && data.message) || ('HTTP ' + res.status));
  return data;
}

function toast(message, ok) {
  const t = $('toast');
  t.textContent = message;
  t.className = ok ? 'ok' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, i = -1;
  do { v /= 1024; i++; } while (v >= 1024 && i < units.length - 1);
  return v.toFixed(v < 10 ? 1 : 0) + ' ' + units[i];
}

const time = (ms) => new Date(ms).toLocaleString(undefined, { hour12: false });

function fill(tbody, rows, emptyId) {
  tbody.replaceChildren(...rows);
  $(emptyId).hidden = rows.length > 0;
}

// ------------------------------------------------------------------ topics

async function loadTopics() {
  const topics = await api('GET', '/api/topics');
  state.topics = topics;
  fill($('topics-table').tBodies[0], topics.map((t) => el('tr', { 'data-topic': t.name },
    el('td', { class: 'mono' }, t.name),
    el('td', { class: 'num' }, t.partitions),
    el('td', { class: 'num' }, t.messages.toLocaleString()),
    el('td', { class: 'num mono' }, t.firstOffset === null ? '–' : t.firstOffset + ' … ' + t.lastOffset),
    el('td', { class: 'num' }, bytes(t.sizeBytes)),
    el('td', { class: 'num', title: 'retention.ms / retention.bytes' }, retention(t)),
    el('td', { class: 'num' },
      el('button', { class: 'secondary', type: 'button', onclick: () => browse(t.name) }, 'Browse'), ' ',
      el('button', { class: 'secondary', type: 'button', onclick: () => editRetention(t) }, 'Retention'), ' ',
      el('button', { class: 'danger', type: 'button', onclick: () => deleteTopic(t.name) }, 'Delete')))), 'topics-empty');
  syncTopicSelect($('browse-topic'));
  syncTopicSelect($('publish-topic'));
  syncTopicSelect($('reset-topic'));
  if (!state.browse.topic && topics.length) { state.browse.topic = topics[0].name; $('browse-topic').value = topics[0].name; }
  syncPartitions();
}

function duration(ms) {
  if (ms < 0) return 'forever';
  const units = [['d', 86400000], ['h', 3600000], ['min', 60000], ['s', 1000]];
  for (const [u, n] of units) if (ms >= n && ms % n === 0) return (ms / n) + ' ' + u;
  return ms + ' ms';
}

const retention = (t) => duration(t.retentionMs) + ' · ' + (t.retentionBytes < 0 ? 'no size limit' : bytes(t.retentionBytes));

/** Asks for retention.ms / retention.bytes (empty: back to the broker default) and PATCHes them. */
async function editRetention(t) {
  const ms = prompt('retention.ms for ' + t.name + ' (-1: forever, empty: broker default)', String(t.retentionMs));
  if (ms === null) return;
  const size = prompt('retention.bytes per partition for ' + t.name + ' (-1: no limit, empty: broker default)', String(t.retentionBytes));
  if (size === null) return;
  try {
    await api('PATCH', '/api/topics/' + encodeURIComponent(t.name) + '/configs',
      { 'retention.ms': ms.trim() === '' ? null : ms.trim(), 'retention.bytes': size.trim() === '' ? null : size.trim() });
    toast('Retention of ' + t.name + ' changed', true);
    await loadTopics();
  } catch (e) { toast(e.message); }
}

function syncTopicSelect(select) {
  const current = select.value;
  select.replaceChildren(...state.topics.map((t) => el('option', { value: t.name }, t.name)));
  if (state.topics.some((t) => t.name === current)) select.value = current;
}

function syncPartitions() {
  const topic = state.topics.find((t) => t.name === $('browse-topic').value);
  const select = $('browse-partition');
  const current = select.value;
  const n = topic ? topic.partitions : 0;
  if (select.options.length !== n) {
    select.replaceChildren(...Array.from({ length: n }, (_, i) => el('option', { value: i }, 'partition ' + i)));
    if (current !== '' && Number(current) < n) select.value = current;
  }
}

async function deleteTopic(name) {
  if (!confirm('Delete topic ' + name + ' and all its messages?')) return;
  try {
    await api('DELETE', '/api/topics/' + encodeURIComponent(name));
    if (state.browse.topic === name) state.browse.topic = null;
    toast('Deleted ' + name, true);
    await refresh();
  } catch (e) { toast(e.message); }
}

$('create-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    const t = await api('POST', '/api/topics', { name: $('create-name').value.trim(), partitions: Number($('create-partitions').value) });
    $('create-name').value = '';
    toast('Created ' + t.name, true);
    await loadTopics();
  } catch (e) { toast(e.message); }
});

// ------------------------------------------------------------------ messages

function browse(topic) {
  $('browse-topic').value = topic;
  syncPartitions();
  $('browse-offset').value = '';
  $('browse-time').value = '';
  loadMessages(null);
  $('messages-card').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function payload(text, encoding) {
  if (text === null || text === undefined) return el('span', { class: 'muted' }, 'null');
  const frag = document.createDocumentFragment();
  if (encoding === 'base64') frag.append(el('span', { class: 'tag b64', title: 'not UTF-8: shown as base64' }, 'base64'));
  frag.append(text);
  return frag;
}

/** Loads a page; offset null means "from the form" (offset, time or the start). */
async function loadMessages(offset) {
  const topic = $('browse-topic').value;
  if (!topic) { fill($('messages-table').tBodies[0], [], 'messages-empty'); return; }
  const params = new URLSearchParams({ partition: $('browse-partition').value || '0', order: $('browse-order').value, limit: $('browse-limit').value });
  if (offset !== null) params.set('offset', offset);
  else if ($('browse-offset').value !== '') params.set('offset', $('browse-offset').value);
  else if ($('browse-time').value) params.set('timestamp', new Date($('browse-time').value).getTime());
  try {
    const page = await api('GET', '/api/topics/' + encodeURIComponent(topic) + '/messages?' + params);
    state.browse = { topic, partition: page.partition, next: page.nextOffset, hasMore: page.hasMore };
    fill($('messages-table').tBodies[0], page.messages.map((m) => el('tr', { 'data-offset': m.offset },
      el('td', { class: 'num mono' }, m.offset),
      el('td', { class: 'mono' }, time(m.timestamp)),
      el('td', { class: 'mono' }, payload(m.key, m.keyEncoding)),
      el('td', {}, ...m.headers.map((h) => el('span', { class: 'tag' }, h.key + '=' + (h.value === null ? 'null' : h.value)))),
      el('td', { class: 'mono value' }, payload(m.value, m.valueEncoding)))), 'messages-empty');
    const range = page.logEndOffset > page.logStartOffset ? `offsets ${page.logStartOffset}–${page.logEndOffset - 1}` : 'empty';
    $('browse-info').textContent = `${topic} / partition ${page.partition}: ${range} · ${page.messages.length} shown`;
    $('browse-next').disabled = !page.hasMore;
  } catch (e) { toast(e.message); }
}

$('browse-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadMessages(null); });
$('browse-topic').addEventListener('change', () => { syncPartitions(); loadMessages(null); });
$('browse-partition').addEventListener('change', () => loadMessages(null));
$('browse-order').addEventListener('change', () => loadMessages(null));
$('browse-next').addEventListener('click', () => loadMessages(state.browse.next));
$('browse-first').addEventListener('click', () => { $('browse-offset').value = ''; $('browse-time').value = ''; loadMessages(null); });

// ------------------------------------------------------------------ publish

$('publish-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const topic = $('publish-topic').value;
  const body = { message: $('publish-message').value };
  if ($('publish-key').value !== '') body.key = $('publish-key').value;
  if ($('publish-partition').value !== '') body.partition = Number($('publish-partition').value);
  const headers = {};
  for (const line of $('publish-headers').value.split('\n')) {
    const i = line.indexOf('=');
    if (line.trim()) headers[(i < 0 ? line : line.slice(0, i)).trim()] = i < 0 ? '' : line.slice(i + 1);
  }
  if (Object.keys(headers).length) body.headers = headers;
  $('publish-submit').disabled = true;
  try {
    const r = await api('POST', '/api/topics/' + encodeURIComponent(topic) + '/messages', body);
    $('publish-result').textContent = `stored in ${r.topic} partition ${r.partition} at offset ${r.offset}`;
    $('publish-message').value = '';
    await loadTopics();
    if ($('browse-topic').value === topic) loadMessages(null);
  } catch (e) {
    $('publish-result').textContent = '';
    toast(e.message);
  } finally {
    $('publish-submit').disabled = false;
  }
});

// ------------------------------------------------------------------ consumer groups

async function loadGroups() {
  const groups = await api('GET', '/api/consumers');
  const rows = [];
  for (const g of groups) {
    const badge = el('span', { class: 'tag', title: g.members.map((m) => m.clientInfo || m.memberId).join(', ') },
      g.state + (g.members.length ? ' · ' + g.members.length + ' member' + (g.members.length > 1 ? 's' : '') : ''));
    if (!g.offsets.length) rows.push(el('tr', { 'data-group': g.name }, el('td', { class: 'mono' }, g.name), el('td', {}, badge), el('td', { class: 'muted', colspan: 4 }, 'no committed offsets')));
    g.offsets.forEach((o, i) => rows.push(el('tr', { 'data-group': g.name },
      el('td', { class: 'mono' }, i === 0 ? g.name : ''),
      el('td', {}, i === 0 ? badge : ''),
      el('td', { class: 'mono' }, o.topic + ' / ' + o.partition),
      el('td', { class: 'num mono' }, o.committedOffset),
      el('td', { class: 'num mono' }, o.logEndOffset),
      el('td', { class: 'num mono' + (o.lag > 1000 ? ' lag-high' : '') }, o.lag))));
  }
  fill($('groups-table').tBodies[0], rows, 'groups-empty');
  $('group-names').replaceChildren(...groups.map((g) => el('option', { value: g.name })));
}

$('reset-to').addEventListener('change', () => { $('reset-offset').hidden = $('reset-to').value !== 'offset'; });
$('reset-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const group = $('reset-group').value.trim();
  const to = $('reset-to').value === 'offset' ? Number($('reset-offset').value) : $('reset-to').value;
  try {
    await api('POST', '/api/consumers/' + encodeURIComponent(group) + '/reset', { topic: $('reset-topic').value, to });
    toast('Reset ' + group + ' on ' + $('reset-topic').value, true);
    await loadGroups();
  } catch (e) { toast(e.message); }
});

// ------------------------------------------------------------------ snapshots

async function loadSnapshots() {
  const snaps = await api('GET', '/api/snapshots');
  fill($('snapshots-table').tBodies[0], snaps.map((s) => el('tr', {},
    el('td', { class: 'mono' }, s.id), el('td', {}, time(s.createdAt)),
    el('td', { class: 'num' }, s.topics.length), el('td', { class: 'num' }, s.messages.toLocaleString()),
    el('td', { class: 'num' }, s.groups.length))), 'snapshots-empty');
}

$('snapshot-take').addEventListener('click', async () => {
  $('snapshot-take').disabled = true;
  try {
    const m = await api('POST', '/api/snapshots');
    toast('Snapshot ' + m.id + ' taken', true);
    await loadSnapshots();
  } catch (e) { toast(e.message); } finally { $('snapshot-take').disabled = false; }
});

// ------------------------------------------------------------------ refresh

async function loadHealth() {
  const pill = $('health');
  try {
    const res = await fetch('/q/health/ready');
    const h = await res.json();
    pill.textContent = h.status === 'UP' ? 'ready' : 'not ready';
    pill.className = 'pill ' + (h.status === 'UP' ? 'up' : 'down');
  } catch (e) { pill.textContent = 'unreachable'; pill.className = 'pill down'; }
}

async function refresh() {
  try {
    await loadTopics();
    await Promise.all([loadGroups(), loadSnapshots(), loadHealth()]);
  } catch (e) { toast(e.message); }
}

$('token').value = sessionStorage.getItem('kafka-clone-token') || '';
$('token').addEventListener('change', () => sessionStorage.setItem('kafka-clone-token', $('token').value.trim()));
setInterval(() => { if ($('auto-refresh').checked) refresh(); }, 5000);
refresh().then(() => loadMessages(null));
