/**
 * The dashboard's script, served at /assets/dashboard.js (same origin, so the CSP needs no
 * 'unsafe-inline'). Builds DOM nodes with textContent only: nothing from the API is parsed as HTML.
 */
export const DASHBOARD_JS = `'use strict';
(function () {
  var form = document.getElementById('key-form');
  var statusLine = document.getElementById('status');
  var report = document.getElementById('report');

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function usd(v) { return '$' + Number(v).toFixed(v !== 0 && Math.abs(v) < 0.01 ? 6 : 4); }
  function num(v) { return Number(v).toLocaleString(); }
  function table(id, headers, rows) {
    var t = document.getElementById(id);
    t.replaceChildren();
    var head = el('thead'); var tr = el('tr');
    headers.forEach(function (h) { tr.appendChild(el('th', h)); });
    head.appendChild(tr); t.appendChild(head);
    var body = el('tbody');
    if (rows.length === 0) { var r = el('tr'); var c = el('td', 'nothing yet', 'muted'); c.colSpan = headers.length; r.appendChild(c); body.appendChild(r); }
    rows.forEach(function (cells) {
      var row = el('tr');
      cells.forEach(function (cell) { var td = el('td'); if (cell instanceof Node) td.appendChild(cell); else td.textContent = String(cell); row.appendChild(td); });
      body.appendChild(row);
    });
    t.appendChild(body);
  }
  function breakdownRows(map) {
    return Object.keys(map).sort().map(function (k) {
      var b = map[k];
      return [k, num(b.totalRequests), num(b.successfulRequests), num(b.failedRequests), num(b.cachedRequests), num(b.totalTokens), usd(b.totalCostUsd)];
    });
  }
  function card(value, label) {
    var c = el('div', null, 'card'); c.appendChild(el('div', value, 'value')); c.appendChild(el('div', label, 'label')); return c;
  }
  async function getJson(path, key) {
    var res = await fetch(path, { headers: { authorization: 'Bearer ' + key, accept: 'application/json' } });
    var body = await res.json().catch(function () { return null; });
    if (!res.ok) {
      var msg = body && body.error ? body.error.message : ('HTTP ' + res.status);
      throw new Error(msg);
    }
    return body;
  }
  function render(usage, limits) {
    var cards = document.getElementById('cards');
    cards.replaceChildren(
      card(num(usage.totalRequests), 'requests'),
      card((usage.successRate * 100).toFixed(1) + ' %', 'success rate'),
      card(usd(usage.totalCostUsd), 'cost'),
      card(num(usage.totalTokens), 'tokens'),
      card(num(usage.cachedRequests), 'cache hits'),
      card(num(usage.refusedRequests), 'refused'),
      card(Math.round(usage.p95ResponseTimeMs) + ' ms', 'p95 latency'));
    var head = ['', 'requests', 'ok', 'failed', 'cached', 'tokens', 'cost'];
    table('by-operation', head, breakdownRows(usage.byOperation));
    table('by-model', head, breakdownRows(usage.byModel));
    table('by-day', ['day', 'requests', 'ok', 'failed', 'cached', 'tokens', 'cost'], usage.byDay.map(function (d) {
      return [d.date, num(d.totalRequests), num(d.successfulRequests), num(d.failedRequests), num(d.cachedRequests), num(d.totalTokens), usd(d.totalCostUsd)];
    }));
    document.getElementById('plan').textContent = 'plan ' + limits.plan + ' · ' + (usage.scope.userId ? 'user ' + usage.scope.userId : 'organisation ' + usage.scope.orgId);
    table('limits', ['limit', 'scope', 'used', 'of', '', 'resets'], limits.limits.map(function (l) {
      var bar = el('progress');
      if (l.value !== null && l.value > 0) { bar.max = l.value; bar.value = Math.min(l.used, l.value); } else { bar.max = 1; bar.value = 0; }
      var fmt = l.unit === 'usd' ? usd : num;
      return [l.limit, l.scope, fmt(l.used), l.value === null ? 'unlimited' : fmt(l.value), bar, l.resetsAt ? new Date(l.resetsAt).toLocaleString() : ''];
    }));
    report.hidden = false;
  }
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    var key = document.getElementById('api-key').value.trim();
    var days = document.getElementById('days').value;
    var own = document.getElementById('own-only').checked;
    statusLine.className = ''; statusLine.textContent = 'Loading…';
    try {
      var scope = own ? '&orgWide=false' : '';
      var results = await Promise.all([getJson('/v1/usage?days=' + days + scope, key), getJson('/v1/limits?' + scope.slice(1), key)]);
      render(results[0], results[1]);
      statusLine.textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      report.hidden = true;
      statusLine.className = 'error';
      statusLine.textContent = error.message;
    }
  });
})();
`;
