// The planner's web dashboard: the list of backfills, one backfill in detail (heatmap, load and
// throughput timelines, phases with every gate check, alerts, audit history) and operator actions,
// kept current by the server-sent events of /dashboard/api/stream. Plain ES modules, no build step.
import { get, post, follow, signIn, signOut, signedInUser } from './api.js';
import * as heat from './heatmap.js';
import { lineChart } from './charts.js';

const $ = id => document.getElementById(id);
const FINAL = new Set(['COMPLETED', 'REJECTED', 'CANCELLED', 'FAILED', 'ROLLED_BACK']);
const PHASES_PER_PAGE = 25;

const ui = {
  selected: null,        // backfill id shown in detail
  detail: null,          // its last detail document
  me: { name: null, roles: [], authenticated: false },
  phaseOffset: 0,
  picked: null,          // index of the heatmap cell kept in the detail line
  heatmap: null,
  expanded: new Set(),   // phase ids whose checks are open
};

// ---------- formatting ----------
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const num = n => (n ?? 0).toLocaleString();
const secs = s => s == null ? '—' : (s >= 3600 ? (s / 3600).toFixed(1) + ' h' : s >= 60 ? (s / 60).toFixed(1) + ' min' : (Math.round(s * 10) / 10) + ' s');
// Local time, 24-hour, ISO order: unambiguous for on-call engineers in any locale.
function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
function span(seconds) {
  const a = Math.abs(seconds);
  const d = Math.floor(a / 86400), h = Math.floor(a % 86400 / 3600), m = Math.floor(a % 3600 / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`;
}
function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  return s < 5 ? 'just now' : s < 60 ? s + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : when(iso);
}
const badge = (text, cls = text) => `<span class="badge ${esc(cls)}">${esc(String(text ?? '').replaceAll('_', ' '))}</span>`;
function eta(b) {
  switch (b.eta) {
    case 'ON_TRACK': return badge(span(b.slackSeconds) + ' to spare', 'ON_TRACK');
    case 'AT_RISK': return badge(span(-b.slackSeconds) + ' late', 'AT_RISK');
    case 'NO_DEADLINE': return '<span class="muted">no deadline</span>';
    case 'NO_PROJECTION': return '<span class="muted">measuring…</span>';
    default: return '<span class="muted">ended</span>';
  }
}
function progressBar(b) {
  const parts = heat.STATES.filter(s => s !== 'PLANNED' && b.partitionStates[s]);
  let left = 0;
  const segments = parts.map(s => {
    const w = b.partitionsTotal ? 100 * b.partitionStates[s] / b.partitionsTotal : 0;
    const html = `<span style="left:${left}%;width:${w}%;background:${heat.color(s)}"></span>`;
    left += w;
    return html;
  }).join('');
  return `<div class="bar" title="${esc(parts.map(s => s + ' ' + b.partitionStates[s]).join(', '))}">${segments}</div>
    <div class="bar-label">${(b.progress * 100).toFixed(1)}% · ${num(b.done)} / ${num(b.partitionsTotal)} partitions</div>`;
}

// ---------- who may do what ----------
function mayOperate() {
  // The planner refuses commands without the operator role (403): say so on the button instead.
  return ui.me.roles.includes('operator');
}
function allowed(command, state) {
  switch (command) {
    case 'pause': return ['PLANNED', 'RUNNING', 'AWAITING_APPROVAL'].includes(state);
    case 'resume': return state === 'PAUSED';
    case 'approve': return state === 'AWAITING_APPROVAL';
    case 'cancel': return !FINAL.has(state);
    case 'rollback': return !['REQUESTED', 'REJECTED', 'QUEUED', 'PLANNED', 'ROLLED_BACK'].includes(state);
  }
  return false;
}

async function loadMe() {
  const r = await get('/dashboard/api/me');
  if (r.status === 200 && r.body) ui.me = r.body;
  else if (r.status === 401) ui.me = { name: null, roles: [], authenticated: true };
  const user = ui.me.name || signedInUser();
  $('who').textContent = user ? `signed in as ${user}${ui.me.roles.length ? ' (' + ui.me.roles.join(', ') + ')' : ''}` : 'anonymous';
  $('signin-button').hidden = !!signedInUser();
  $('user').hidden = $('password').hidden = !!signedInUser();
  $('signout-button').hidden = !signedInUser();
}

// ---------- list ----------
async function renderList() {
  const r = await get('/dashboard/api/backfills');
  const body = $('backfills').tBodies[0];
  if (r.status !== 200) {
    $('list-note').textContent = r.status === 401 || r.status === 403 ? 'sign in to see backfills' : 'planner not ready (' + r.status + ')';
    return;
  }
  const list = r.body;
  $('list-note').textContent = `${list.length} backfill${list.length === 1 ? '' : 's'}, ${list.filter(b => !FINAL.has(b.state)).length} live`;
  if (!list.length) {
    body.innerHTML = '<tr class="empty-row"><td colspan="9">No backfills yet. Submit one with <span class="mono">bin/backfill submit</span> or POST /backfills.</td></tr>';
    return;
  }
  body.innerHTML = list.map(b => `
    <tr data-id="${esc(b.backfillId)}" class="${b.backfillId === ui.selected ? 'selected' : ''}">
      <td><a href="#/backfill/${encodeURIComponent(b.backfillId)}">${esc(b.backfillId)}</a><div class="muted">${esc(b.requester ?? '')}</div></td>
      <td class="mono">${esc(b.target ?? '—')}</td>
      <td>${esc(b.rolloutMode)}</td>
      <td>${badge(b.state)}</td>
      <td>${progressBar(b)}</td>
      <td>${when(b.projectedFinish)}</td>
      <td>${when(b.deadline)}</td>
      <td>${eta(b)}</td>
      <td class="muted">${ago(b.updatedAt)}</td>
    </tr>`).join('');
}

// ---------- detail ----------
async function renderDetail() {
  const id = ui.selected;
  if (!id) { $('detail').hidden = true; return; }
  const r = await get('/dashboard/api/backfills/' + encodeURIComponent(id));
  if (id !== ui.selected) return;
  if (r.status !== 200) {
    $('detail').hidden = false;
    $('d-id').textContent = id;
    $('d-state').textContent = r.status === 404 ? 'unknown' : 'unavailable';
    return;
  }
  ui.detail = r.body;
  const b = r.body.summary;
  $('detail').hidden = false;
  $('d-id').textContent = b.backfillId;
  $('d-state').className = 'badge ' + b.state;
  $('d-state').textContent = b.state.replaceAll('_', ' ');
  $('d-state').setAttribute('data-state', b.state);
  $('d-reason').hidden = !b.stateReason;
  $('d-reason').textContent = b.stateReason ?? '';
  $('d-throttle').hidden = !b.throttleReason;
  $('d-throttle').textContent = b.throttleReason ? 'throttled: ' + b.throttleReason : '';
  for (const button of $('actions').querySelectorAll('button')) {
    const command = button.dataset.command;
    button.disabled = !allowed(command, b.state) || !mayOperate();
    button.title = !mayOperate() ? 'needs the operator role' : allowed(command, b.state) ? '' : `not while ${b.state}`;
  }
  $('t-progress').textContent = (b.progress * 100).toFixed(1) + '%';
  $('t-progress-sub').textContent = `${num(b.done)} of ${num(b.partitionsTotal)} partitions`;
  $('t-rows').textContent = num(b.rowsWritten);
  $('t-target').textContent = `${b.target ?? ''} · ${b.rolloutMode}`;
  $('t-compute').textContent = secs(b.computeSeconds);
  $('t-budget').textContent = b.computeBudgetSeconds ? `of ${secs(b.computeBudgetSeconds)} budget` : 'no compute budget';
  $('t-finish').textContent = b.projectedFinish ? when(b.projectedFinish) : '—';
  $('t-deadline').innerHTML = b.deadline ? `deadline ${when(b.deadline)} · ${eta(b)}` : eta(b);
  $('t-phases').textContent = num(b.phaseCount);
  $('t-phase-states').textContent = Object.entries(b.phaseStates).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ');
  const alerts = r.body.alerts.concat(r.body.problems.map(p => 'problem: ' + p));
  $('alerts').innerHTML = alerts.length ? alerts.slice().reverse().map(a => `<li>${esc(a)}</li>`).join('') : '<li class="muted">No alerts.</li>';
  await Promise.all([renderHeatmap(b), renderPhases(id), renderTimelines(id), renderHistory(id)]);
}

async function renderHeatmap(b) {
  const wrap = $('heatmap-wrap');
  const geometry = heat.layout(wrap.clientWidth || 1000, b.partitionsTotal);
  const r = await get(`/dashboard/api/backfills/${encodeURIComponent(b.backfillId)}/heatmap?cells=${geometry.cells}`);
  if (r.status !== 200 || b.backfillId !== ui.selected) return;
  ui.heatmap = r.body;
  const view = r.body;
  $('heat-note').textContent = view.partitionsPerCell > 1
    ? `${num(view.total)} partitions in ${num(view.cells.length)} cells of up to ${num(view.partitionsPerCell)}`
    : `${num(view.total)} partitions, one cell each`;
  heat.legend($('legend'), b.partitionStates && Object.keys(b.partitionStates).length ? countDisplay(view) : {});
  heat.draw($('heatmap'), view, geometry, {
    hover: (cell, e) => showTooltip(cellHtml(cell, true), e),
    leave: hideTooltip,
    pick: (cell, index) => { ui.picked = index; showPicked(); },
  });
  showPicked();
}

function countDisplay(view) {
  const counts = {};
  for (const c of view.cells) for (const [s, n] of Object.entries(c.states)) counts[s] = (counts[s] || 0) + n;
  return counts;
}

function cellHtml(cell, compact) {
  const range = cell.partitions === 1 ? esc(cell.first) : `${esc(cell.first)} … ${esc(cell.last)}`;
  const states = Object.entries(cell.states).sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `<tr><td><i style="display:inline-block;width:9px;height:9px;background:${heat.color(s)}"></i> ${esc(s)}</td><td>${num(n)}</td></tr>`).join('');
  const d = cell.detail;
  const facts = d
    ? `<tr><td>rows</td><td>${num(d.rows)}</td></tr><tr><td>compute</td><td>${secs(d.computeSeconds)}</td></tr>
       <tr><td>phase</td><td>${esc(d.phaseId)} (${esc(d.phaseState)})</td></tr><tr><td>executor</td><td>${esc(d.executorId ?? '—')}</td></tr>
       <tr><td>attempt</td><td>${d.attempt}</td></tr><tr><td>gate</td><td>${esc(d.decision ?? 'not decided')}</td></tr>`
    : `<tr><td>rows</td><td>${num(cell.rows)}</td></tr><tr><td>compute</td><td>${secs(cell.computeSeconds)}</td></tr>`;
  if (compact) {
    return `<div class="t">${range}</div><table>${d ? `<tr><td>state</td><td>${esc(d.state)}</td></tr>` : states}${facts}</table>`;
  }
  return `<b>${range}</b> · ${cell.partitions === 1 ? badge(d.state) : num(cell.partitions) + ' partitions'}<br>` +
    (d ? `<span class="kv">rows <b>${num(d.rows)}</b></span><span class="kv">compute <b>${secs(d.computeSeconds)}</b></span>
          <span class="kv">phase <b>${esc(d.phaseId)}</b> ${badge(d.phaseState)}</span><span class="kv">executor <b>${esc(d.executorId ?? '—')}</b></span>
          <span class="kv">attempt <b>${d.attempt}</b></span><span class="kv">gate <b>${esc(d.decision ?? 'not decided')}</b></span>`
       : Object.entries(cell.states).map(([s, n]) => `<span class="kv">${esc(s.toLowerCase())} <b>${num(n)}</b></span>`).join('') +
         `<span class="kv">rows <b>${num(cell.rows)}</b></span><span class="kv">compute <b>${secs(cell.computeSeconds)}</b></span>`);
}

function showPicked() {
  const el = $('cell-detail');
  for (const r of $('heatmap').querySelectorAll('rect.picked')) r.classList.remove('picked');
  const view = ui.heatmap;
  if (ui.picked == null || !view || !view.cells[ui.picked]) {
    el.className = 'cell-detail muted';
    el.textContent = 'Hover a cell for its partitions; click it to keep it here.';
    return;
  }
  const cell = view.cells[ui.picked];
  $('heatmap').childNodes[ui.picked]?.classList.add('picked');
  el.className = 'cell-detail';
  const canRoll = mayOperate() && ui.detail && allowed('rollback', ui.detail.summary.state);
  const buttons = cell.detail
    ? ` <button class="small danger" data-rollback-partition="${esc(cell.first)}" ${canRoll && ['PUBLISHED'].includes(cell.detail.state) ? '' : 'disabled'}>Roll back partition</button>
        <button class="small danger" data-rollback-phase="${esc(cell.detail.phaseId)}" ${canRoll ? '' : 'disabled'}>Roll back phase ${esc(cell.detail.phaseId)}</button>`
    : '';
  el.innerHTML = cellHtml(cell, false) + buttons;
}

function showTooltip(html, e) {
  const t = $('tooltip');
  t.innerHTML = html;
  t.hidden = false;
  const x = Math.min(e.clientX + 14, window.innerWidth - t.offsetWidth - 8);
  const y = e.clientY + 14 + t.offsetHeight > window.innerHeight ? e.clientY - t.offsetHeight - 10 : e.clientY + 14;
  t.style.left = x + 'px';
  t.style.top = y + 'px';
}
function hideTooltip() { $('tooltip').hidden = true; }

async function renderPhases(id) {
  const r = await get(`/dashboard/api/backfills/${encodeURIComponent(id)}/phases?offset=${ui.phaseOffset}&limit=${PHASES_PER_PAGE}`);
  if (r.status !== 200 || id !== ui.selected) return;
  const page = r.body;
  $('phases-page').textContent = page.phaseCount
    ? `${page.offset + 1}–${Math.min(page.offset + PHASES_PER_PAGE, page.phaseCount)} of ${num(page.phaseCount)}` : 'none';
  $('phases-prev').disabled = page.offset === 0;
  $('phases-next').disabled = page.next == null;
  const canRoll = mayOperate() && ui.detail && allowed('rollback', ui.detail.summary.state);
  const body = $('phases').tBodies[0];
  if (!page.phases.length) {
    body.innerHTML = '<tr class="empty-row"><td colspan="11">No phases (yet).</td></tr>';
    return;
  }
  body.innerHTML = page.phases.map(p => {
    const gate = p.gate;
    const outcome = gate ? gate.outcome : (p.decision ? p.decision.split(' ')[0] : null);
    const open = ui.expanded.has(p.phaseId);
    const checks = gate && gate.checks.length
      ? `<table class="checks"><thead><tr><th>Check</th><th>Type</th><th>Partition</th><th>Status</th><th>Observed</th><th>Expected</th><th>Detail</th></tr></thead><tbody>` +
        gate.checks.map(c => `<tr><td>${esc(c.name)}</td><td>${esc(c.type)}</td><td>${esc(c.partition ?? 'phase')}</td><td>${badge(c.status)}</td>
          <td>${esc(c.observed ?? '—')}</td><td>${esc(c.expected ?? '—')}</td><td>${esc(c.detail ?? '')}</td></tr>`).join('') +
        `</tbody></table>${gate.checksLeftOut ? `<div class="muted">… and ${gate.checksLeftOut} more passing checks</div>` : ''}
         <div class="muted">${esc(gate.summary)} · attempt ${gate.attempt} · ${when(gate.decidedAt)}</div>`
      : p.failedChecks.length ? p.failedChecks.map(esc).join('<br>') : (p.decision ? esc(p.decision) : '<span class="muted">no gate decision yet</span>');
    return `<tr data-phase="${esc(p.phaseId)}">
      <td class="num">${p.sequence}</td><td class="mono">${esc(p.phaseId)}</td><td>${badge(p.state)}</td>
      <td class="mono">${esc(p.firstPartition)}${p.partitionCount > 1 ? ' … ' + esc(p.lastPartition) : ''} <span class="muted">(${p.partitionCount})</span></td>
      <td class="num">${p.partitionsStaged}/${p.partitionCount}</td><td class="num">${p.attempt}</td><td class="num">${num(p.rows)}</td>
      <td class="num">${(Math.round(p.computeSeconds * 100) / 100).toLocaleString()}</td><td class="mono">${esc(p.executorId ?? '—')}</td>
      <td>${outcome ? badge(outcome) : '<span class="muted">—</span>'} ${gate || p.decision ? `<button class="small" data-toggle="${esc(p.phaseId)}">${open ? 'hide' : 'checks'}</button>` : ''}</td>
      <td>${p.state === 'PUBLISHED' ? `<button class="small danger" data-rollback-phase="${esc(p.phaseId)}" ${canRoll ? '' : 'disabled'}>Roll back</button>` : ''}</td>
    </tr>${open ? `<tr class="checks"><td></td><td colspan="10">${checks}</td></tr>` : ''}`;
  }).join('');
}

async function renderTimelines(id) {
  const since = new Date(Date.now() - 3600 * 1000).toISOString();
  const [load, rate] = await Promise.all([
    get('/warehouse/load?since=' + encodeURIComponent(since)),
    get(`/dashboard/api/backfills/${encodeURIComponent(id)}/throughput`),
  ]);
  if (id !== ui.selected) return;
  if (load.status === 200 && load.body && Array.isArray(load.body.samples)) {
    const s = load.body.samples;
    const at = x => new Date(x.at).getTime();
    $('load-note').textContent = `${load.body.warehouseId ?? ''} · ${s.length} samples, last hour`;
    lineChart($('load-chart'), [
      { name: 'pressure', color: '#cf222e', points: s.filter(x => x.pressure != null).map(x => [at(x), x.pressure]) },
      { name: 'latency ratio', color: '#bf8700', points: s.filter(x => x.latencyRatio != null).map(x => [at(x), x.latencyRatio]) },
      { name: 'admitted budget (stmt·s/s)', color: '#0969da', dashed: true, points: s.filter(x => x.budget != null).map(x => [at(x), x.budget]) },
    ], { empty: 'no load samples in the last hour' });
  } else {
    $('load-note').textContent = '';
    lineChart($('load-chart'), [], { empty: load.status === 404 ? 'no load samples: no load sampler reports for this warehouse yet' : 'load feed unavailable (' + load.status + ')' });
  }
  if (rate.status === 200) {
    const points = rate.body.points.map(p => [new Date(p.at).getTime(), p.partitionsPerSecond]);
    const last = rate.body.points[rate.body.points.length - 1];
    $('rate-note').textContent = last ? `${last.partitionsPerSecond} /s now · sampled every 5 s` : '';
    lineChart($('rate-chart'), [{ name: 'partitions / s', color: '#2da44e', points: points.slice(1) }],
      { empty: 'measuring: the planner keeps a point every 5 s' });
  }
}

async function renderHistory(id) {
  const first = await get(`/backfills/${encodeURIComponent(id)}/history?offset=0&limit=50`);
  if (id !== ui.selected) return;
  const body = $('history').tBodies[0];
  if (first.status !== 200 || !first.body) {
    $('history-note').textContent = '';
    body.innerHTML = `<tr class="empty-row"><td colspan="5">${first.status === 404 ? 'no history yet' : first.status === 503 ? 'the history is being rebuilt from the topics' : 'history unavailable (' + first.status + ')'}</td></tr>`;
    return;
  }
  let page = first.body;
  if (page.total > 50) {
    const last = await get(`/backfills/${encodeURIComponent(id)}/history?offset=${page.total - 50}&limit=50`);
    if (last.status === 200) page = last.body;
  }
  $('history-note').textContent = `${num(page.total)} events, latest ${page.events.length}`;
  body.innerHTML = page.events.length ? page.events.slice().reverse().map(e => `<tr>
      <td class="muted">${when(e.at)}</td><td>${esc(e.type)}<div class="muted">${esc(e.topic)}</div></td><td>${esc(e.who ?? '')}</td>
      <td class="mono">${esc(e.phaseId ?? '')}${e.partition ? ' / ' + esc(e.partition) : ''}</td><td>${esc(e.summary ?? '')}</td></tr>`).join('')
    : '<tr class="empty-row"><td colspan="5">No events.</td></tr>';
}

// ---------- actions ----------
async function command(path, label) {
  const message = $('action-message');
  const r = await post(path);
  message.hidden = false;
  if (r.status === 202) {
    message.className = 'message';
    message.textContent = `${label}: sent (${r.body?.eventId ?? ''}); the planner applies it in a moment.`;
  } else {
    message.className = 'message error';
    const why = r.status === 401 ? 'sign in first' : r.status === 403 ? 'your role may not do this' : (r.body?.problems ?? []).join('; ');
    message.textContent = `${label} refused (${r.status}): ${why}`;
  }
  setTimeout(() => { message.hidden = true; }, 8000);
  refreshSoon(0);
}

$('actions').addEventListener('click', e => {
  const cmd = e.target.dataset?.command;
  if (!cmd || !ui.selected) return;
  const id = ui.selected;
  if ((cmd === 'cancel' || cmd === 'rollback') && !confirm(`${cmd === 'cancel' ? 'Cancel' : 'Roll back the whole of'} ${id}?`)) return;
  command(`/backfills/${encodeURIComponent(id)}/${cmd}`, `${cmd} ${id}`);
});
document.addEventListener('click', e => {
  const t = e.target;
  if (!ui.selected || !t.dataset) return;
  const id = encodeURIComponent(ui.selected);
  if (t.dataset.rollbackPartition && confirm(`Roll back partition ${t.dataset.rollbackPartition}?`)) {
    command(`/backfills/${id}/rollback?partition=${encodeURIComponent(t.dataset.rollbackPartition)}`, `roll back ${t.dataset.rollbackPartition}`);
  } else if (t.dataset.rollbackPhase && confirm(`Roll back phase ${t.dataset.rollbackPhase}?`)) {
    command(`/backfills/${id}/rollback?phaseId=${encodeURIComponent(t.dataset.rollbackPhase)}`, `roll back ${t.dataset.rollbackPhase}`);
  } else if (t.dataset.toggle) {
    ui.expanded.has(t.dataset.toggle) ? ui.expanded.delete(t.dataset.toggle) : ui.expanded.add(t.dataset.toggle);
    renderPhases(ui.selected);
  }
});
$('phases-prev').onclick = () => { ui.phaseOffset = Math.max(0, ui.phaseOffset - PHASES_PER_PAGE); renderPhases(ui.selected); };
$('phases-next').onclick = () => { ui.phaseOffset += PHASES_PER_PAGE; renderPhases(ui.selected); };
$('signin').addEventListener('submit', async e => {
  e.preventDefault();
  signIn($('user').value.trim(), $('password').value);
  $('password').value = '';
  await loadMe();
  reopenStream();
  refreshSoon(0);
});
$('signout-button').onclick = async () => { signOut(); $('user').value = ''; await loadMe(); reopenStream(); refreshSoon(0); };

// ---------- routing and live updates ----------
function route() {
  const m = location.hash.match(/^#\/backfill\/(.+)$/);
  const id = m ? decodeURIComponent(m[1]) : null;
  if (id !== ui.selected) {
    ui.selected = id;
    ui.phaseOffset = 0;
    ui.picked = null;
    ui.expanded.clear();
    ui.heatmap = null;
    $('heatmap').innerHTML = '';
  }
  refreshSoon(0);
}

// Changes arrive as often as the planner writes (every event it handles): coalesce them, and redraw at
// most once a second however busy the backfill is.
let timer = null;
let detailDue = false;
let lastRender = 0;
let pending = false;
function refreshSoon(delay = 250, detail = true) {
  detailDue = detailDue || detail;
  if (timer) { pending = true; return; }
  const wait = Math.max(delay, lastRender + 1000 - Date.now(), 0);
  timer = setTimeout(async () => {
    const withDetail = detailDue;
    detailDue = false;
    lastRender = Date.now();
    try {
      await renderList();
      if (withDetail) await renderDetail();
    } finally {
      timer = null;
      if (pending) { pending = false; refreshSoon(250, false); }
    }
  }, delay === 0 ? 0 : wait);
}

window.addEventListener('hashchange', route);
window.addEventListener('resize', () => refreshSoon(200));
// The stream is opened again after signing in or out, so it carries the new Authorization header.
function openStream() {
  return follow('/dashboard/api/stream', change => {
    if (change.kind === 'heartbeat') return;
    refreshSoon(250, change.backfillId === ui.selected);
  }, up => {
    $('live').className = 'live ' + (up ? 'on' : 'off');
    $('live').textContent = up ? 'live' : 'reconnecting…';
  });
}
let closeStream = openStream();
function reopenStream() {
  closeStream();
  closeStream = openStream();
}
// The timelines move even when nothing else does.
setInterval(() => { if (ui.selected) renderTimelines(ui.selected); }, 5000);

await loadMe();
route();
