// Lesson 4: mini-batch statistics. The selected unit's batch mean mu and
// batch variance sigma^2 (of the last training mini-batch at each recorded
// step) against steps, one line per BN run, so batches of 8 and of 128 can be
// compared; and how much each jumps about over the latest steps.
import { t } from '../i18n/index.js';
import { runVar } from '../theme.js';
import { MiniChart } from './chart.js';
import { el, fmt, std, viewFrame } from './dom.js';

// A run's name, with its batch size unless the name says it already.
const named = (run) => (run.batchSize && !String(run.name).includes(`batch ${run.batchSize}`)
  ? t('view.batchstats.named', { name: run.name, size: run.batchSize }) : run.name);

export const JITTER_WINDOW = 50;  // latest recorded steps the jitter is measured over

export class BatchStatsView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('batchstats', t('view.batchstats.title'), t('view.batchstats.caption'));
    const figure = (caption) => {
      const box = el('figure', 'mini-chart');
      const holder = el('div');
      box.append(el('figcaption', '', caption), holder);
      return { box, holder };
    };
    this.muBox = figure(t('view.batchstats.mean'));
    this.varBox = figure(t('view.batchstats.variance'));
    this.summary = el('p', 'view-note');
    this.list = el('ul', 'batchstats-jitter');
    this.root.append(this.summary, this.muBox.box, this.varBox.box, this.list);
    this.charts = [];
    this.version = -1;
  }

  setExperiment() {
    for (const c of this.charts) c.destroy();
    const { runs, bnRuns } = this.host.exp;
    this.runs = bnRuns;
    const series = bnRuns.map((i) => ({ label: named(runs[i]), color: this.host.palette.run(i) }));
    this.charts = [new MiniChart(this.muBox.holder, { height: 140, series }), new MiniChart(this.varBox.holder, { height: 140, series })];
    this.version = -1;
  }

  update() {}

  // The selected unit's value of `key` (batchMean or batchVar) in one history record.
  pick(key) {
    const { layer, unit } = this.host.selection;
    return (r) => (r.bn && r.bn[layer] && Array.isArray(r.bn[layer][key]) ? r.bn[layer][key][unit] : null);
  }

  draw() {
    const h = this.host.history;
    if (h.version === this.version) return;
    this.version = h.version;
    const steps = h.steps();
    this.charts[0].setData([steps, ...this.runs.map((i) => h.column(i, this.pick('batchMean')))]);
    this.charts[1].setData([steps, ...this.runs.map((i) => h.column(i, this.pick('batchVar')))]);
    const d = this.data();
    this.summary.textContent = this.runs.length === 0 ? t('view.batchstats.noBn')
      : t('view.batchstats.unit', { unit: d.unit, layer: d.layer + 1 });
    this.list.replaceChildren(...d.runs.map((r) => {
      const item = el('li');
      const swatch = el('span', 'swatch');
      swatch.style.background = runVar(r.run);
      item.append(swatch, ` ${t('view.batchstats.jitter', { name: named(r), count: r.count, mu: fmt(r.muStd, 3), var: fmt(r.varStd, 3) })}`);
      return item;
    }));
  }

  // Per BN run: the standard deviation of mu and of sigma^2 over the latest
  // JITTER_WINDOW recorded steps, and the latest values.
  data() {
    const h = this.host.history;
    const { runs } = this.host.exp;
    const { layer, unit } = this.host.selection;
    return { layer, unit, window: JITTER_WINDOW, runs: (this.runs || []).map((i) => {
      const mu = h.column(i, this.pick('batchMean')).filter((v) => v !== null).slice(-JITTER_WINDOW);
      const va = h.column(i, this.pick('batchVar')).filter((v) => v !== null).slice(-JITTER_WINDOW);
      return { run: i, name: runs[i].name, batchSize: runs[i].batchSize, count: mu.length,
        muStd: mu.length > 1 ? std(mu) : null, varStd: va.length > 1 ? std(va) : null,
        mu: mu.length ? mu[mu.length - 1] : null, var: va.length ? va[va.length - 1] : null };
    }) };
  }

  destroy() { for (const c of this.charts) c.destroy(); }
}
