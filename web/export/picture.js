// The panels as one picture for a slide or an assignment: every run's
// decision boundary recomputed by the engine at print resolution (side x side
// cells, one pixel each), the points, each run's name, its settings in words
// and its numbers, the step, and a legend. Drawn on a canvas of its own with
// the theme's colours (web/theme.js tokens); nothing on screen changes.
import { settingWords } from '../config-words.js';
import { formatAcc, formatLoss } from '../dom.js';
import { paintGrid, paintPoints } from '../heatmap.js';
import { t } from '../i18n/index.js';
import { classShape, tracePath } from '../markers.js';

export const PRINT_SIDE = 512;  // cells (and pixels) per panel side: at least 512, as promised
const MAX_COLUMNS = 4;
const PAD = 24;
const GAP = 24;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// "Learning rate: 0.3", "Activation: tanh": a run's overrides in words, as
// its panel's header says them (web/config-words.js).
export function settingsInWords(overrides = []) {
  return overrides.map((o) => settingWords(o.key, o.value, o.text));
}

// The shared settings a reader of the picture needs, in words (a run's own
// settings are under its name).
const SHARED_KEYS = ['data.name', 'data.points', 'model.hidden', 'model.activation', 'train.optimizer',
  'train.learning_rate', 'train.batch_size', 'seed'];

export function sharedInWords(config) {
  const valueAt = (key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), config);
  return SHARED_KEYS.filter((key) => valueAt(key) !== undefined).map((key) => {
    const v = valueAt(key);
    return settingsInWords([{ key, value: v, text: Array.isArray(v) ? v.join(',') : String(v) }])[0];
  });
}

// Lines of `text` (items joined by ", ") that fit `width` at the context's font.
function wrap(ctx, items, width) {
  const lines = [];
  let line = '';
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? ',' : '');
    const next = line ? `${line} ${piece}` : piece;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = piece;
    } else line = next;
  });
  if (line) lines.push(line);
  return lines;
}

const token = (root, name, fallback) => getComputedStyle(root).getPropertyValue(name).trim() || fallback;

// The picture of the app's experiment as it is now. Resolves to
// {blob (image/png), width, height, step, side}, or {error}.
export async function panelsPicture(app, side = PRINT_SIDE) {
  const shot = await app.engine.call('printGrids', side);
  if (shot.error) return { error: shot.error };
  const palette = app.palette();
  const doc = app.root.ownerDocument;
  const data = app.panels.data;
  const options = app.panels.options;
  const runs = shot.report.runs;
  const derived = (app.derived && app.derived.runs) || [];
  const n = runs.length;
  const cols = Math.min(n, MAX_COLUMNS);
  const rows = Math.ceil(n / cols);
  const S = shot.side;
  const colours = {
    bg: token(app.root, '--panel', '#ffffff'),
    plot: token(app.root, '--plot-bg', '#e8eaeb'),
    ink: palette.ink,
    muted: palette.muted,
    line: palette.line,
  };

  const canvas = doc.createElement('canvas');
  const ctx = canvas.getContext('2d');
  // Each panel's header: its name, then its settings wrapped to the panel's width.
  ctx.font = `15px ${FONT}`;
  const settings = runs.map((_, i) => wrap(ctx, settingsInWords(derived[i] && derived[i].overrides), S));
  const headerH = 30 + 20 * Math.max(1, ...settings.map((l) => l.length));
  const statsH = 48;
  const cellH = headerH + S + statsH;
  ctx.font = `15px ${FONT}`;
  const shared = wrap(ctx, sharedInWords(app.config || {}), cols * S + (cols - 1) * GAP - 80);
  const titleH = 72 + 20 * shared.length;
  const legendH = 72;
  canvas.width = PAD * 2 + cols * S + (cols - 1) * GAP;
  canvas.height = PAD * 2 + titleH + rows * cellH + (rows - 1) * GAP + legendH;

  ctx.fillStyle = colours.bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'top';

  // Title: the lesson, the step and epoch, what the boundary shows.
  const preset = app.presets.find((p) => p.name === app.presetName);
  const epoch = runs.find((r) => !r.diverged)?.epoch ?? runs[0]?.epoch ?? 0;
  ctx.fillStyle = colours.ink;
  ctx.font = `bold 22px ${FONT}`;
  ctx.fillText(t('export.pictureHeading', { title: preset ? String(preset.title || preset.name) : app.presetName }), PAD, PAD);
  ctx.font = `16px ${FONT}`;
  ctx.fillStyle = colours.muted;
  ctx.fillText(t('export.pictureStep', { step: shot.step, epoch: epoch.toFixed(epoch < 10 ? 2 : 1),
    mode: t(shot.gridMode === 1 ? 'export.modeBatch' : 'export.modeRunning') }), PAD, PAD + 32);
  ctx.font = `15px ${FONT}`;
  shared.forEach((line, k) => ctx.fillText(k === 0 ? `${t('export.shared')} ${line}` : line, PAD, PAD + 56 + 20 * k));

  const image = new ImageData(S, S);
  const heat = doc.createElement('canvas');
  heat.width = S;
  heat.height = S;
  const heatCtx = heat.getContext('2d');
  runs.forEach((run, i) => {
    const x = PAD + (i % cols) * (S + GAP);
    const y = PAD + titleH + Math.floor(i / cols) * (cellH + GAP);
    // Header: swatch, name, settings.
    ctx.fillStyle = palette.run(i);
    ctx.fillRect(x, y + 4, 16, 16);
    ctx.fillStyle = colours.ink;
    ctx.font = `bold 19px ${FONT}`;
    ctx.fillText(run.name || t('panel.untitled', { n: i + 1 }), x + 24, y + 2);
    ctx.font = `15px ${FONT}`;
    ctx.fillStyle = colours.muted;
    const lines = settings[i].length ? settings[i] : [t('export.noOverrides')];
    lines.forEach((line, k) => ctx.fillText(line, x, y + 30 + 20 * k));
    // The plot: the boundary over the engine's plane, the points over the drawing plane.
    const py = y + headerH;
    ctx.fillStyle = colours.plot;
    ctx.fillRect(x, py, S, S);
    paintGrid(image, shot.grids[i], shot.channels, options.discretize, palette);
    heatCtx.putImageData(image, 0, 0);
    const box = heatBox(data, S);
    ctx.save();
    if (run.diverged) ctx.globalAlpha = 0.35;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(heat, x + box.x, py + box.y, box.w, box.h);
    ctx.restore();
    if (data) {
      ctx.save();
      ctx.translate(x, py);
      ctx.beginPath();
      ctx.rect(0, 0, S, S);
      ctx.clip();
      paintPoints(ctx, S, S, data, options, palette);
      ctx.restore();
    }
    ctx.strokeStyle = colours.line;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, py + 0.5, S - 1, S - 1);
    // Numbers under the plot (a diverged run says so instead).
    ctx.font = `16px ${FONT}`;
    ctx.fillStyle = colours.ink;
    const sy = py + S + 10;
    if (run.diverged) {
      const at = run.divergedStep ?? run.step;
      ctx.fillText(t('export.diverged', { step: at, lastGood: run.lastGoodStep ?? at - 1 }), x, sy);
    } else {
      ctx.fillText(`${t('panel.testLoss')} ${formatLoss(run.testLoss)} · ${t('panel.testAcc')} ${formatAcc(run.testAcc)}`, x, sy);
      ctx.fillStyle = colours.muted;
      ctx.fillText(`${t('panel.trainLoss')} ${formatLoss(run.trainLoss)} · ${t('panel.trainAcc')} ${formatAcc(run.trainAcc)}`, x, sy + 20);
    }
  });

  drawLegend(ctx, PAD, canvas.height - PAD - legendH + 12, shot.channels === 1 ? 2 : shot.channels, options, palette, colours);

  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) return { error: t('export.pictureFailed') };
  return { blob, width: canvas.width, height: canvas.height, step: shot.step, side: S };
}

// Where the boundary goes in an S x S plot: all of it, or (drawn data) the
// engine's plane inside the fixed drawing plane (as web/panels.js places it).
function heatBox(data, S) {
  if (!data || !data.heatExtent) return { x: 0, y: 0, w: S, h: S };
  const [x0, x1, y0, y1] = data.heatExtent;
  const [px0, px1, py0, py1] = data.extent;
  const w = px1 - px0, h = py1 - py0;
  return { x: ((x0 - px0) / w) * S, y: ((py1 - y1) / h) * S, w: ((x1 - x0) / w) * S, h: ((y1 - y0) / h) * S };
}

// The legend: one marker per class (its shape and colour), a training and a
// test point, and what the background shows.
export function drawLegend(ctx, x, y, classes, options, palette, colours) {
  ctx.font = `15px ${FONT}`;
  ctx.textBaseline = 'middle';
  let at = x;
  const item = (draw, label) => {
    draw(at + 8, y + 8);
    ctx.fillStyle = colours.ink;
    ctx.fillText(label, at + 22, y + 8);
    at += 22 + ctx.measureText(label).width + 20;
  };
  // Each class's marker shape and the points' outlines, as paintPoints draws them.
  const dot = (cls, test) => (cx, cy) => {
    ctx.beginPath();
    tracePath(ctx, classShape(cls), cx, cy, 6);
    ctx.fillStyle = `rgb(${palette.classes[cls % palette.classes.length]})`;
    ctx.fill();
    ctx.lineWidth = (test ? 1.6 : 1) * Math.sqrt(palette.lineScale);
    ctx.strokeStyle = test ? palette.pointTest : palette.pointTrain;
    ctx.stroke();
  };
  for (let c = 0; c < classes; c++) item(dot(c, false), t('export.legendClass', { n: c }));
  item(dot(0, false), t('export.legendTrain'));
  if (options.showTest) item(dot(0, true), t('export.legendTest'));
  ctx.fillStyle = colours.muted;
  ctx.textBaseline = 'top';
  ctx.fillText(t(options.discretize ? 'export.legendDiscrete' : 'export.legendShade'), x, y + 28);
}
