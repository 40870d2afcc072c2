// One panel per run: its decision boundary, the data, its numbers, and a
// clear "diverged" state instead of a broken heatmap. Each panel also holds
// its description in words (a polite live region, filled by
// web/a11y/descriptions.js), read by screen readers with the boundary.
import { el, formatAcc, formatLoss } from './dom.js';
import { drawPoints, paintGrid } from './heatmap.js';
import { t } from './i18n/index.js';
import { runSwatch } from './markers.js';

// "model.batchnorm = true, train.learning_rate = 0.3" from a run's overrides
// (the engine's derived.runs[i].overrides: key, value and its text).
function describeOverrides(run) {
  const overrides = run && Array.isArray(run.overrides) ? run.overrides : [];
  return overrides.map((o) => `${o.key} = ${o.text}`).join(', ');
}

// The boundary covers the engine's plane (heatExtent); the learner's drawn
// data is shown on a fixed drawing plane (extent) that may differ from it.
function placeHeat(canvas, data) {
  const s = canvas.style;
  const [x0, x1, y0, y1] = data && data.heatExtent ? data.heatExtent : [0, 1, 0, 1];
  const [px0, px1, py0, py1] = data && data.heatExtent ? data.extent : [0, 1, 0, 1];
  if (!data || !data.heatExtent || (x0 === px0 && x1 === px1 && y0 === py0 && y1 === py1)) {
    s.inset = s.width = s.height = '';
    return;
  }
  const w = px1 - px0, h = py1 - py0;
  s.inset = 'auto';
  s.left = `${((x0 - px0) / w) * 100}%`;
  s.top = `${((py1 - y1) / h) * 100}%`;
  s.width = `${((x1 - x0) / w) * 100}%`;
  s.height = `${((y1 - y0) / h) * 100}%`;
}

// The id of a panel's title (the panel is labelled by it; web/runs/ builds
// its own headers with the same id).
export const panelTitleId = (index) => `panel-${index}-title`;

function defaultHeader(index, run) {
  const header = el('header', 'panel-header');
  header.append(runSwatch(index), el('h3', { className: 'panel-title', id: panelTitleId(index) }, run.name || t('panel.untitled', { n: index + 1 })));
  const overrides = describeOverrides(run);
  if (overrides) header.append(el('span', 'panel-overrides', overrides));
  return header;
}

class RunPanel {
  // hooks (web/runs/): header(index, run) builds the header; below(index,
  // run) a node under the numbers (the run's editor) or null.
  constructor(index, run, hooks = {}) {
    this.index = index;
    this.root = el('article', 'panel');
    this.root.dataset.run = String(index);
    const header = hooks.header ? hooks.header(index, run) : defaultHeader(index, run);
    const name = run.name || t('panel.untitled', { n: index + 1 });
    const below = hooks.below ? hooks.below(index, run) : null;
    this.root.setAttribute('aria-labelledby', panelTitleId(index));

    this.plot = el('div', 'plot');
    this.heat = el('canvas', 'heat');
    this.heat.setAttribute('role', 'img');
    this.heat.setAttribute('aria-label', t('panel.boundaryLabel', { name }));
    this.description = el('p', { className: 'panel-description visually-hidden', id: `panel-${index}-description`,
      'aria-live': 'polite', 'aria-atomic': 'true' });
    this.heat.setAttribute('aria-describedby', this.description.id);
    this.points = el('canvas', 'points');
    this.points.setAttribute('aria-hidden', 'true');
    this.banner = el('div', 'diverged-banner');
    this.banner.hidden = true;
    this.plot.append(this.heat, this.points, this.banner);

    this.stats = {};
    const dl = el('dl', 'stats');
    for (const key of ['testLoss', 'trainLoss', 'testAcc', 'trainAcc']) {
      const item = el('div', `stat stat-${key}`);
      const dd = el('dd', '', '–');
      item.append(el('dt', '', t(`panel.${key}`)), dd);
      dl.append(item);
      this.stats[key] = dd;
    }
    this.milestone = el('p', 'milestone', '');
    // The run's editor goes last, so the plots of all panels stay level.
    this.root.append(header, this.plot, dl, this.milestone, this.description, ...(below ? [below] : []));
    this.image = null;
  }

  showData(data, options, palette) {
    this.data = data;
    placeHeat(this.heat, data);
    drawPoints(this.points, data, options, palette);
  }

  // reached: the first step seen with test accuracy >= 90%, or null.
  update(run, grid, size, channels, options, reached, palette) {
    this.milestone.textContent = reached === null || reached === undefined
      ? t('panel.notReached')
      : t('panel.reached', { step: reached });
    this.milestone.classList.toggle('is-reached', reached !== null && reached !== undefined);
    this.stats.trainLoss.textContent = formatLoss(run.trainLoss);
    this.stats.testLoss.textContent = formatLoss(run.testLoss);
    this.stats.trainAcc.textContent = formatAcc(run.trainAcc);
    this.stats.testAcc.textContent = formatAcc(run.testAcc);
    const diverged = Boolean(run.diverged);
    this.root.classList.toggle('is-diverged', diverged);
    this.banner.hidden = !diverged;
    // The last finite boundary stays visible, dimmed (style.css), with the
    // banner's text over it.
    if (diverged) {
      const at = run.divergedStep ?? run.step;
      this.banner.textContent = t('panel.diverged', { step: at, lastGood: run.lastGoodStep ?? at - 1 });
    }
    if (!grid) return;
    if (this.heat.width !== size || this.heat.height !== size) {
      this.heat.width = size;
      this.heat.height = size;
      this.image = null;
    }
    const ctx = this.heat.getContext('2d');
    if (!this.image) this.image = ctx.createImageData(size, size);
    paintGrid(this.image, grid, channels, options.discretize, palette);
    ctx.putImageData(this.image, 0, 0);
  }
}

export class Panels {
  // palette(): the theme's current palette (web/theme.js).
  // hooks: the run panels' header and editor (web/runs/; see RunPanel).
  constructor(container, palette, hooks = {}) {
    this.container = container;
    this.palette = palette;
    this.hooks = hooks;
    this.panels = [];
    this.data = null;
    this.options = { discretize: false, showTest: true };
    this.resizer = new ResizeObserver(() => this.redrawPoints());
    // A pinch zoom: the points are drawn again at the finer resolution.
    const viewport = container.ownerDocument.defaultView.visualViewport;
    if (viewport) {
      let scale = viewport.scale;
      viewport.addEventListener('resize', () => {
        if (viewport.scale === scale) return;
        scale = viewport.scale;
        this.redrawPoints();
      });
    }
  }

  // The description nodes, in run order (web/a11y/descriptions.js fills them).
  descriptionNodes() {
    return this.panels.map((p) => p.description);
  }

  // Rebuilds the panels when the runs change (names or count).
  setRuns(runs) {
    const names = runs.map((r) => `${r.name}|${describeOverrides(r)}`).join('\n');
    if (names === this.names) return;
    this.names = names;
    this.resizer.disconnect();
    this.panels = runs.map((run, i) => new RunPanel(i, run, this.hooks));
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
    const palette = this.palette();
    for (const p of this.panels) p.showData(this.data, this.options, palette);
  }

  // Draws one snapshot; returns the number of boundaries painted.
  draw(snapshot, reached = []) {
    let painted = 0;
    const palette = this.palette();
    snapshot.report.runs.forEach((run, i) => {
      const panel = this.panels[i];
      if (!panel) return;
      panel.update(run, snapshot.grids[i], snapshot.gridSize, snapshot.channels, this.options, reached[i], palette);
      if (snapshot.grids[i]) painted += 1;
    });
    return painted;
  }
}
