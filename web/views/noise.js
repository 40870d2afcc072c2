// Lessons 4 and 7: the noise mini-batch statistics add. One training example's
// z_norm (selected unit) in 100 random mini-batches of the run's batch size,
// per BN run, as a dot strip with its standard deviation.
import { t } from '../i18n/index.js';
import { el, fmt, std, viewFrame } from './dom.js';
import { drawStrips } from './strip.js';

export class NoiseView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('noise', t('view.noise.title'), t('view.noise.caption'));
    this.summary = el('p', 'view-note');
    this.canvas = el('canvas', 'strips');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('view.noise.label'));
    this.list = el('ul', 'noise-stds');
    this.root.append(this.summary, this.canvas, this.list);
    this.latest = null;
    this.dirty = false;
  }

  setExperiment() {
    this.latest = null;
    this.list.replaceChildren();
    const none = this.host.exp.bnRuns.length === 0;
    this.summary.textContent = none ? t('view.noise.noBn') : '';
  }

  update(views) {
    if (views.noise) { this.latest = views.noise; this.dirty = true; }
  }

  rows() {
    const d = this.latest;
    if (!d) return [];
    const { runs } = this.host.exp;
    return d.runs.map((r) => ({
      run: r.run,
      name: runs[r.run] ? runs[r.run].name : t('panel.untitled', { n: r.run + 1 }),
      batchSize: runs[r.run] ? runs[r.run].batchSize : null,
      error: r.error || '',
      values: Array.isArray(r.zNorm) ? r.zNorm : [],
      std: Array.isArray(r.zNorm) && r.zNorm.length ? std(r.zNorm) : null,
    }));
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const d = this.latest;
    const rows = this.rows();
    this.summary.textContent = t('view.noise.summary', { unit: d.unit, layer: d.layer + 1, example: d.example });
    drawStrips(this.canvas, rows.map((r) => ({ label: r.batchSize ? t('view.noise.batch', { size: r.batchSize }) : r.name.slice(0, 10), values: r.values, highlight: -1 })), { height: 40, palette: this.host.palette });
    this.list.replaceChildren(...rows.map((r) => el('li', '', r.error
      ? t('view.nameError', { name: r.name, error: r.error })
      : t(r.batchSize ? 'view.noise.stdBatch' : 'view.noise.std', { name: r.name, size: r.batchSize, std: fmt(r.std, 3) }))));
  }

  data() {
    const d = this.latest;
    if (!d) return null;
    return { layer: d.layer, unit: d.unit, example: d.example,
      runs: this.rows().map(({ run, name, batchSize, std: s, error, values }) => ({ run, name, batchSize, std: s, error, count: values.length })) };
  }

  destroy() {}
}
