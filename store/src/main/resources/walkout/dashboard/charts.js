// Walkout's charts: small hand-written SVG line charts (no library, nothing fetched).
// WalkoutCharts.line(svg, series, options): series is a list of {values: [number|null], cls}; the x axis is the
// index (evenly spaced time buckets), the y axis starts at 0. Gaps (null) break the line.
(function () {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';
  const H = 140;
  const PAD_LEFT = 34;
  const PAD_BOTTOM = 16;

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, String(v)));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * magnitude) return step * magnitude;
    }
    return 10 * magnitude;
  }

  function format(value) {
    return value >= 1000 ? (value / 1000).toFixed(value >= 10000 ? 0 : 1) + 'k' : String(Math.round(value * 10) / 10);
  }

  function line(svg, series, options) {
    const opts = options || {};
    // Drawn in the element's own pixels, so text is never stretched.
    const W = Math.max(200, Math.round(svg.getBoundingClientRect().width) || 400);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    const count = Math.max(1, ...series.map((s) => s.values.length));
    const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined))));
    const x = (i) => PAD_LEFT + (count <= 1 ? 0 : i * (W - PAD_LEFT - 4) / (count - 1));
    const y = (v) => (H - PAD_BOTTOM) - v * (H - PAD_BOTTOM - 6) / max;
    const children = [
      el('line', { x1: PAD_LEFT, y1: H - PAD_BOTTOM, x2: W, y2: H - PAD_BOTTOM, class: 'axis' }),
      el('line', { x1: PAD_LEFT, y1: 4, x2: PAD_LEFT, y2: H - PAD_BOTTOM, class: 'axis' }),
      el('text', { x: 2, y: 12 }, format(max)),
      el('text', { x: 2, y: H - PAD_BOTTOM }, '0'),
      el('text', { x: PAD_LEFT, y: H - 3 }, opts.from || ''),
      el('text', { x: W - 2, y: H - 3, 'text-anchor': 'end' }, opts.to || 'now'),
    ];
    series.forEach((s) => {
      let points = [];
      const flush = () => {
        if (points.length > 1) {
          children.push(el('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'line ' + (s.cls || '') }));
        } else if (points.length === 1) {
          // A lone value between gaps: a dot, or it would not show at all.
          children.push(el('circle', { cx: points[0][0], cy: points[0][1], r: 2.5, class: 'dot ' + (s.cls || '') }));
        }
        points = [];
      };
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) { flush(); return; }
        points.push([x(i).toFixed(1), y(v).toFixed(1)]);
      });
      flush();
    });
    svg.replaceChildren(...children);
  }

  window.WalkoutCharts = { line: line };
}());
