// Walkout dashboard: signs in with the staff key (kept for this tab only) and polls the staff API.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem('walkout.staffKey');
  let timer = null;

  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function money(minor, currency) { return (minor / 100).toFixed(2) + ' ' + text(currency); }
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
  function fill(tableId, rows) {
    const body = $(tableId).querySelector('tbody');
    body.replaceChildren(...rows);
  }
  function pairs(dlId, entries) {
    const dl = $(dlId);
    dl.replaceChildren();
    entries.forEach(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = text(v);
      dl.append(dt, dd);
    });
  }
  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + key } });
    if (res.status === 401) throw new Error('unauthorized');
    return res.json();
  }
  async function refresh() {
    try {
      const health = await (await fetch('/health')).json();
      const status = $('store-status');
      status.textContent = 'store ' + health.status;
      status.className = 'pill ' + (health.status === 'UP' ? 'up' : 'down');
      pairs('health', Object.entries(health.parts || {}).concat([
        ['journal appended', health.journal && health.journal.appended],
        ['journal relayed', health.journal && health.journal.relayed]]));
      pairs('readers', Object.entries(health.readers || {}));
      const [orders, alerts, inventory] = await Promise.all([api('/api/orders'), api('/api/alerts'),
        api('/api/inventory')]);
      fill('orders', orders.map((o) => row([o.chargedAt, o.visitId, o.customerId, o.status,
        (o.lines || []).map((l) => l.name || l.gtin).join(', '), money(o.totalMinor, o.currency)], [5])));
      fill('alerts', alerts.map((a) => row([a.at, a.type, a.epc, a.gtin, (a.visitIds || []).join(', '),
        a.resolved ? 'yes' : 'no'])));
      fill('inventory', inventory.map((i) => row([i.name, i.gtin, i.zone, i.count], [3])));
    } catch (e) {
      if (e.message === 'unauthorized') { signOut('That staff key was refused.'); }
    }
  }
  function signedIn() {
    $('login').hidden = true; $('views').hidden = false; $('logout').hidden = false;
    refresh();
    timer = setInterval(refresh, 2000);
  }
  function signOut(message) {
    key = null; sessionStorage.removeItem('walkout.staffKey');
    if (timer) clearInterval(timer);
    $('login').hidden = false; $('views').hidden = true; $('logout').hidden = true;
    $('store-status').textContent = 'not signed in'; $('store-status').className = 'pill';
    $('login-error').hidden = !message; $('login-error').textContent = message || '';
  }
  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    key = $('key').value;
    const res = await fetch('/api/orders', { headers: { Authorization: 'Bearer ' + key } });
    if (res.ok) { sessionStorage.setItem('walkout.staffKey', key); $('login-error').hidden = true; signedIn(); }
    else { signOut('That staff key was refused.'); }
  });
  $('logout').addEventListener('click', () => signOut());
  if (key) signedIn();
}());
