// Walkout dashboard: signs in with the staff key (HttpOnly session cookie), listens to the store's live stream
// (Server-Sent Events) and refreshes the staff API views when something changed.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let stream = null;
  let lastJournal = -1;
  let orders = [];
  let selectedOrder = null;

  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function money(minor, currency) { return (minor / 100).toFixed(2) + ' ' + text(currency); }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
  function row(cells, numeric) {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = text(c);
      if (numeric && numeric.includes(i)) td.className = 'num';
      tr.appendChild(td);
    });
    return tr;
  }
  function staffName() { return sessionStorage.getItem('walkout.staffName') || 'staff'; }
  function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'action'; b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }
  function toast(message, failed) {
    const t = $('action-result');
    t.textContent = message; t.className = 'toast' + (failed ? ' error' : ''); t.hidden = false;
    setTimeout(() => { t.hidden = true; }, 5000);
  }
  // A staff action: POST with the staff name, one line of feedback, then fresh lists.
  async function act(path, body, done) {
    const res = await fetch(path, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(Object.assign({ by: staffName() }, body)) });
    const answer = await res.json().catch(() => ({}));
    if (res.ok) toast(done(answer)); else toast(answer.error || ('failed: HTTP ' + res.status), true);
    refreshLists();
  }
  function fill(tableId, rows) { $(tableId).querySelector('tbody').replaceChildren(...rows); }
  function pairs(dlId, entries) {
    $(dlId).replaceChildren(...entries.flatMap(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = text(v);
      return [dt, dd];
    }));
  }
  async function api(path) {
    const res = await fetch(path, { credentials: 'same-origin' });
    if (res.status === 401) { showSignIn('Your session ended: sign in again.'); throw new Error('unauthorized'); }
    return res.json();
  }
  function why(evidence) {
    if (!evidence) return '';
    const zones = (evidence.zones || []).join(' > ');
    return evidence.reads + ' reads' + (zones ? ' in ' + zones : '') + ', margin ' +
      Number(evidence.margin).toFixed(2);
  }
  function showOrder(order) {
    selectedOrder = order ? order.orderId : null;
    $('order-detail').hidden = !order;
    document.querySelectorAll('#orders tbody tr').forEach((tr) =>
      tr.classList.toggle('selected', tr.dataset.orderId === selectedOrder));
    if (!order) return;
    $('order-title').textContent = 'Order ' + order.orderId + ': ' + money(order.totalMinor, order.currency) +
      ', ' + order.status;
    fill('order-lines', (order.lines || []).map((l) => {
      const tr = row([l.name || l.gtin, l.epc, money(l.priceMinor, order.currency),
        money(l.vatMinor || 0, order.currency), time(l.exitedAt), why(l.evidence)], [2, 3]);
      const cell = document.createElement('td');
      if (l.refundedAt) {
        cell.textContent = 'refunded ' + time(l.refundedAt);
      } else if (order.status === 'CHARGED' || order.status === 'PARTIALLY_REFUNDED') {
        cell.appendChild(button('Refund', () => act('/api/orders/' + encodeURIComponent(order.orderId) + '/refunds',
          { epcs: [l.epc] }, (r) => 'Refunded ' + (l.name || l.epc) + ' (' + text(r.status || 'done') + ')')));
      }
      tr.appendChild(cell);
      return tr;
    }));
  }
  function onOverview(health) {
    const status = $('store-status');
    status.textContent = 'store ' + health.status;
    status.className = 'pill ' + (health.status === 'UP' ? 'up' : 'down');
    const journal = health.journal || {};
    pairs('health', Object.entries(health.parts || {}).concat([
      ['journal appended', journal.appended], ['journal lag', journal.appended - journal.relayed]]));
    pairs('readers', Object.entries(health.readers || {}));
    if (journal.appended !== lastJournal) { lastJournal = journal.appended; refreshLists(); }
  }
  async function refreshLists() {
    try {
      const [o, alerts, inventory] = await Promise.all([api('/api/orders'), api('/api/alerts'),
        api('/api/inventory')]);
      orders = o;
      fill('orders', orders.map((order) => {
        const tr = row([time(order.chargedAt), order.visitId, order.customerId, order.status,
          (order.lines || []).map((l) => l.name || l.gtin).join(', '), money(order.totalMinor, order.currency)], [5]);
        tr.dataset.orderId = order.orderId;
        tr.addEventListener('click', () => showOrder(order));
        return tr;
      }));
      showOrder(orders.find((x) => x.orderId === selectedOrder) || null);
      fill('alerts', alerts.map(alertRow));
      fill('inventory', inventory.map((i) => row([i.name, i.gtin, i.zone, i.count], [3])));
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('refresh failed', e);
    }
  }
  function alertRow(a) {
    const status = a.resolved ? (text(a.action || 'resolved') + ' by ' + text(a.actionBy) + ' ' + time(a.actionAt))
      : 'open';
    const tr = row([time(a.at), a.type, a.epc, a.gtin, (a.visitIds || []).join(', '), status]);
    tr.dataset.alertId = a.alertId;
    const cell = document.createElement('td');
    if (!a.resolved) {
      const path = '/api/alerts/' + encodeURIComponent(a.alertId);
      if (a.type === 'AMBIGUOUS') {
        (a.visitIds || []).forEach((visitId) => cell.appendChild(button('Charge ' + visitId.slice(0, 10),
          () => act(path + '/assign', { visitId: visitId }, (r) => 'Charged to ' + visitId + ': ' + text(r.status)))));
      } else {
        cell.appendChild(button('Resolve', () => act(path + '/resolve', {}, () => 'Alert resolved')));
      }
      cell.appendChild(button('Dismiss', () => act(path + '/dismiss', {}, () => 'Alert dismissed')));
    }
    tr.appendChild(cell);
    return tr;
  }
  function showViews() {
    $('login').hidden = true; $('views').hidden = false; $('logout').hidden = false;
    $('login-error').hidden = true;
    lastJournal = -1;
    stream = new EventSource('/api/stream');
    stream.addEventListener('overview', (ev) => onOverview(JSON.parse(ev.data)));
  }
  function showSignIn(message) {
    if (stream) { stream.close(); stream = null; }
    $('login').hidden = false; $('views').hidden = true; $('logout').hidden = true;
    $('store-status').textContent = 'not signed in'; $('store-status').className = 'pill';
    $('login-error').hidden = !message; $('login-error').textContent = message || '';
  }
  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const res = await fetch('/login', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: $('key').value }) });
    $('key').value = '';
    if ($('staff-name').value.trim()) sessionStorage.setItem('walkout.staffName', $('staff-name').value.trim());
    if (res.status === 204) showViews(); else showSignIn('That staff key was refused.');
  });
  $('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin' });
    showSignIn();
  });
  fetch('/api/orders', { credentials: 'same-origin' }).then((res) => { if (res.ok) showViews(); else showSignIn(); });
}());
