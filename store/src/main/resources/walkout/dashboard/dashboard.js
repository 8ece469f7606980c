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
    fill('order-lines', (order.lines || []).map((l) => row([l.name || l.gtin, l.epc,
      money(l.priceMinor, order.currency), money(l.vatMinor || 0, order.currency), time(l.exitedAt),
      why(l.evidence)], [2, 3])));
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
      fill('alerts', alerts.map((a) => row([time(a.at), a.type, a.epc, a.gtin, (a.visitIds || []).join(', '),
        a.resolved ? 'yes' : 'no'])));
      fill('inventory', inventory.map((i) => row([i.name, i.gtin, i.zone, i.count], [3])));
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('refresh failed', e);
    }
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
    if (res.status === 204) showViews(); else showSignIn('That staff key was refused.');
  });
  $('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin' });
    showSignIn();
  });
  fetch('/api/orders', { credentials: 'same-origin' }).then((res) => { if (res.ok) showViews(); else showSignIn(); });
}());
