// The loss and accuracy charts (uPlot): per run one colour and one marker
// shape (drawn along its lines, web/markers.js), train solid and test dashed,
// every legend entry named "<run> · train|test". The plots are pictures:
// under each, a text summary gives the latest values and the trend
// (web/a11y/describe.js), for screen readers and for anyone.
import uPlot from './vendor/uPlot.esm.js';
import { chartSummary } from './a11y/describe.js';
import { t } from './i18n/index.js';
import { drawLineMarkers, markerSvg, runShape } from './markers.js';
import { palette } from './theme.js';

const HEIGHT = 190;
const MIN_FILL_HEIGHT = 60;
const LOG_FLOOR = 1e-6;  // a log axis cannot show 0
const SUMMARY_INTERVAL_MS = 3000;  // summaries change at a readable pace while training

function seriesFor(runs, format, colors) {
  const series = [{ label: t('charts.step'), value: (u, v) => (v === null || v === undefined ? '–' : String(v)) }];
  runs.forEach((run, i) => {
    const name = run.name || t('panel.untitled', { n: i + 1 });
    const common = { stroke: colors.run(i), width: 1.75 * colors.lineScale, points: { show: false }, value: (u, v) => format(v) };
    const marker = { run: i, marker: runShape(i), markerColor: colors.run(i), markerSlot: 2 * i };
    series.push({ ...common, ...marker, label: t('charts.train', { name }), legendFill: colors.run(i) });
    series.push({ ...common, ...marker, label: t('charts.test', { name }), dash: [6, 4], legendFill: 'transparent', hollow: true, markerSlot: 2 * i + 1 });
  });
  return series;
}

// The run's marker in each legend entry, before its name (rows are matched
// by their label: uPlot leaves the x series out of a non-live legend).
function markLegend(u) {
  u.root.querySelectorAll('.u-legend .u-series').forEach((row) => {
    const label = row.querySelector('.u-label');
    const s = u.series.find((x) => x.marker && label && x.label === label.textContent);
    if (!s || row.querySelector('.legend-marker')) return;
    label.before(markerSvg(s.marker, { size: 12, fill: s.hollow ? 'none' : s.markerColor, stroke: s.markerColor, className: 'legend-marker' }));
  });
}

class Chart {
  // fill: take the container's height (set by CSS: the widget's charts
  // shrink to fit its box) instead of a fixed one.
  constructor(container, summary, { log, format, yRange, trainMetric, testMetric, kind, fill = false }) {
    this.container = container;
    this.summary = summary;
    this.fill = fill;
    this.log = log;
    this.format = format;
    this.yRange = yRange;
    this.trainMetric = trainMetric;
    this.testMetric = testMetric;
    this.kind = kind;
    this.plot = null;
    this.version = -1;
    this.summaryAt = -Infinity;
    this.runNames = [];
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(container);
  }

  setRuns(runs) {
    if (this.plot) this.plot.destroy();
    this.version = -1;
    this.summaryAt = -Infinity;
    this.runNames = runs.map((run, i) => run.name || t('panel.untitled', { n: i + 1 }));
    const colors = palette(this.container);
    const y = this.log
      ? { distr: 3, log: 10 }
      : { range: this.yRange };
    const series = seriesFor(runs, this.format, colors);
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
      series,
      hooks: { draw: [(u) => drawLineMarkers(u, { ratio: uPlot.pxRatio, lineScale: colors.lineScale, background: colors.background })] },
    }, [[]].concat(runs.flatMap(() => [[], []])), this.container);
    markLegend(this.plot);
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
  update(history, { now = 0, playing = false } = {}) {
    if (!this.plot || history.version === this.version) return;
    this.version = history.version;
    let data = history.columns(this.trainMetric, this.testMetric);
    if (this.log) data = data.map((col, i) => (i === 0 ? col : col.map((v) => (v === null ? null : Math.max(v, LOG_FLOOR)))));
    if (data.length !== this.plot.series.length) return;
    this.plot.setData(data);
    if (this.summary && (!playing || now - this.summaryAt >= SUMMARY_INTERVAL_MS)) {
      this.summaryAt = now;
      this.summary.textContent = chartSummary(this.kind, history, this.runNames);
    }
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
  // fill: each chart takes its container's height (the widget layout);
  // loss, acc: the nodes that carry each chart's text summary (optional).
  constructor(lossContainer, accContainer, { fill = false, loss, acc } = {}) {
    this.loss = new Chart(lossContainer, loss, { log: true, format: formatLossTick, trainMetric: 'trainLoss', testMetric: 'testLoss', kind: 'loss', fill });
    this.acc = new Chart(accContainer, acc, { log: false, yRange: [0, 1], format: formatAccTick, trainMetric: 'trainAcc', testMetric: 'testAcc', kind: 'accuracy', fill });
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

  // options: {now, playing}: summaries follow at most every few seconds while playing.
  update(history, options) {
    this.loss.update(history, options);
    this.acc.update(history, options);
  }
}
