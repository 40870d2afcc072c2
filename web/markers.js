// Marker shapes, so that colour is never the only cue: each class of points
// has its own shape on the panels (circles, squares, triangles, ...), and
// each run has its own marker on the charts' lines, in its legend and in
// its swatches. One list of shapes drawn two ways: on a canvas (the panels'
// points, the charts) and as SVG (swatches beside run names).
import { svg } from './dom.js';
import { runVar } from './theme.js';

export const SHAPES = Object.freeze(['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'plus', 'star', 'hexagon']);

export const classShape = (c) => SHAPES[c % SHAPES.length];
export const runShape = (i) => SHAPES[i % SHAPES.length];

// The outline of `shape` centred on (0, 0) with "radius" r, as polygon
// points; sized so every shape covers about the area of a circle of radius r.
function polygon(shape, r) {
  const ring = (n, radius, turn = -Math.PI / 2) => Array.from({ length: n }, (_, k) => {
    const a = turn + (2 * Math.PI * k) / n;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
  switch (shape) {
    case 'square': { const s = r * 0.886; return [[-s, -s], [s, -s], [s, s], [-s, s]]; }
    case 'triangle': return ring(3, r * 1.35);
    case 'triangle-down': return ring(3, r * 1.35, Math.PI / 2);
    case 'diamond': return ring(4, r * 1.25);
    case 'hexagon': return ring(6, r * 1.1);
    case 'star': {
      const outer = ring(5, r * 1.45), inner = ring(5, r * 0.62, -Math.PI / 2 + Math.PI / 5);
      return outer.flatMap((p, k) => [p, inner[k]]);
    }
    case 'plus': {
      const a = r * 1.25, b = r * 0.45;
      return [[-b, -a], [b, -a], [b, -b], [a, -b], [a, b], [b, b], [b, a], [-b, a], [-b, b], [-a, b], [-a, -b], [-b, -b]];
    }
    default: return null;  // circle
  }
}

// Adds the shape at (x, y) to the context's current path (the caller fills
// and strokes it).
export function tracePath(ctx, shape, x, y, r) {
  const points = polygon(shape, r);
  if (!points) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    return;
  }
  ctx.moveTo(x + points[0][0], y + points[0][1]);
  for (let k = 1; k < points.length; k++) ctx.lineTo(x + points[k][0], y + points[k][1]);
  ctx.closePath();
}

// An SVG picture of the shape (size x size px), filled with `fill` (a CSS
// colour, e.g. runVar(i)); decorative: the name beside it says the same.
export function markerSvg(shape, { size = 14, fill = 'currentColor', stroke = 'none', className = 'marker' } = {}) {
  const half = size / 2;
  const r = size * 0.34;
  const image = svg('svg', { class: className, width: size, height: size, viewBox: `0 0 ${size} ${size}`, 'aria-hidden': 'true', focusable: 'false' });
  const points = polygon(shape, r);
  const node = points
    ? svg('polygon', { points: points.map(([x, y]) => `${(half + x).toFixed(2)},${(half + y).toFixed(2)}`).join(' ') })
    : svg('circle', { cx: half, cy: half, r });
  // CSSOM, not a style attribute: the page's CSP has no 'unsafe-inline' for styles.
  node.style.fill = fill;
  node.style.stroke = stroke;
  image.append(node);
  return image;
}

// The swatch beside a run's name: its colour in its marker's shape (a span
// clipped by CSS, .shape-<name> in style.css, so it lines up with text).
export function runSwatch(i, size = 14) {
  const swatch = document.createElement('span');
  swatch.className = `swatch run-swatch shape-${runShape(i)}`;
  swatch.setAttribute('aria-hidden', 'true');
  // CSSOM, not a style attribute: the page's CSP has no 'unsafe-inline' for styles.
  swatch.style.background = runVar(i);
  swatch.style.width = `${size}px`;
  swatch.style.height = `${size}px`;
  return swatch;
}

// Markers along the lines of a uPlot chart (its draw hook): every series
// with a `marker` shape gets one every `spacing` CSS px, filled with its
// `markerColor` (or hollow, with `hollow`), the series' markers offset by
// their `markerSlot` so that lines lying on each other still show both.
export function drawLineMarkers(u, { ratio = 1, lineScale = 1, background = 'transparent', spacing = 72 } = {}) {
  const ctx = u.ctx;
  const xs = u.data[0];
  if (!xs || xs.length === 0) return;
  const marked = u.series.filter((s) => s.marker && s.show !== false);
  const slots = Math.max(1, ...marked.map((s) => (s.markerSlot || 0) + 1));
  const { left, top, width, height } = u.bbox;
  const r = 3.5 * ratio * Math.sqrt(lineScale);
  const step = spacing * ratio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  u.series.forEach((s, i) => {
    if (i === 0 || !s.marker || s.show === false) return;
    const ys = u.data[i];
    if (!ys) return;
    ctx.beginPath();
    let next = left + (((s.markerSlot || 0) + 0.5) / slots) * step;
    for (let k = 0; k < xs.length; k++) {
      if (ys[k] === null || ys[k] === undefined) continue;
      const x = u.valToPos(xs[k], 'x', true);
      if (x < next) continue;
      const y = u.valToPos(ys[k], 'y', true);
      if (!Number.isFinite(y)) continue;
      tracePath(ctx, s.marker, x, y, r);
      next = x + step;
    }
    ctx.fillStyle = s.hollow ? background : s.markerColor;
    ctx.strokeStyle = s.markerColor;
    ctx.lineWidth = 1.5 * ratio;
    ctx.fill();
    ctx.stroke();
  });
  ctx.restore();
}
