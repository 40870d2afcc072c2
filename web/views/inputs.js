// Lesson 1: the statistics input normalization uses. Per feature, the raw
// training set's mean and standard deviation and range, and which runs
// standardize (x - μ) / σ before the first layer.
import { t } from '../i18n/index.js';
import { el, fmt, viewFrame } from './dom.js';

function range(xs, k) {
  let lo = Infinity, hi = -Infinity;
  for (let i = k; i < xs.length; i += 2) {
    if (xs[i] < lo) lo = xs[i];
    if (xs[i] > hi) hi = xs[i];
  }
  return xs.length ? [lo, hi] : [null, null];
}

export class InputsView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('inputs', t('view.inputs.title'), t('view.inputs.caption'));
    this.table = el('table', 'view-table');
    this.runs = el('p', 'view-note');
    this.root.append(this.table, this.runs);
    this.report = null;
    this.shown = '';
  }

  setExperiment() {
    this.report = null;
    this.shown = '';
    const { runs } = this.host.exp;
    this.runs.textContent = runs.map((r) => t(r.standardize ? 'view.inputs.standardized' : 'view.inputs.raw', { name: r.name })).join(' ');
  }

  update(views, report) { this.report = report; }

  draw() {
    const d = this.data();
    const key = JSON.stringify(d.features);
    if (!d.features.length || key === this.shown) return;
    this.shown = key;
    const head = el('tr');
    for (const key of ['view.inputs.feature', 'view.inputs.mean', 'view.inputs.std', 'view.inputs.range']) head.append(el('th', { scope: 'col' }, t(key)));
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const f of d.features) {
      const tr = el('tr');
      tr.append(el('th', { scope: 'row' }, t(`view.inputs.${f.name}`)), el('td', 'num', fmt(f.mean, 3)), el('td', 'num', fmt(f.std, 3)),
        el('td', 'num', t('view.inputs.rangeValue', { lo: fmt(f.range[0], 3), hi: fmt(f.range[1], 3) })));
      tbody.append(tr);
    }
    this.table.replaceChildren(thead, tbody);
  }

  data() {
    const r = this.report && this.report.runs[0];
    const x = this.host.exp.data ? this.host.exp.data.trainX : [];
    const features = r && Array.isArray(r.inputMean) ? ['x1', 'x2'].map((name, k) => ({
      name, mean: r.inputMean[k], std: r.inputStd[k], range: range(x, k) })) : [];
    return { features, runs: this.host.exp.runs.map((s) => ({ name: s.name, standardized: s.standardize })) };
  }

  destroy() {}
}
