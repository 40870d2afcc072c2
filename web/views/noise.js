// Lessons 4 and 7: the noise mini-batch statistics add. One training example's
// z_norm (selected unit) in 100 random mini-batches of the run's batch size,
// per BN run, as a dot strip with its standard deviation.
import { el, fmt, std, viewFrame } from './dom.js';
import { drawStrips } from './strip.js';

export class NoiseView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('noise', 'The same example in different mini-batches',
      'z_norm of one training example, for the selected unit, in 100 random mini-batches: the batch\'s mean and variance move it around, more for small batches.');
    this.summary = el('p', 'view-note');
    this.canvas = el('canvas', 'strips');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'z_norm of one example across mini-batches');
    this.list = el('ul', 'noise-stds');
    this.root.append(this.summary, this.canvas, this.list);
    this.latest = null;
    this.dirty = false;
  }

  setExperiment() {
    this.latest = null;
    this.list.replaceChildren();
    const none = this.host.exp.bnRuns.length === 0;
    this.summary.textContent = none ? 'No run of this experiment has batch norm, so there is no batch noise to show.' : '';
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
      name: runs[r.run] ? runs[r.run].name : `run ${r.run}`,
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
    this.summary.textContent = `Unit ${d.unit} of hidden layer ${d.layer + 1}, training example ${d.example}.`;
    drawStrips(this.canvas, rows.map((r) => ({ label: r.batchSize ? `batch ${r.batchSize}` : r.name.slice(0, 10), values: r.values, highlight: -1 })), { height: 40, palette: this.host.palette });
    this.list.replaceChildren(...rows.map((r) => el('li', '', r.error
      ? `${r.name}: ${r.error}`
      : `${r.name}${r.batchSize ? ` (batch ${r.batchSize})` : ''}: standard deviation of z_norm = ${fmt(r.std, 3)}`)));
  }

  data() {
    const d = this.latest;
    if (!d) return null;
    return { layer: d.layer, unit: d.unit, example: d.example,
      runs: this.rows().map(({ run, name, batchSize, std: s, error, values }) => ({ run, name, batchSize, std: s, error, count: values.length })) };
  }

  destroy() {}
}
