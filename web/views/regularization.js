// Lesson 7: test loss minus train loss over steps, one line per run.
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape } from '../markers.js';
import { el, fmt, viewFrame } from './dom.js';

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
    this.note.textContent = this.host.exp.runs.map((r, i) => t('view.nameValue', { name: r.name, value: fmt(gaps[i] ? gaps[i][gaps[i].length - 1] : null, 3) })).join(' · ');
  }

  data() {
    const gaps = this.gaps();
    return { lines: this.chart ? this.chart.plot.series.length - 1 : 0,
      runs: this.host.exp.runs.map((r, i) => ({ name: r.name, gap: gaps[i] && gaps[i].length ? gaps[i][gaps[i].length - 1] : null })) };
  }

  destroy() { if (this.chart) this.chart.destroy(); }
}
