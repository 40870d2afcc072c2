// Lesson 8: batch norm at test time. Per BN run, its boundary three ways:
// normalized with the running averages (what inference uses), with the last
// training batch's statistics, and one input at a time as a batch of one;
// and how far the running averages lag the batch statistics over steps.
import { paintGrid } from '../heatmap.js';
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape, runSwatch } from '../markers.js';
import { el, viewFrame } from './dom.js';

// The three ways, by their i18n keys (view.testtime.<mode>.title / .caption).
const MODES = ['running', 'batch', 'single'];

// Summary numbers of the three grids: the spread of the batch-of-one grid
// (0 when constant) and the mean |difference| between modes 0 and 1.
export function gridStats(grids) {
  const [g0, g1, g2] = grids;
  let lo = Infinity, hi = -Infinity, diff = 0;
  for (let i = 0; i < g2.length; i++) {
    if (g2[i] < lo) lo = g2[i];
    if (g2[i] > hi) hi = g2[i];
    diff += Math.abs(g0[i] - g1[i]);
  }
  return { mode2Range: g2.length ? hi - lo : null, diff01: g0.length ? diff / g0.length : null };
}

export class TestTimeView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('testtime', t('view.testtime.title'), t('view.testtime.caption'));
    this.body = el('div', 'testtime-runs');
    const chartBox = el('figure', 'mini-chart');
    chartBox.append(el('figcaption', '', t('view.testtime.chartCaption')));
    this.holder = el('div');
    chartBox.append(this.holder);
    this.root.append(this.body, chartBox);
    this.chart = null;
    this.latest = null;
    this.dirty = false;
    this.version = -1;
  }

  setExperiment() {
    const { runs, bnRuns } = this.host.exp;
    this.cells = new Map();
    this.body.replaceChildren(...bnRuns.map((i) => {
      const fig = el('figure', 'testtime-run');
      fig.dataset.run = String(i);
      const cap = el('figcaption');
      cap.append(runSwatch(i, 12), el('span', '', ` ${runs[i].name}`));
      const row = el('div', 'testtime-row');
      const canvases = MODES.map((mode) => {
        const title = t(`view.testtime.${mode}.title`);
        const caption = t(`view.testtime.${mode}.caption`);
        const cell = el('div', 'testtime-cell');
        const canvas = el('canvas', 'testtime-heat');
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('view.testtime.canvasLabel', { title, name: runs[i].name }));
        cell.append(el('strong', '', title), canvas, el('p', 'view-note', caption));
        row.append(cell);
        return canvas;
      });
      fig.append(cap, row);
      this.cells.set(i, canvases);
      return fig;
    }));
    if (bnRuns.length === 0) this.body.append(el('p', 'view-note', t('view.testtime.noBn')));
    if (this.chart) this.chart.destroy();
    this.chart = new MiniChart(this.holder, { height: 150, series: bnRuns.map((i) => ({ label: runs[i].name, color: this.host.palette.run(i), marker: runShape(i) })) });
    this.bnRuns = bnRuns;
    this.latest = null;
    this.version = -1;
  }

  update(views, report, snapshot) {
    if (views.testtime) {
      this.latest = views.testtime;
      this.channels = snapshot.channels;
      this.stats = views.testtime.runs.map((r) => ({ run: r.run, ...gridStats(r.grids) }));
      this.dirty = true;
    }
  }

  draw() {
    if (this.dirty && this.latest) {
      this.dirty = false;
      const side = this.latest.side;
      for (const r of this.latest.runs) {
        const canvases = this.cells.get(r.run);
        if (!canvases) continue;
        r.grids.forEach((grid, m) => {
          const c = canvases[m];
          if (c.width !== side) { c.width = side; c.height = side; }
          const ctx = c.getContext('2d');
          const image = ctx.createImageData(side, side);
          paintGrid(image, grid, this.channels, false, this.host.palette);
          ctx.putImageData(image, 0, 0);
        });
      }
    }
    const h = this.host.history;
    if (h.version !== this.version && this.chart) {
      this.version = h.version;
      this.chart.setData([h.steps(), ...this.bnRuns.map((i) => h.column(i, (r) => r.lag))]);
    }
  }

  data() {
    const last = this.host.history.latest();
    const { runs } = this.host.exp;
    return { runs: (this.stats || []).map((s) => ({ ...s, name: runs[s.run] ? runs[s.run].name : '',
      lag: last && last.runs[s.run] ? last.runs[s.run].lag : null })) };
  }

  destroy() { if (this.chart) this.chart.destroy(); }
}
