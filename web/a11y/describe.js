// The experiment in words, for screen readers and for the "describe"
// action: a run's step, accuracy, loss and divergence, what its decision
// boundary looks like (computed from the grid and the data the panel
// already has), the charts' latest values and trend, and which run leads.
// Pure functions of the numbers (no DOM), every word from web/i18n/.
import { formatAcc, formatLoss } from '../dom.js';
import { t } from '../i18n/index.js';
import { classShape } from '../markers.js';

// The plane in thirds: the region names a description uses.
const SECTORS = ['top-left', 'top', 'top-right', 'left', 'centre', 'right', 'bottom-left', 'bottom', 'bottom-right'];
const SECTOR_MAJORITY = 0.6;  // a sector "belongs" to a class holding at least this share of it

// The predicted class of every grid cell (-1 where the prediction is not a
// number). grid: size*size*channels, row-major from the top-left cell;
// channels 1 is P(class 1).
export function predictedClasses(grid, size, channels) {
  const cells = size * size;
  const out = new Int8Array(cells);
  for (let i = 0; i < cells; i++) {
    if (channels === 1) {
      const p = grid[i];
      out[i] = p >= 0 && p <= 1 ? (p >= 0.5 ? 1 : 0) : -1;
      continue;
    }
    let best = -1, bestP = -Infinity;
    for (let c = 0; c < channels; c++) {
      const p = grid[i * channels + c];
      if (!(p >= 0 && p <= 1)) { best = -1; break; }
      if (p > bestP) { bestP = p; best = c; }
    }
    out[i] = best;
  }
  return out;
}

// What the boundary looks like: per class its share of the plane and the
// sectors it holds, and how many training points fall on the wrong side.
// data: {extent: [xmin, xmax, ymin, ymax], trainX (x1, x2 interleaved), trainY, classes}.
export function boundarySummary(grid, size, channels, data) {
  const classes = Math.max(2, data && data.classes ? data.classes : channels === 1 ? 2 : channels);
  const predicted = predictedClasses(grid, size, channels);
  const counts = new Array(classes).fill(0);
  const sectorCounts = SECTORS.map(() => new Array(classes).fill(0));
  let known = 0;
  for (let row = 0; row < size; row++) {
    const sr = Math.min(2, Math.floor((row * 3) / size));
    for (let col = 0; col < size; col++) {
      const c = predicted[row * size + col];
      if (c < 0 || c >= classes) continue;
      known += 1;
      counts[c] += 1;
      sectorCounts[sr * 3 + Math.min(2, Math.floor((col * 3) / size))][c] += 1;
    }
  }
  const shares = counts.map((n) => (known ? n / known : 0));
  const sectors = sectorCounts.map((cs) => {
    const total = cs.reduce((a, b) => a + b, 0);
    const best = cs.indexOf(Math.max(...cs));
    return total > 0 && cs[best] / total >= SECTOR_MAJORITY ? best : -1;
  });
  let wrong = 0, total = 0;
  if (data && data.extent && data.trainX && data.trainY) {
    const [xmin, xmax, ymin, ymax] = data.extent;
    for (let i = 0; i < data.trainY.length; i++) {
      const col = Math.floor(((data.trainX[2 * i] - xmin) / (xmax - xmin)) * size);
      const row = Math.floor(((ymax - data.trainX[2 * i + 1]) / (ymax - ymin)) * size);
      if (!(col >= 0 && col < size && row >= 0 && row < size)) continue;
      const c = predicted[row * size + col];
      if (c < 0) continue;
      total += 1;
      if (c !== data.trainY[i]) wrong += 1;
    }
  }
  return { classes, shares, sectors, wrong, total, known: known / (size * size) };
}

export const className = (c) => t('describe.class', { n: c, shape: t(`shape.${classShape(c)}`) });
const percent = (share) => `${Math.round(share * 100)}%`;

function list(items) {
  if (items.length <= 1) return items.join('');
  return t('describe.list', { items: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}

export function describeBoundary(summary) {
  if (!summary || summary.known === 0) return t('describe.noBoundary');
  const parts = [];
  for (let c = 0; c < summary.classes; c++) {
    const share = summary.shares[c];
    if (share < 0.005) continue;
    const places = SECTORS.filter((_, k) => summary.sectors[k] === c).map((s) => t(`describe.sector.${s}`));
    parts.push(places.length
      ? t('describe.classHoldsAt', { cls: className(c), share: percent(share), places: list(places) })
      : t('describe.classHolds', { cls: className(c), share: percent(share) }));
  }
  const text = [t('describe.boundary', { parts: parts.join('; ') })];
  if (summary.total > 0) text.push(t('describe.wrongSide', { wrong: summary.wrong, total: summary.total }));
  return text.join(' ');
}

// One run: its name, step, test accuracy and loss, divergence, milestone and boundary.
export function describeRun(run, { step, reached = null, boundary = null } = {}) {
  const name = run.name;
  if (run.diverged) return t('describe.runDiverged', { name, step: run.divergedStep ?? step });
  const text = [t('describe.run', { name, step, acc: formatAcc(run.testAcc), loss: formatLoss(run.testLoss), trainAcc: formatAcc(run.trainAcc) })];
  if (reached !== null && reached !== undefined) text.push(t('describe.reached', { step: reached }));
  if (boundary) text.push(describeBoundary(boundary));
  return text.join(' ');
}

// Which run leads on test accuracy (a tie within half a point is level).
export function describeLeader(runs) {
  const live = runs.filter((r) => !r.diverged && Number.isFinite(r.testAcc));
  if (runs.length < 2) return '';
  if (live.length === 0) return t('describe.allDiverged');
  const sorted = [...live].sort((a, b) => b.testAcc - a.testAcc);
  const best = sorted[0], worst = sorted[sorted.length - 1];
  if (live.length === 1) return t('describe.onlyLive', { name: best.name, acc: formatAcc(best.testAcc) });
  if (best.testAcc - worst.testAcc < 0.005) return t('describe.level', { acc: formatAcc(best.testAcc) });
  return t('describe.leads', { name: best.name, acc: formatAcc(best.testAcc), other: worst.name, otherAcc: formatAcc(worst.testAcc) });
}

// The whole state at once: what is running, where training is, each run, who leads.
export function describeAll({ status, title, runTexts }) {
  const state = status.playing ? t('describe.playing') : t('describe.paused');
  const head = t('describe.head', { title, step: status.step, epoch: Number(status.epoch || 0).toFixed(1), state });
  return [head, ...runTexts, describeLeader(status.runs)].filter(Boolean).join(' ');
}

// The trend of a series: 'falling', 'rising' or 'steady', comparing the
// mean of its last third with the mean of the third before (smoothing the
// mini-batch noise), or null with too few values.
export function trendOf(values) {
  const xs = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  if (xs.length < 4) return null;
  const w = Math.max(2, Math.floor(xs.length / 3));
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const now = mean(xs.slice(-w));
  const then = mean(xs.slice(-2 * w, -w));
  const change = (now - then) / Math.max(Math.abs(then), Math.abs(now), 1e-9);
  if (change < -0.02) return 'falling';
  if (change > 0.02) return 'rising';
  return 'steady';
}

// A chart in words: per run, the latest test value and its trend.
// kind: 'loss' | 'accuracy'.
export function chartSummary(kind, history, names) {
  const latest = history.latest();
  if (!latest) return t('charts.noData');
  const metric = kind === 'loss' ? 'testLoss' : 'testAcc';
  const format = kind === 'loss' ? formatLoss : formatAcc;
  const parts = names.map((name, r) => {
    const rec = latest.runs[r];
    if (!rec || rec.diverged) return t('charts.summaryDiverged', { name });
    const trend = trendOf(history.column(r, (x) => x[metric]));
    return t('charts.summaryRun', { name, value: format(rec[metric]), trend: trend ? t(`charts.trend.${trend}`) : t('charts.trend.new') });
  });
  return t(kind === 'loss' ? 'charts.summaryLoss' : 'charts.summaryAccuracy', { step: latest.step, runs: parts.join('; ') });
}
