// Lessons 7 and 7b: test loss minus train loss over steps, one line per run;
// beside it each run's latest gap and test accuracy (a smaller gap need not
// mean a better test score: lesson 7b, batch norm against dropout).
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape } from '../markers.js';
import { formatAcc } from '../dom.js';
import { el, fmt, viewFrame } from './dom.js';

const last = (xs) => (xs && xs.length ? xs[xs.length - 1] : null);

export class RegularizationView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('regularization', t('view.regularization.title'), t('view.regularization.caption'));
    this.holder = el('div');
    this.note = el('p', 'view-note');
    this.root.append(this.holder, this.note);
    this.chart = null;
    this.version = -1;
  }

  setExperiment() {
    if (this.chart) this.chart.destroy();
    const { runs } = this.host.exp;
    this.chart = new MiniChart(this.holder, { height: 170, series: runs.map((r, i) => ({ label: r.name, color: this.host.palette.run(i), marker: runShape(i) })) });
    this.version = -1;
  }

  update() {}

  gaps() {
    const h = this.host.history;
    return this.host.exp.runs.map((_, r) => h.column(r, (x) => (x.testLoss === null || x.trainLoss === null ? null : x.testLoss - x.trainLoss)));
  }

  draw() {
    const h = this.host.history;
    if (h.version === this.version) return;
    this.version = h.version;
    const gaps = this.gaps();
    this.chart.setData([h.steps(), ...gaps]);
    const accs = this.testAccs();
    this.note.textContent = this.host.exp.runs.map((r, i) => t('view.regularization.gapAcc', {
      name: r.name, gap: fmt(last(gaps[i]), 3), acc: formatAcc(last(accs[i])) })).join(' · ');
  }

  testAccs() {
    return this.host.exp.runs.map((_, r) => this.host.history.column(r, (x) => x.testAcc));
  }

  data() {
    const gaps = this.gaps(), accs = this.testAccs();
    return { lines: this.chart ? this.chart.plot.series.length - 1 : 0,
      note: this.note.textContent,
      runs: this.host.exp.runs.map((r, i) => ({ name: r.name, gap: last(gaps[i]), testAcc: last(accs[i]) })) };
  }

  destroy() { if (this.chart) this.chart.destroy(); }
}
