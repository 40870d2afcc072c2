// Lesson 6b: covariate shift. For one hidden layer (default: the last), the
// 15th, 50th and 85th percentiles of its pre-activations on a fixed probe
// batch against steps, one small chart per run (Ioffe & Szegedy 2015, Fig. 1 b/c).
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape, runSwatch } from '../markers.js';
import { el, fillSelect, fmt, labeledSelect, viewFrame } from './dom.js';

function padded(lo, hi) {
  const pad = Math.max((hi - lo) * 0.08, 1e-3);
  return [lo - pad, hi + pad];
}

export class CovariateView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('covariate', t('view.covariate.title'), t('view.covariate.caption'));
    const controls = el('div', 'view-controls');
    this.layerSelect = labeledSelect(t('view.inspector.layer'), (v) => { this.layer = Number(v); this.build(); });
    controls.append(this.layerSelect.wrap);
    this.grid = el('div', 'small-multiples');
    this.root.append(controls, this.grid);
    this.charts = [];
    this.layer = 0;
    this.version = -1;
  }

  setExperiment() {
    const hidden = this.host.exp.runs.length ? this.host.exp.runs[0].hidden : [];
    this.layer = Math.max(0, hidden.length - 1);
    fillSelect(this.layerSelect.select, hidden.map((u, l) => [l, l === hidden.length - 1 ? t('view.covariate.lastLayer', { n: l + 1 }) : String(l + 1)]), this.layer);
    this.build();
  }

  build() {
    for (const c of this.charts) c.chart.destroy();
    const { runs } = this.host.exp;
    this.charts = runs.map((run, i) => {
      const box = el('figure', 'mini-chart');
      const cap = el('figcaption');
      const drift = el('span', 'hint');
      cap.append(runSwatch(i, 12), el('span', '', ` ${run.name} `), drift);
      const holder = el('div');
      box.append(cap, holder);
      return { box, drift, holder };
    });
    this.grid.replaceChildren(...this.charts.map((c) => c.box));
    for (const [i, c] of this.charts.entries()) {
      // One y scale for all runs, so their drifts compare at a glance.
      c.chart = new MiniChart(c.holder, { height: 150, yRange: (u, min, max) => this.range || [min, max], series: [
        { label: t('view.covariate.p15'), color: this.host.palette.run(i), dash: [4, 3] },
        { label: t('view.covariate.p50'), color: this.host.palette.run(i), marker: runShape(i) },
        { label: t('view.covariate.p85'), color: this.host.palette.run(i), dash: [4, 3] },
      ] });
    }
    this.version = -1;
  }

  update() {}

  draw() {
    const h = this.host.history;
    if (h.version === this.version) return;
    this.version = h.version;
    const steps = h.steps();
    const d = this.data();
    const columns = this.charts.map((c, i) => [0, 1, 2].map((k) => h.column(i, (r) => (r.preact[this.layer] ? r.preact[this.layer][k] : null))));
    const values = columns.flat(2).filter((v) => v !== null);
    this.range = values.length ? padded(Math.min(...values), Math.max(...values)) : null;
    this.charts.forEach((c, i) => {
      c.chart.setData([steps, ...columns[i]]);
      const r = d.runs[i];
      c.drift.textContent = r && r.drift !== null ? t('view.covariate.drift', { drift: fmt(r.drift, 2) }) : '';
    });
  }

  // Per run: the first and latest percentiles, and how far the median moved in
  // units of the first 15th-85th spread.
  data() {
    const h = this.host.history;
    const first = h.first(), last = h.latest();
    return { layer: this.layer, runs: this.host.exp.runs.map((run, i) => {
      const a = first && first.runs[i] ? first.runs[i].preact[this.layer] : null;
      const b = last && last.runs[i] && !last.runs[i].diverged ? last.runs[i].preact[this.layer] : null;
      const spread = a ? a[2] - a[0] : null;
      return { name: run.name, initial: a || null, latest: b || null,
        drift: a && b && spread > 0 ? Math.abs(b[1] - a[1]) / spread : null };
    }) };
  }

  destroy() { for (const c of this.charts) c.chart.destroy(); }
}
