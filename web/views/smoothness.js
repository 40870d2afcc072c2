// Lesson 6c: a smoother landscape (Santurkar et al. 2018). Per run, on its
// last training mini-batch at each snapshot: the loss variation along the
// gradient (the range of the losses at learning rate x 0.5, 1, 2 and 4) and
// the gradient's change over one step, as effective beta-smoothness
// ||g(w - eta g) - g|| / ||eta g||. The worker measures them on demand; the
// runs are not changed by measuring.
import { t } from '../i18n/index.js';
import { runVar } from '../theme.js';
import { MiniChart } from './chart.js';
import { el, fmt, viewFrame } from './dom.js';

const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export class SmoothnessView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('smoothness', t('view.smoothness.title'), t('view.smoothness.caption'));
    const figure = (caption) => {
      const box = el('figure', 'mini-chart');
      const holder = el('div');
      box.append(el('figcaption', '', caption), holder);
      return { box, holder };
    };
    this.lossBox = figure(t('view.smoothness.lossVariation'));
    this.betaBox = figure(t('view.smoothness.beta'));
    this.grid = el('div', 'small-multiples');
    this.grid.append(this.lossBox.box, this.betaBox.box);
    this.list = el('ul', 'smoothness-summary');
    this.root.append(this.grid, this.list);
    this.charts = [];
  }

  setExperiment() {
    for (const c of this.charts) c.destroy();
    const { runs } = this.host.exp;
    const series = runs.map((r, i) => ({ label: r.name, color: this.host.palette.run(i) }));
    this.charts = [new MiniChart(this.lossBox.holder, { height: 150, series }), new MiniChart(this.betaBox.holder, { height: 150, series })];
    this.points = [];  // {step, runs: [{lossVariation, beta, gradChange} | null]}
    this.dirty = true;
  }

  update(views) {
    const d = views.smoothness;
    if (!d || !Array.isArray(d.runs) || d.runs.length === 0) return;
    const step = d.runs[0].step;
    const last = this.points[this.points.length - 1];
    if (last && step < last.step) this.points = [];  // a new experiment or a reset
    const entry = { step, runs: d.runs.map((r) => (r.error ? null : r)) };
    if (last && last.step === step) this.points[this.points.length - 1] = entry;
    else this.points.push(entry);
    if (this.points.length > 1500) this.points = this.points.filter((_, i, a) => i % 2 === 0 || i === a.length - 1);
    this.dirty = true;
  }

  column(i, key) {
    return this.points.map((p) => (p.runs[i] && Number.isFinite(p.runs[i][key]) ? p.runs[i][key] : null));
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const steps = this.points.map((p) => p.step);
    const n = this.host.exp.runs.length;
    this.charts[0].setData([steps, ...Array.from({ length: n }, (_, i) => this.column(i, 'lossVariation'))]);
    this.charts[1].setData([steps, ...Array.from({ length: n }, (_, i) => this.column(i, 'beta'))]);
    this.list.replaceChildren(...this.data().runs.map((r) => {
      const item = el('li');
      const swatch = el('span', 'swatch');
      swatch.style.background = runVar(r.run);
      item.append(swatch, ` ${t('view.smoothness.summary', { name: r.name, count: r.count,
        lossMax: fmt(r.lossVariationMax, 3), loss: fmt(r.lossVariation, 3), betaMax: fmt(r.betaMax, 3), beta: fmt(r.beta, 3) })}`);
      return item;
    }));
  }

  // Per run: medians and maxima over the recorded steps after step 0 (where nothing has trained yet).
  data() {
    const { runs } = this.host.exp;
    const later = (this.points || []).filter((p) => p.step > 0);
    return { steps: later.length, runs: runs.map((r, i) => {
      const pick = (key) => later.map((p) => (p.runs[i] ? p.runs[i][key] : null)).filter(Number.isFinite);
      const lv = pick('lossVariation');
      const beta = pick('beta');
      return { run: i, name: r.name, count: lv.length, lossVariation: median(lv), beta: median(beta), gradChange: median(pick('gradChange')),
        lossVariationMax: lv.length ? Math.max(...lv) : null, betaMax: beta.length ? Math.max(...beta) : null };
    }) };
  }

  destroy() { for (const c of this.charts) c.destroy(); }
}
