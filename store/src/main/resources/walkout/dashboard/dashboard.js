// Walkout dashboard: signs in with the staff key (HttpOnly session cookie), listens to the store's live stream
// (Server-Sent Events, an overview every second) and refreshes the staff API views when something changed.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const HISTORY_EVERY_MS = 10000;
  let stream = null;
  let lastChange = '';
  let orders = [];
  let selectedOrder = null;
  let view = 'overview';
  let inventoryRows = [];
  let inventorySort = { key: 'name', desc: false };
  let lastHistory = 0;

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
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
    return body;
  }

  // ---- views ----
  function show(name) {
    view = name;
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + name; });
    document.querySelectorAll('#nav .tab').forEach((t) => t.classList.toggle('active', t.dataset.view === name));
    if (name === 'map') refreshMap();
    if (name === 'overview') refreshHistory();
  }
  document.querySelectorAll('#nav .tab').forEach((t) => t.addEventListener('click', () => show(t.dataset.view)));

  // ---- overview ----
  function feedItem(f) {
    const li = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = 'kind ' + f.kind; kind.textContent = f.kind;
    const what = document.createElement('span');
    what.textContent = time(f.at) + '  visit ' + f.visitId.slice(0, 10) + '  ' + f.items + ' item' +
      (f.items === 1 ? '' : 's') + (f.kind === 'charge' ? '  ' + money(f.totalMinor, f.currency) : '');
    what.title = 'visit ' + f.visitId + ', customer ' + f.customerId + ', order ' + f.orderId + ' (' + f.status + ')';
    li.append(kind, what);
    return li;
  }
  function onOverview(o) {
    const status = $('store-status');
    status.textContent = 'store ' + o.status;
    status.className = 'pill ' + (o.status === 'UP' ? 'up' : 'down');
    const journal = o.journal || {};
    pairs('health', Object.entries(o.parts || {}).concat([['journal appended', journal.appended],
      ['journal relayed', journal.relayed]]));
    if (o.shoppers !== undefined) {
      $('tile-shoppers').textContent = o.shoppers;
      $('tile-exits').textContent = o.exitsToday;
      $('tile-revenue').textContent = money(o.revenueTodayMinor, o.currency);
      $('tile-alerts').textContent = o.openAlerts;
      $('tile-lag').textContent = o.journalLag;
      const l = o.latency || {};
      $('tile-latency').textContent = l.orders ? (l.p50Ms / 1000).toFixed(1) + ' / ' + (l.p99Ms / 1000).toFixed(1) + ' s'
        : '-';
      $('tile-latency').title = text(l.definition) + ', charges of the last ' + Math.round((l.spanMs || 0) / 60000) +
        ' min: ' + text(l.orders);
      $('alerts-badge').hidden = !o.openAlerts; $('alerts-badge').textContent = text(o.openAlerts);
      $('feed').replaceChildren(...(o.feed || []).map(feedItem));
    }
    const rates = o.readsPerSecond || {};
    fill('readers', Object.entries(o.readers || {}).map(([id, state]) => {
      const tr = row([id, '', rates[id] === undefined ? '' : rates[id]], [2]);
      const pill = document.createElement('span');
      pill.className = 'pill state-' + state; pill.textContent = state;
      tr.children[1].appendChild(pill);
      return tr;
    }));
    if (view === 'map') refreshMap();
    if (Date.now() - lastHistory > HISTORY_EVERY_MS && view === 'overview') refreshHistory();
    const change = [journal.appended, o.exitsToday, o.openAlerts, o.revenueTodayMinor].join('|');
    if (change !== lastChange) {
      lastChange = change;
      refreshLists();
      if (view === 'overview') refreshHistory();
    }
  }
  async function refreshHistory() {
    lastHistory = Date.now();
    try {
      const h = await api('/api/history');
      const b = h.buckets || [];
      const range = { from: b.length ? time(b[0].start) : '', to: 'now' };
      WalkoutCharts.line($('chart-reads'), [{ values: b.map((x) => x.readsPerSecond) }], range);
      WalkoutCharts.line($('chart-exits'), [{ values: b.map((x) => x.exitsPerMinute) }], range);
      WalkoutCharts.line($('chart-latency'), [{ values: b.map((x) => x.latencyP50Ms) },
        { values: b.map((x) => x.latencyP99Ms), cls: 'second' }], range);
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('history failed', e);
    }
  }

  // ---- map ----
  async function refreshMap() {
    try {
      const m = await api('/api/map');
      $('map').replaceChildren(...m.zones.map((z) => {
        const box = document.createElement('div');
        box.className = 'zone' + (z.kind === 'exit' ? ' exit' : '') + (z.shoppers > 0 ? ' busy' : '');
        box.dataset.zone = z.id;
        const name = document.createElement('span'); name.className = 'name'; name.textContent = z.name + ' (' + z.id + ')';
        const shoppers = document.createElement('span'); shoppers.className = 'shoppers';
        shoppers.textContent = z.shoppers;
        shoppers.title = 'shoppers';
        const who = document.createElement('span'); who.textContent = z.shoppers === 1 ? 'shopper' : 'shoppers';
        const items = document.createElement('span'); items.className = 'items';
        items.textContent = z.items + ' items on the shelves';
        box.append(name, shoppers, who, items);
        return box;
      }));
      $('map-unplaced').textContent = m.unplaced ? m.unplaced + ' shopper(s) inside, not heard by a beacon yet' : '';
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('map failed', e);
    }
  }

  // ---- inventory ----
  function renderInventory() {
    const q = $('inv-search').value.trim().toLowerCase();
    const lowOnly = $('inv-low-only').checked;
    const rows = inventoryRows.filter((i) => (!lowOnly || i.low) &&
      (!q || [i.name, i.gtin, i.zone].some((v) => text(v).toLowerCase().includes(q))));
    const k = inventorySort.key;
    rows.sort((a, b) => {
      const x = a[k]; const y = b[k];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : text(x).localeCompare(text(y));
      return inventorySort.desc ? -c : c;
    });
    document.querySelectorAll('#inventory th[data-sort]').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === k);
      th.classList.toggle('desc', th.dataset.sort === k && inventorySort.desc);
    });
    fill('inventory', rows.map((i) => {
      const tr = row([i.name, i.gtin, i.zone, i.count, i.floorCount, i.threshold], [3, 4, 5]);
      if (i.low) { tr.className = 'low'; tr.title = 'low stock: fewer than ' + i.threshold + ' on the floor'; }
      tr.dataset.gtin = i.gtin;
      return tr;
    }));
  }
  $('inv-search').addEventListener('input', renderInventory);
  $('inv-low-only').addEventListener('change', renderInventory);
  document.querySelectorAll('#inventory th[data-sort]').forEach((th) => th.addEventListener('click', () => {
    inventorySort = { key: th.dataset.sort, desc: inventorySort.key === th.dataset.sort && !inventorySort.desc };
    renderInventory();
  }));

  // ---- orders ----
  function why(evidence) {
    if (!evidence) return '';
    const zones = (evidence.zones || []).join(' > ');
    const passed = evidence.phonePassedMillis == null ? ''
      : ', phone passed the exit ' + ((evidence.exitOuterMillis - evidence.phonePassedMillis) / 1000).toFixed(1) +
        ' s before the item';
    return evidence.reads + ' reads' + (zones ? ' in ' + zones : '') + passed + ', margin ' +
      Number(evidence.margin).toFixed(2);
  }
  function vatByRate(order) {
    const rates = {};
    (order.lines || []).forEach((l) => {
      if (l.vatRate === undefined || l.refundedAt) return;
      rates[l.vatRate] = (rates[l.vatRate] || 0) + (l.vatMinor || 0);
    });
    return Object.entries(rates).map(([rate, minor]) => 'VAT ' + (Number(rate) * 100).toFixed(0) + '%: ' +
      money(minor, order.currency)).join(', ');
  }
  function showOrder(order) {
    selectedOrder = order ? order.orderId : null;
    $('order-detail').hidden = !order;
    document.querySelectorAll('#orders tbody tr').forEach((tr) =>
      tr.classList.toggle('selected', tr.dataset.orderId === selectedOrder));
    if (!order) return;
    $('order-title').textContent = 'Order ' + order.orderId + ': ' + money(order.totalMinor, order.currency) +
      ', ' + order.status + ', customer ' + order.customerId;
    $('order-vat').textContent = vatByRate(order);
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
  function orderQuery() {
    const params = new URLSearchParams();
    const customer = $('search-customer').value.trim();
    const epc = $('search-epc').value.trim();
    if (customer) params.set('customer', customer);
    if (epc) params.set('epc', epc.toUpperCase());
    if ($('search-from').value) params.set('from', new Date($('search-from').value).toISOString());
    if ($('search-to').value) params.set('to', new Date($('search-to').value).toISOString());
    const q = params.toString();
    return '/api/orders' + (q ? '?' + q : '');
  }
  async function refreshOrders() {
    let o;
    try {
      o = await api(orderQuery());
    } catch (e) {
      if (e.message !== 'unauthorized') toast(e.message, true);
      return;
    }
    orders = o;
    fill('orders', orders.map((order) => {
      const tr = row([time(order.chargedAt), order.visitId, order.customerId, order.status,
        (order.lines || []).map((l) => l.name || l.gtin).join(', '), money(order.totalMinor, order.currency)], [5]);
      tr.dataset.orderId = order.orderId;
      tr.addEventListener('click', () => showOrder(order));
      return tr;
    }));
    showOrder(orders.find((x) => x.orderId === selectedOrder) || null);
  }
  $('order-search').addEventListener('submit', (ev) => { ev.preventDefault(); refreshOrders(); });
  $('search-clear').addEventListener('click', () => {
    ['search-customer', 'search-epc', 'search-from', 'search-to'].forEach((id) => { $(id).value = ''; });
    refreshOrders();
  });

  // ---- alerts ----
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

  async function refreshLists() {
    try {
      const [alerts, inventory] = await Promise.all([api('/api/alerts'), api('/api/inventory')]);
      fill('alerts', alerts.map(alertRow));
      inventoryRows = inventory;
      renderInventory();
      await refreshOrders();
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('refresh failed', e);
    }
  }

  // ---- session ----
  function showViews() {
    $('login').hidden = true; $('views').hidden = false; $('logout').hidden = false; $('nav').hidden = false;
    $('login-error').hidden = true;
    lastChange = '';
    show(view);
    stream = new EventSource('/api/stream');
    stream.addEventListener('overview', (ev) => onOverview(JSON.parse(ev.data)));
  }
  function showSignIn(message) {
    if (stream) { stream.close(); stream = null; }
    $('login').hidden = false; $('views').hidden = true; $('logout').hidden = true; $('nav').hidden = true;
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
  fetch('/api/overview', { credentials: 'same-origin' }).then((res) => { if (res.ok) showViews(); else showSignIn(); });
}());
