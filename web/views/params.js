// Lesson 5: gradient descent moves gamma and beta too. Per run, mean |γ - 1|
// and mean |β| over every BN unit (both start at 0) against steps.
import { MiniChart } from './chart.js';
import { t } from '../i18n/index.js';
import { runShape } from '../markers.js';
import { el, fmt, viewFrame } from './dom.js';

export class ParamsView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('params', t('view.params.title'), t('view.params.caption'));
    this.holder = el('div');
    this.table = el('p', 'view-note');
    this.root.append(this.holder, this.table);
    this.chart = null;
    this.version = -1;
  }

  setExperiment() {
    if (this.chart) this.chart.destroy();
    const { runs, bnRuns } = this.host.exp;
    this.runs = bnRuns;
    this.chart = new MiniChart(this.holder, {
      height: 170,
      series: bnRuns.flatMap((i) => [
        { label: t('view.params.gamma', { name: runs[i].name }), color: this.host.palette.run(i), marker: runShape(i) },
        { label: t('view.params.beta', { name: runs[i].name }), color: this.host.palette.run(i), dash: [5, 3], marker: runShape(i), hollow: true },
      ]),
    });
    this.version = -1;
  }

  update() {}

  draw() {
    const h = this.host.history;
    if (h.version === this.version) return;
    this.version = h.version;
    this.chart.setData([h.steps(), ...this.runs.flatMap((i) => [h.column(i, (r) => r.gammaDev), h.column(i, (r) => r.betaAbs)])]);
    const d = this.data();
    this.table.textContent = d.runs.length === 0 ? t('view.noBn')
      : d.runs.map((r) => t('view.params.values', { name: r.name, gamma: fmt(r.gammaDev, 3), beta: fmt(r.betaAbs, 3) })).join(' · ');
  }

  data() {
    const last = this.host.history.latest();
    const { runs } = this.host.exp;
    return { runs: (this.runs || []).map((i) => ({ run: i, name: runs[i].name,
      gammaDev: last && last.runs[i] ? last.runs[i].gammaDev : null,
      betaAbs: last && last.runs[i] ? last.runs[i].betaAbs : null })) };
  }

  destroy() { if (this.chart) this.chart.destroy(); }
}
