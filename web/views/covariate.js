// Lesson 6b: covariate shift. For one hidden layer (default: the last), the
// 15th, 50th and 85th percentiles over training of z = W a, the dense
// layer's output BEFORE batch norm, in every run: what the earlier layers'
// learning changes (Ioffe & Szegedy 2015, Fig. 1 b/c, on a fixed probe
// batch). For runs with BN before g also BN's output, what g receives: its
// median is beta and its spread about |gamma| by construction (it is
// normalized with the probe batch's own statistics), so its steadiness says
// nothing about the layers below.
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape, runSwatch } from '../markers.js';
import { el, fillSelect, fmt, labeledSelect, viewFrame } from './dom.js';

// How far a percentile track moved from its first entry: the largest move of
// the median, and the latest 15th-85th spread, both in initial spreads.
export function drift(track) {
  const valid = track.filter((p) => Array.isArray(p) && p.every(Number.isFinite));
  if (valid.length === 0) return { drift: null, spread: null, initial: null, latest: null };
  const a = valid[0], b = valid[valid.length - 1];
  const s0 = a[2] - a[0];
  if (!(s0 > 0)) return { drift: null, spread: null, initial: a, latest: b };
  return { drift: Math.max(...valid.map((p) => Math.abs(p[1] - a[1]))) / s0, spread: (b[2] - b[0]) / s0, initial: a, latest: b };
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

  // One chart per (run, what): z before BN for every run, BN's output for
  // runs with BN before g.
  build() {
    for (const c of this.charts) c.chart.destroy();
    const { runs } = this.host.exp;
    const tracks = [];
    runs.forEach((run, i) => {
      tracks.push({ run: i, key: 'zBeforeBn', title: t(run.batchnorm ? 'view.covariate.beforeBn' : 'view.covariate.noBn') });
      if (run.batchnorm && run.placement === 'before') tracks.push({ run: i, key: 'preact', title: t('view.covariate.afterBn') });
    });
    this.charts = tracks.map((tr) => {
      const box = el('figure', 'mini-chart');
      box.dataset.run = String(tr.run);
      box.dataset.track = tr.key;
      const cap = el('figcaption');
      const note = el('span', 'hint');
      cap.append(runSwatch(tr.run, 12), el('span', '', ` ${runs[tr.run].name}: ${tr.title} `), note);
      const holder = el('div');
      box.append(cap, holder);
      return { ...tr, box, note, holder };
    });
    this.grid.replaceChildren(...this.charts.map((c) => c.box));
    for (const c of this.charts) {
      const color = this.host.palette.run(c.run);
      c.chart = new MiniChart(c.holder, { height: 140, series: [
        { label: t('view.covariate.p15'), color, dash: [4, 3] },
        { label: t('view.covariate.p50'), color, marker: runShape(c.run) },
        { label: t('view.covariate.p85'), color, dash: [4, 3] },
      ] });
    }
    this.version = -1;
  }

  update() {}

  track(run, key) {
    return this.host.history.entries.map((e) => {
      const r = e.runs[run];
      return r && !r.diverged && r[key] && r[key][this.layer] ? r[key][this.layer] : null;
    });
  }

  draw() {
    const h = this.host.history;
    if (h.version === this.version) return;
    this.version = h.version;
    const steps = h.steps();
    for (const c of this.charts) {
      const tr = this.track(c.run, c.key);
      c.chart.setData([steps, ...[0, 1, 2].map((k) => tr.map((p) => (p && Number.isFinite(p[k]) ? p[k] : null)))]);
      const d = drift(tr);
      c.note.textContent = d.drift === null ? '' : t('view.covariate.drift', { drift: fmt(d.drift, 2), spread: fmt(d.spread, 2) });
    }
  }

  // Per run: z before BN (and BN's output) as percentile tracks' drift.
  data() {
    const { runs } = this.host.exp;
    return { layer: this.layer, charts: this.charts.length, runs: runs.map((run, i) => ({
      name: run.name, batchnorm: run.batchnorm,
      z: drift(this.track(i, 'zBeforeBn')),
      out: run.batchnorm && run.placement === 'before' ? drift(this.track(i, 'preact')) : null,
    })) };
  }

  destroy() { for (const c of this.charts) c.chart.destroy(); }
}
