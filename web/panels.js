// One panel per run: its decision boundary, the data, its numbers, and a
// clear "diverged" state instead of a broken heatmap.
import { drawPoints, paintGrid } from './heatmap.js';

// Run colors (charts and panel headers); distinct from the class colors.
export const RUN_COLORS = ['#7b3fa0', '#1a9e77', '#d6336c', '#b8860b', '#3366cc', '#8c564b', '#17becf', '#555555'];
export function runColor(i) {
  return RUN_COLORS[i % RUN_COLORS.length];
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatLoss(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v >= 100 ? v.toExponential(2) : v.toFixed(3);
}

export function formatAcc(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(1)}%`;
}

// "model.batchnorm = true, train.learning_rate = 0.3" from a run's overrides
// (the engine's derived.runs[i].overrides: key, value and its text).
function describeOverrides(run) {
  const overrides = run && Array.isArray(run.overrides) ? run.overrides : [];
  return overrides.map((o) => `${o.key} = ${o.text}`).join(', ');
}

class RunPanel {
  constructor(index, run) {
    this.index = index;
    this.root = el('article', 'panel');
    this.root.dataset.run = String(index);
    const header = el('header', 'panel-header');
    const swatch = el('span', 'swatch');
    swatch.style.background = runColor(index);
    const title = el('h3', 'panel-title', run.name || `run ${index + 1}`);
    header.append(swatch, title);
    const overrides = describeOverrides(run);
    if (overrides) header.append(el('span', 'panel-overrides', overrides));

    this.plot = el('div', 'plot');
    this.heat = el('canvas', 'heat');
    this.heat.setAttribute('role', 'img');
    this.heat.setAttribute('aria-label', `Decision boundary of ${run.name || 'this run'}`);
    this.points = el('canvas', 'points');
    this.points.setAttribute('aria-hidden', 'true');
    this.banner = el('div', 'diverged-banner');
    this.banner.hidden = true;
    this.plot.append(this.heat, this.points, this.banner);

    this.stats = {};
    const dl = el('dl', 'stats');
    for (const [key, label] of [['testLoss', 'Test loss'], ['trainLoss', 'Train loss'], ['testAcc', 'Test accuracy'], ['trainAcc', 'Train accuracy']]) {
      const item = el('div', `stat stat-${key}`);
      const dd = el('dd', '', '–');
      item.append(el('dt', '', label), dd);
      dl.append(item);
      this.stats[key] = dd;
    }
    this.milestone = el('p', 'milestone', '');
    this.root.append(header, this.plot, dl, this.milestone);
    this.image = null;
  }

  showData(data, options) {
    this.data = data;
    drawPoints(this.points, data, options);
  }

  // reached: the first step seen with test accuracy >= 90%, or null.
  update(run, grid, size, channels, options, reached) {
    this.milestone.textContent = reached === null || reached === undefined
      ? 'Not yet at 90% test accuracy'
      : `Reached 90% test accuracy by step ${reached}`;
    this.milestone.classList.toggle('is-reached', reached !== null && reached !== undefined);
    this.stats.trainLoss.textContent = formatLoss(run.trainLoss);
    this.stats.testLoss.textContent = formatLoss(run.testLoss);
    this.stats.trainAcc.textContent = formatAcc(run.trainAcc);
    this.stats.testAcc.textContent = formatAcc(run.testAcc);
    const diverged = Boolean(run.diverged);
    this.root.classList.toggle('is-diverged', diverged);
    this.banner.hidden = !diverged;
    if (diverged) {
      const at = run.divergedStep ?? run.step;
      this.banner.textContent = `Diverged at step ${at}: the loss became NaN or infinite, so this run stopped training.`;
      return;
    }
    if (!grid) return;
    if (this.heat.width !== size || this.heat.height !== size) {
      this.heat.width = size;
      this.heat.height = size;
      this.image = null;
    }
    const ctx = this.heat.getContext('2d');
    if (!this.image) this.image = ctx.createImageData(size, size);
    paintGrid(this.image, grid, channels, options.discretize);
    ctx.putImageData(this.image, 0, 0);
  }
}

export class Panels {
  constructor(container) {
    this.container = container;
    this.panels = [];
    this.data = null;
    this.options = { discretize: false, showTest: true };
    this.resizer = new ResizeObserver(() => this.redrawPoints());
  }

  // Rebuilds the panels when the runs change (names or count).
  setRuns(runs) {
    const names = runs.map((r) => `${r.name}|${describeOverrides(r)}`).join('\n');
    if (names === this.names) return;
    this.names = names;
    this.resizer.disconnect();
    this.panels = runs.map((run, i) => new RunPanel(i, run));
    this.container.replaceChildren(...this.panels.map((p) => p.root));
    this.container.style.setProperty('--runs', String(Math.max(1, runs.length)));
    // More than four runs (the learning-rate race): small multiples, four a row.
    this.container.classList.toggle('is-compact', runs.length > 4);
    for (const p of this.panels) this.resizer.observe(p.plot);
    this.redrawPoints();
  }

  setData(data) {
    this.data = data;
    this.redrawPoints();
  }

  setOptions(options) {
    Object.assign(this.options, options);
    this.redrawPoints();
  }

  redrawPoints() {
    for (const p of this.panels) p.showData(this.data, this.options);
  }

  // Draws one snapshot; returns the number of boundaries painted.
  draw(snapshot, reached = []) {
    let painted = 0;
    snapshot.report.runs.forEach((run, i) => {
      const panel = this.panels[i];
      if (!panel) return;
      panel.update(run, snapshot.grids[i], snapshot.gridSize, snapshot.channels, this.options, reached[i]);
      if (snapshot.grids[i]) painted += 1;
    });
    return painted;
  }
}
