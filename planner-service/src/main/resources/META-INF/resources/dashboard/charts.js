// A small hand-written SVG line chart: time on x, one y axis per chart, a legend, and a message when
// there is nothing to draw.

const SVG = 'http://www.w3.org/2000/svg';

function node(name, attrs, text) {
  const n = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text != null) n.textContent = text;
  return n;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function clock(t) {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/**
 * series: [{name, color, points: [[epochMillis, value], ...], dashed?}]; options: {empty, yFormat}.
 * Draws every series against one y axis from 0 to the largest value.
 */
export function lineChart(svg, series, options = {}) {
  const width = svg.clientWidth || 600;
  const height = svg.clientHeight || 200;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.innerHTML = '';
  const drawn = series.filter(s => s.points.length > 0);
  if (!drawn.length) {
    svg.appendChild(node('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, options.empty || 'no data yet'));
    return;
  }
  const left = 44, right = 10, top = 22, bottom = 22;
  const all = drawn.flatMap(s => s.points);
  let t0 = Math.min(...all.map(p => p[0]));
  let t1 = Math.max(...all.map(p => p[0]));
  if (t1 === t0) { t0 -= 30000; t1 += 30000; }
  const yMax = niceMax(Math.max(...all.map(p => p[1])) * 1.05);
  const x = t => left + (t - t0) / (t1 - t0) * (width - left - right);
  const y = v => top + (1 - v / yMax) * (height - top - bottom);
  const fmt = options.yFormat || (v => (Math.round(v * 100) / 100).toString());
  for (let i = 0; i <= 4; i++) {
    const v = yMax * i / 4;
    svg.appendChild(node('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'axis', 'stroke-dasharray': i ? '2,3' : '' }));
    svg.appendChild(node('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  svg.appendChild(node('text', { x: left, y: height - 6 }, clock(t0)));
  svg.appendChild(node('text', { x: width - right, y: height - 6, 'text-anchor': 'end' }, clock(t1)));
  let lx = left;
  for (const s of drawn) {
    const d = s.points.map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join('');
    svg.appendChild(node('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '5,3' : '', 'data-series': s.name }));
    if (s.points.length < 20) {
      for (const p of s.points) svg.appendChild(node('circle', { cx: x(p[0]), cy: y(p[1]), r: 2.5, fill: s.color }));
    }
    svg.appendChild(node('rect', { x: lx, y: 6, width: 10, height: 3, fill: s.color }));
    const label = node('text', { x: lx + 14, y: 11 }, s.name);
    svg.appendChild(label);
    lx += 24 + s.name.length * 6.2;
  }
}
