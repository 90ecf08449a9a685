// The partition heatmap: one SVG rect per cell, the server having folded the range into at most as many
// cells as fit (so 100,000 partitions stay one screen). Each rect carries data-state and data-index,
// hovering shows the cell's breakdown, clicking keeps it in the detail line below.

export const STATES = ['PLANNED', 'RUNNING', 'PAUSED', 'STAGED', 'PUBLISHED', 'DISCARDED', 'ROLLED_BACK', 'REJECTED', 'FAILED'];
const SVG = 'http://www.w3.org/2000/svg';

export function color(state) {
  const v = getComputedStyle(document.documentElement).getPropertyValue('--' + (state || 'planned').toLowerCase());
  return v ? v.trim() : '#d0d7de';
}

/** How many cells to ask for, and their size, for a container `width` pixels wide and `total` partitions. */
export function layout(width, total) {
  const cells = Math.max(1, Math.min(total, 2400));
  // Aim for a block about 260 px tall; cells between 7 and 30 px.
  const size = Math.max(7, Math.min(30, Math.floor(Math.sqrt((width * 260) / cells))));
  const gap = size >= 12 ? 2 : 1;
  const columns = Math.max(1, Math.floor((width + gap) / (size + gap)));
  return { cells: Math.min(cells, columns * Math.ceil(cells / columns)), size, gap, columns };
}

export function draw(svg, view, geometry, handlers) {
  const { size, gap, columns } = geometry;
  const count = view.cells.length;
  const rows = Math.max(1, Math.ceil(count / columns));
  svg.setAttribute('height', rows * (size + gap));
  svg.setAttribute('viewBox', `0 0 ${columns * (size + gap)} ${rows * (size + gap)}`);
  svg.setAttribute('data-cells', String(count));
  svg.setAttribute('data-total', String(view.total));
  // Reuse rects so a live update only recolours.
  while (svg.childNodes.length > count) svg.removeChild(svg.lastChild);
  const fills = {};
  for (let i = 0; i < count; i++) {
    const cell = view.cells[i];
    let rect = svg.childNodes[i];
    if (!rect) {
      rect = document.createElementNS(SVG, 'rect');
      svg.appendChild(rect);
    }
    rect.setAttribute('x', (i % columns) * (size + gap));
    rect.setAttribute('y', Math.floor(i / columns) * (size + gap));
    rect.setAttribute('width', size);
    rect.setAttribute('height', size);
    rect.setAttribute('rx', size >= 12 ? 2 : 0);
    rect.setAttribute('data-index', String(i));
    rect.setAttribute('data-state', cell.state);
    rect.setAttribute('fill', fills[cell.state] || (fills[cell.state] = color(cell.state)));
    // Mixed cells are drawn a little lighter: their colour is the majority (or an alarm), not all of it.
    const mixed = Object.keys(cell.states).length > 1;
    rect.setAttribute('fill-opacity', mixed ? '0.7' : '1');
  }
  svg.onmousemove = e => {
    const index = e.target.getAttribute && e.target.getAttribute('data-index');
    if (index == null) { handlers.leave(); return; }
    handlers.hover(view.cells[Number(index)], e);
  };
  svg.onmouseleave = () => handlers.leave();
  svg.onclick = e => {
    const index = e.target.getAttribute && e.target.getAttribute('data-index');
    if (index != null) handlers.pick(view.cells[Number(index)], Number(index));
  };
}

export function legend(el, counts) {
  el.innerHTML = '';
  for (const state of STATES) {
    const n = counts[state] || 0;
    const span = document.createElement('span');
    span.innerHTML = `<i style="background:${color(state)}"></i>${state.replace('_', ' ').toLowerCase()} <b>${n.toLocaleString()}</b>`;
    if (!n) span.style.opacity = '0.5';
    el.appendChild(span);
  }
}
