// Decision boundary drawing: class probabilities on a small canvas (one pixel
// per grid cell, scaled up smoothly by CSS, as TF Playground does) and the data
// points with axes on a full-resolution overlay canvas. Colours come from the
// theme's palette (web/theme.js), never from constants here. Each class has
// its own marker shape (web/markers.js) and test points a thick dark
// outline, so neither depends on seeing colour.
import { t } from './i18n/index.js';
import { classShape, tracePath } from './markers.js';

function mix(a, b, t) {
  return [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * t);
}

// 256-entry lookup for P(class 1): class 0 -> neutral ("unsure") -> class 1.
const tables = new WeakMap();  // palette -> its lookup table
function divergingTable(palette) {
  let table = tables.get(palette);
  if (table) return table;
  table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    const c = p < 0.5 ? mix(palette.classes[0], palette.neutral, p * 2) : mix(palette.neutral, palette.classes[1], (p - 0.5) * 2);
    table.set(c, i * 3);
  }
  tables.set(palette, table);
  return table;
}

// grid: Float32Array of size*size*channels, row-major from the top-left cell.
// Fills `image` (ImageData of size x size).
export function paintGrid(image, grid, channels, discretize, palette) {
  const px = image.data;
  const DIVERGING = divergingTable(palette);
  const MISSING = palette.missing;
  const cells = image.width * image.height;
  if (channels === 1) {
    for (let i = 0; i < cells; i++) {
      let p = grid[i];
      let r, g, b;
      if (!(p >= 0 && p <= 1)) {
        [r, g, b] = MISSING;
      } else {
        if (discretize) p = p >= 0.5 ? 0.85 : 0.15;
        const k = Math.round(p * 255) * 3;
        r = DIVERGING[k]; g = DIVERGING[k + 1]; b = DIVERGING[k + 2];
      }
      const o = i * 4;
      px[o] = r; px[o + 1] = g; px[o + 2] = b; px[o + 3] = 255;
    }
    return;
  }
  // K classes: blend class colors by probability, fading to neutral as the
  // prediction approaches uniform (confidence 0).
  // (No allocation per cell: this runs for every cell of every frame.)
  const k = channels;
  const colors = Array.from({ length: k }, (_, c) => palette.classes[c % palette.classes.length]);
  const solid = colors.map((color) => mix(palette.neutral, color, 0.7));
  const [nr, ng, nb] = palette.neutral;
  for (let i = 0; i < cells; i++) {
    let best = 0, bestP = -1, r = 0, g = 0, b = 0, ok = true;
    for (let c = 0; c < k; c++) {
      const p = grid[i * k + c];
      if (!(p >= 0 && p <= 1)) { ok = false; break; }
      const color = colors[c];
      r += p * color[0]; g += p * color[1]; b += p * color[2];
      if (p > bestP) { bestP = p; best = c; }
    }
    const o = i * 4;
    if (!ok) {
      r = MISSING[0]; g = MISSING[1]; b = MISSING[2];
    } else if (discretize) {
      [r, g, b] = solid[best];
    } else {
      const t = Math.max(0, (bestP - 1 / k) / (1 - 1 / k));
      r = nr + (r - nr) * t; g = ng + (g - ng) * t; b = nb + (b - nb) * t;
    }
    px[o] = r; px[o + 1] = g; px[o + 2] = b; px[o + 3] = 255;
  }
}

// "Nice" tick values covering [lo, hi] (about `count` of them).
export function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function tickLabel(v) {
  return Number(v.toPrecision(6)).toString();
}

// The canvas resolution for `canvas`: device pixels, and more when the
// reader has pinch-zoomed the page (the visual viewport's scale), so points
// stay sharp under a pinch; capped to keep the canvas small.
export function pixelRatio(win = window) {
  const zoom = win.visualViewport && win.visualViewport.scale > 1 ? win.visualViewport.scale : 1;
  return Math.min(4, (win.devicePixelRatio || 1) * zoom);
}

const PATH_SHAPES = 128;

// Points and axes for one panel. `data` = {extent, trainX, trainY, testX, testY}.
export function drawPoints(canvas, data, { showTest }, palette) {
  const dpr = pixelRatio();
  const cssW = canvas.clientWidth, cssH = canvas.clientHeight;
  if (cssW === 0 || cssH === 0) return;
  const w = Math.round(cssW * dpr), h = Math.round(cssH * dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  if (data) paintPoints(ctx, cssW, cssH, data, { showTest }, palette);
}

// The same on any 2D context, in a cssW x cssH box at its origin (the
// take-away picture draws its panels with it: web/export/picture.js).
export function paintPoints(ctx, cssW, cssH, data, { showTest }, palette) {
  const [xmin, xmax, ymin, ymax] = data.extent;
  const sx = (x) => ((x - xmin) / (xmax - xmin)) * cssW;
  const sy = (y) => ((ymax - y) / (ymax - ymin)) * cssH;
  // Large enough for the shapes to read on a phone's small panels.
  const radius = Math.max(3, Math.min(5, cssW / 90)) * Math.sqrt(palette.lineScale);

  // A few paths per class and kind: a few fills and strokes, not one per
  // point. Each path holds at most PATH_SHAPES shapes: Chromium's cost of one
  // path grows faster than its size (19,000 points on 8 panels took 15 s of
  // main thread in one path per class, about 1 s in chunks of 128). All of a class's
  // fills come before its strokes, as with one path.
  const dots = (xs, ys, test) => {
    const classes = new Set(ys);
    for (const c of classes) {
      const paths = [];
      let path = null, count = 0;
      for (let i = 0; i < ys.length; i++) {
        if (ys[i] !== c) continue;
        const x = sx(xs[2 * i]), y = sy(xs[2 * i + 1]);
        if (!(x >= -radius && x <= cssW + radius && y >= -radius && y <= cssH + radius)) continue;
        if (!path || count === PATH_SHAPES) { path = new Path2D(); paths.push(path); count = 0; }
        tracePath(path, classShape(c), x, y, radius);
        count += 1;
      }
      ctx.fillStyle = `rgb(${palette.classes[c % palette.classes.length]})`;
      for (const p of paths) ctx.fill(p);
      // Test points: a thick dark outline (as in TF Playground); training points a thin light one.
      // (Thicker in the projector theme, but not so thick that a cluster turns into outline.)
      ctx.lineWidth = (test ? 1.6 : 1) * Math.sqrt(palette.lineScale);
      ctx.strokeStyle = test ? palette.pointTest : palette.pointTrain;
      for (const p of paths) ctx.stroke(p);
    }
  };
  dots(data.trainX, data.trainY, false);
  if (showTest) dots(data.testX, data.testY, true);
  drawAxes(ctx, cssW, cssH, data.extent, palette);
}

// The axes' labels, placed so that none overlaps another or leaves the plot:
// the axis names first, then the x ticks' labels along the bottom, then the
// y ticks' along the left; a tick label that would touch one already placed
// (the plot's corners, where the two axes meet) is left out, its tick mark
// stays; one wider than the room at the edge is moved in. measure(text) -> width in CSS pixels; fontPx: the labels' height.
// Returns {ticks: {x: [px], y: [px]}, labels: [{text, x, y, align, baseline,
// box: [left, top, right, bottom], kind}]} (a pure function: tested in Node).
export const LABEL_GAP = 2;  // px between two labels' boxes (the halo is 1.5 px)
export function axisLayout(w, h, [xmin, xmax, ymin, ymax], measure, fontPx = 10) {
  const sx = (x) => ((x - xmin) / (xmax - xmin)) * w;
  const sy = (y) => ((ymax - y) / (ymax - ymin)) * h;
  const labels = [];
  const clear = (b) => b[0] >= 0 && b[1] >= 0 && b[2] <= w && b[3] <= h &&
    labels.every(({ box: o }) => b[2] + LABEL_GAP <= o[0] || o[2] + LABEL_GAP <= b[0] || b[3] + LABEL_GAP <= o[1] || o[3] + LABEL_GAP <= b[1]);
  const place = (label, always = false) => { if (always || clear(label.box)) labels.push(label); };
  const name1 = t('plot.x1'), name2 = t('plot.x2');
  const w1 = measure(name1), w2 = measure(name2);
  place({ text: name1, x: w - 4, y: h - 18, align: 'right', baseline: 'bottom', box: [w - 4 - w1, h - 18 - fontPx, w - 4, h - 18], kind: 'name' }, true);
  place({ text: name2, x: 20, y: 3, align: 'left', baseline: 'top', box: [20, 3, 20 + w2, 3 + fontPx], kind: 'name' }, true);
  const ticks = { x: [], y: [] };
  for (const v of niceTicks(xmin, xmax)) {
    const x = sx(v);
    if (x < 12 || x > w - 12) continue;
    ticks.x.push(x);
    // A label wider than the room beside the edge moves in, off its tick's centre.
    const text = tickLabel(v), tw = measure(text), at = Math.min(Math.max(x, tw / 2 + 1), w - tw / 2 - 1);
    place({ text, x: at, y: h - 5, align: 'center', baseline: 'bottom', box: [at - tw / 2, h - 5 - fontPx, at + tw / 2, h - 5], kind: 'x' });
  }
  for (const v of niceTicks(ymin, ymax)) {
    const y = sy(v);
    if (y < 10 || y > h - 18) continue;
    ticks.y.push(y);
    const text = tickLabel(v), tw = measure(text);
    place({ text, x: 8, y, align: 'left', baseline: 'middle', box: [8, y - fontPx / 2, 8 + tw, y + fontPx / 2], kind: 'y' });  // 4 px from its tick: not read as a minus
  }
  return { ticks, labels };
}

function drawAxes(ctx, w, h, extent, palette) {
  const fontPx = Math.round(10 * Math.sqrt(palette.lineScale));
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.lineWidth = palette.lineScale;
  ctx.strokeStyle = palette.plotInk;
  ctx.fillStyle = palette.plotInk;
  const halo = (text, x, y) => {
    ctx.save();
    ctx.strokeStyle = palette.plotHalo;
    ctx.lineWidth = 3;
    ctx.strokeText(text, x, y);
    ctx.restore();
    ctx.fillText(text, x, y);
  };
  const { ticks, labels } = axisLayout(w, h, extent, (text) => ctx.measureText(text).width, fontPx);
  for (const x of ticks.x) { ctx.beginPath(); ctx.moveTo(x, h); ctx.lineTo(x, h - 4); ctx.stroke(); }
  for (const y of ticks.y) { ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(4, y); ctx.stroke(); }
  for (const label of labels) {
    ctx.textAlign = label.align;
    ctx.textBaseline = label.baseline;
    halo(label.text, label.x, label.y);
  }
}
