// The loss and accuracy charts (uPlot): per run one color, train solid and
// test dashed, every legend entry named "<run> · train|test".
import uPlot from './vendor/uPlot.esm.js';
import { t } from './i18n/index.js';
import { palette } from './theme.js';

const HEIGHT = 190;
const MIN_FILL_HEIGHT = 60;
const LOG_FLOOR = 1e-6;  // a log axis cannot show 0

function seriesFor(runs, format, colors) {
  const series = [{ label: t('charts.step'), value: (u, v) => (v === null || v === undefined ? '–' : String(v)) }];
  runs.forEach((run, i) => {
    const name = run.name || t('panel.untitled', { n: i + 1 });
    const common = { stroke: colors.run(i), width: 1.75 * colors.lineScale, points: { show: false }, value: (u, v) => format(v) };
    series.push({ ...common, label: t('charts.train', { name }), legendFill: colors.run(i) });
    series.push({ ...common, label: t('charts.test', { name }), dash: [6, 4], legendFill: 'transparent' });
  });
  return series;
}

class Chart {
  // fill: take the container's height (set by CSS: the widget's charts
  // shrink to fit its box) instead of a fixed one.
  constructor(container, { log, format, yRange, trainMetric, testMetric, fill = false }) {
    this.container = container;
    this.fill = fill;
    this.log = log;
    this.format = format;
    this.yRange = yRange;
    this.trainMetric = trainMetric;
    this.testMetric = testMetric;
    this.plot = null;
    this.version = -1;
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(container);
  }

  setRuns(runs) {
    if (this.plot) this.plot.destroy();
    this.version = -1;
    const colors = palette(this.container);
    const y = this.log
      ? { distr: 3, log: 10 }
      : { range: this.yRange };
    this.plot = new uPlot({
      width: this.width(),
      height: this.height(),
      scales: { x: { time: false }, y },
      // Labels only (no live values): the panels show the numbers.
      // Legend markers: a filled box for train (solid line), a dashed outline for test.
      legend: { live: false, markers: {
        dash: (u, i) => (u.series[i].dash ? 'dashed' : 'solid'),
        fill: (u, i) => u.series[i].legendFill || 'transparent',
        width: 2,
      } },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { label: t('charts.step'), labelSize: 18, size: 32, stroke: colors.axis, grid: { stroke: colors.grid } },
        { size: 48, stroke: colors.axis, grid: { stroke: colors.grid }, values: (u, ticks) => ticks.map((v) => this.format(v, true)) },
      ],
      series: seriesFor(runs, this.format, colors),
    }, [[]].concat(runs.flatMap(() => [[], []])), this.container);
  }

  width() {
    return Math.max(this.fill ? 100 : 200, this.container.clientWidth);
  }

  height() {
    return this.fill ? Math.max(MIN_FILL_HEIGHT, this.container.clientHeight) : HEIGHT;
  }

  fit() {
    if (this.plot) this.plot.setSize({ width: this.width(), height: this.height() });
  }

  // Redraws only when the history has changed since the last call.
  update(history) {
    if (!this.plot || history.version === this.version) return;
    this.version = history.version;
    let data = history.columns(this.trainMetric, this.testMetric);
    if (this.log) data = data.map((col, i) => (i === 0 ? col : col.map((v) => (v === null ? null : Math.max(v, LOG_FLOOR)))));
    if (data.length !== this.plot.series.length) return;
    this.plot.setData(data);
  }
}

function formatLossTick(v, tick) {
  if (v === null || v === undefined) return tick ? '' : '–';
  if (tick) return v >= 0.01 && v < 1000 ? String(Number(v.toPrecision(2))) : v.toExponential(0);
  return v >= 100 || v < 0.001 ? v.toExponential(2) : v.toFixed(4);
}

function formatAccTick(v, tick) {
  if (v === null || v === undefined) return tick ? '' : '–';
  return tick ? `${Math.round(v * 100)}%` : `${(v * 100).toFixed(1)}%`;
}

export class Charts {
  // fill: each chart takes its container's height (the widget layout).
  constructor(lossContainer, accContainer, { fill = false } = {}) {
    this.loss = new Chart(lossContainer, { log: true, format: formatLossTick, trainMetric: 'trainLoss', testMetric: 'testLoss', fill });
    this.acc = new Chart(accContainer, { log: false, yRange: [0, 1], format: formatAccTick, trainMetric: 'trainAcc', testMetric: 'testAcc', fill });
    this.runsKey = null;
  }

  // theme: rebuilds when it changes too (the series' colours are baked in).
  setRuns(runs, theme = '') {
    const key = `${theme}\n${runs.map((r) => r.name).join('\n')}`;
    if (key === this.runsKey) return;
    this.runsKey = key;
    this.loss.setRuns(runs);
    this.acc.setRuns(runs);
  }

  update(history) {
    this.loss.update(history);
    this.acc.update(history);
  }
}
