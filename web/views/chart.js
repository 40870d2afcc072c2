// A small uPlot line chart for the views: steps on x, a few named series.
// Redraws only when given new data; follows its container's width. A series
// may carry a marker shape (web/markers.js) so runs differ by more than colour.
import uPlot from '../vendor/uPlot.esm.js';
import { t } from '../i18n/index.js';
import { drawLineMarkers } from '../markers.js';
import { palette } from '../theme.js';

const fmt = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Number(v.toPrecision(3)).toString());

export class MiniChart {
  // series: [{label, color, dash?, marker? (a shape), hollow?}]; yRange: [min, max], a function
  // (u, min, max) -> [min, max] (uPlot's), or null (auto).
  constructor(container, { series, height = 150, yRange = null, yLabel = '' }) {
    this.container = container;
    this.height = height;
    const colors = palette(container);  // attached: the views are in the app's root
    this.plot = new uPlot({
      width: this.width(),
      height,
      scales: { x: { time: false }, y: yRange ? { range: yRange } : {} },
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { size: 28, stroke: colors.axis, grid: { stroke: colors.grid }, font: '11px system-ui, sans-serif' },
        { size: 44, space: 18, stroke: colors.axis, grid: { stroke: colors.grid }, font: '11px system-ui, sans-serif', label: yLabel || undefined,
          labelSize: yLabel ? 14 : undefined, values: (u, ticks) => ticks.map(fmt) },
      ],
      series: [{ label: t('charts.step') }].concat(series.map((s, i) => ({
        label: s.label, stroke: s.color, width: 1.5 * colors.lineScale, dash: s.dash, points: { show: false }, value: (u, v) => fmt(v),
        marker: s.marker, markerColor: s.color, hollow: Boolean(s.hollow), markerSlot: i,
      }))),
      hooks: { draw: [(u) => drawLineMarkers(u, { ratio: uPlot.pxRatio, lineScale: colors.lineScale, background: colors.background, spacing: 56 })] },
    }, [[]].concat(series.map(() => [])), container);
    this.resizer = new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: this.height }));
    this.resizer.observe(container);
  }

  width() {
    return Math.max(160, this.container.clientWidth || 160);
  }

  // columns: [steps, series...] in uPlot's layout.
  setData(columns) {
    if (columns.length === this.plot.series.length) this.plot.setData(columns);
  }

  destroy() {
    this.resizer.disconnect();
    this.plot.destroy();
  }
}
