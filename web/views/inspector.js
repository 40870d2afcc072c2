// Lesson 2 (and 4): one unit of a batch-norm layer on the current mini-batch.
// Its z before and after normalization as two dot strips (the same example
// highlighted), the formulas written out with this batch's numbers (KaTeX),
// the implementing lesson's claim as numbers over the batch (z_norm: mean 0,
// variance about 1; z_tilde: mean beta, spread |gamma|), and the unit's gamma
// and beta over training. The strips and the numbers always come from one
// snapshot. The notes' "what ifs" (inspector-knobs.js): b before BN, the
// formulas as written, and "make this unit the identity".
import { t } from '../i18n/index.js';
import { MiniChart } from './chart.js';
import { el, fillSelect, fmt, labeledSelect, viewFrame } from './dom.js';
import { drawStrips } from './strip.js';
import { KnobsPanel } from './inspector-knobs.js';

const TEX_INTERVAL_MS = 1000;  // while playing; paused, every new batch is typeset

// KaTeX is large (about a third of what a widget would download), and only
// this view needs it: it is loaded when the view is created, and the formulas
// say "typesetting" until it arrives.
let katexModule = null;
let katexLoading = null;
function loadKatex() {
  katexLoading ||= import('../vendor/katex/katex.mjs').then((m) => { katexModule = m.default; return katexModule; });
  return katexLoading;
}

// A number for TeX: fixed digits, a real minus, exponents as 10^{k}.
function tex(v, digits = 4) {
  if (!Number.isFinite(v)) return '\\text{NaN}';
  if (v !== 0 && Math.abs(v) < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${m === '1.00' ? '' : `${m} \\times `}10^{${Number(e)}}`;
  }
  return Number(v.toFixed(digits)).toString();
}
// A number as plain text in a typeset slot: real minus signs, 4 decimals.
function num(v) {
  if (!Number.isFinite(v)) return 'NaN';
  const text = v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : Number(v.toFixed(4)).toString();
  return text.replace('-', '−');
}
// Text inside \text{}: TeX's special characters dropped (the words are ours, from i18n).
const texText = (s) => String(s).replace(/[\\{}$&#^_%~]/g, '');
const paren = (v) => (v < 0 ? `(${num(v)})` : num(v));

export class InspectorView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('inspector', t('view.inspector.title'), t('view.inspector.caption'));
    const controls = el('div', 'view-controls');
    const pick = (field) => (value) => host.select({ ...host.selection, [field]: Number(value) });
    this.runSelect = labeledSelect(t('view.inspector.run'), pick('run'));
    this.layerSelect = labeledSelect(t('view.inspector.layer'), pick('layer'));
    this.unitSelect = labeledSelect(t('view.inspector.unit'), pick('unit'));
    controls.append(this.runSelect.wrap, this.layerSelect.wrap, this.unitSelect.wrap);
    this.canvas = el('canvas', 'strips');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('view.inspector.stripsLabel'));
    this.note = el('p', 'view-note');
    this.formulas = el('div', 'formulas');
    this.formulas.setAttribute('role', 'group');
    this.formulas.setAttribute('aria-label', t('view.inspector.formulasLabel'));
    const chartBox = el('figure', 'mini-chart');
    chartBox.append(el('figcaption', '', t('view.inspector.chartCaption')));
    this.chartHolder = el('div');
    chartBox.append(this.chartHolder);
    this.knobs = new KnobsPanel(host, (d) => { this.latest = d; this.texAt = 0; this.draw(performance.now(), false); });
    this.root.append(controls, this.note, this.canvas, this.knobs.stats, this.formulas, this.knobs.root, chartBox);
    this.chart = new MiniChart(this.chartHolder, {
      height: 130,
      series: [{ label: 'γ', color: this.host.palette.run(0) }, { label: 'β', color: this.host.palette.run(1), dash: [5, 3] }],
    });
    this.latest = null;
    this.texKey = '';
    this.texAt = 0;
    loadKatex().catch(() => {});  // on its way while the first snapshot comes; errors show in draw
  }

  setExperiment() {
    const { runs, bnRuns } = this.host.exp;
    const sel = this.host.selection;
    fillSelect(this.runSelect.select, bnRuns.map((i) => [i, runs[i].name]), sel.run);
    const hidden = sel.run === null ? [] : runs[sel.run].hidden;
    fillSelect(this.layerSelect.select, hidden.map((units, l) => [l, t('view.layerOption', { n: l + 1, units })]), sel.layer);
    fillSelect(this.unitSelect.select, Array.from({ length: hidden[sel.layer] || 0 }, (_, u) => [u, String(u)]), sel.unit);
    this.runSelect.select.disabled = bnRuns.length === 0;
    this.latest = null;
    this.shown = null;
    this.texKey = '';
    this.knobs.reset();
    this.note.textContent = bnRuns.length === 0 ? t('view.inspector.noBn') : '';
    this.note.hidden = bnRuns.length > 0;
  }

  update(views) {
    if (views.inspector) this.latest = views.inspector;
  }

  draw(now = 0, playing = false) {
    const d = this.latest;
    const h = this.host.history;
    const sel = this.host.selection;
    if (sel.run !== null) {
      const pick = (key) => h.column(sel.run, (r) => (r.bn[sel.layer] ? r.bn[sel.layer][key][sel.unit] : null));
      this.chart.setData([h.steps(), pick('gamma'), pick('beta')]);
    }
    if (!d) return;
    if (d.error) {
      this.note.hidden = false;
      this.note.textContent = d.error;
      return;
    }
    this.note.hidden = true;
    const k = 0;  // the worked example: the batch's first
    // Typesetting is the costly part (and the layout after it): the formulas
    // are typeset once per unit, with a marked slot for each number; new
    // batches only rewrite the slots' text. While playing, the strips and the
    // numbers change together at most once a second, so that the highlighted
    // dot is always the example the numbers work through.
    const layout = JSON.stringify([d.run, d.layer, d.unit, d.z.length, d.eps, d.formula]);
    const fresh = layout !== this.texKey || !this.example;
    if (!fresh && d !== this.shown && playing && now - this.texAt < TEX_INTERVAL_MS) return;
    if (fresh) {
      if (!this.renderFormulas(d)) return;  // typesetting: KaTeX is on its way
      this.texKey = layout;
    }
    if (d !== this.shown) this.texAt = now;
    this.shown = d;
    drawStrips(this.canvas, [
      { label: 'z', values: d.z, highlight: k, color: this.host.palette.run(0) },
      { label: 'z_norm', values: d.zNorm, highlight: k },
      { label: 'z̃', values: d.zTilde, highlight: k, color: this.host.palette.run(1) },
    ], { palette: this.host.palette });
    this.canvas.dataset.highlight = String(d.z[k]);  // the highlighted dot's z, for checks
    this.fillNumbers(d, k);
    this.knobs.show(d);
  }

  renderFormulas(d) {
    if (!katexModule) {
      if (this.formulas.dataset.state === 'typesetting') return false;
      this.formulas.dataset.state = 'typesetting';
      this.formulas.replaceChildren(el('p', 'view-note typesetting', t('views.typesetting')));
      this.example = null;
      // Typeset as soon as it arrives, playing or paused.
      loadKatex().then(() => { this.texKey = ''; this.formulas.dataset.state = ''; this.draw(performance.now(), false); }, (err) => {
        this.formulas.replaceChildren(el('p', 'view-note', String(err && err.message ? err.message : err)));
      });
      return false;
    }
    const katex = katexModule;
    const m = d.z.length;
    const l = d.layer + 1;
    const slot = (name) => `\\htmlClass{v-${name}}{0}`;
    const notes = d.formula === 'notes';  // model.bn_formula: the notes' formulas as written
    const lines = [
      `m = ${m}\\ \\text{${texText(t('view.inspector.texBatch', { unit: d.unit, layer: l }))}}`,
      `\\mu = \\frac{1}{m}\\sum_{i=1}^{m} z^{(i)} = ${slot('mu')}`,
      notes ? `\\sigma^2 = \\frac{1}{m}\\sum_{i=1}^{m} \\left(z^{(i)}\\right)^2 = ${slot('var')}`
        : `\\sigma^2 = \\frac{1}{m}\\sum_{i=1}^{m} \\left(z^{(i)} - \\mu\\right)^2 = ${slot('var')}`,
      notes ? `z^{(1)}_{\\text{norm}} = \\frac{z^{(1)} - \\mu}{\\sigma^2} = \\frac{${slot('z')} - ${slot('mu-p')}}{${slot('var')}} = ${slot('zn')}`
        : `z^{(1)}_{\\text{norm}} = \\frac{z^{(1)} - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}} = \\frac{${slot('z')} - ${slot('mu-p')}}{\\sqrt{${slot('var')} + ${tex(d.eps)}}} = ${slot('zn')}`,
      `\\tilde z^{(1)} = \\gamma\\, z^{(1)}_{\\text{norm}} + \\beta = ${slot('gamma')} \\cdot ${slot('zn-p')} + ${slot('beta-p')} = ${slot('zt')}`,
    ];
    // Only \htmlClass is trusted: the class names are ours, never data.
    const options = { throwOnError: false, displayMode: true, output: 'html', strict: 'ignore',
      trust: (context) => context.command === '\\htmlClass' };
    this.formulas.replaceChildren(...lines.map((t) => {
      const div = el('div', 'formula');
      katex.render(t, div, options);
      return div;
    }));
    this.example = el('p', 'view-note');
    this.formulas.append(this.example);
    this.formulas.dataset.state = 'typeset';
    return true;
  }

  // The batch's numbers into the typeset formulas' slots (text only).
  fillNumbers(d, k) {
    const values = {
      mu: num(d.mu), var: num(d.var), z: num(d.z[k]), 'mu-p': paren(d.mu), zn: num(d.zNorm[k]),
      gamma: num(d.gamma), 'zn-p': paren(d.zNorm[k]), 'beta-p': paren(d.beta), zt: num(d.zTilde[k]),
    };
    for (const [name, text] of Object.entries(values)) {
      // The slot's digit, not the slot: KaTeX's spacing spans around it stay.
      for (const node of this.formulas.querySelectorAll(`.v-${name}`)) (node.querySelector('.mord') || node).textContent = text;
    }
    this.example.textContent = t('view.inspector.example', { example: d.examples ? d.examples[k] : k, gamma: fmt(d.gamma), beta: fmt(d.beta) });
  }

  // The numbers on screen: those of the snapshot drawn (shown), with the
  // highlighted dot's z and the slots' text as drawn, and the knobs' numbers.
  data() {
    const d = this.shown || this.latest;
    if (!d) return null;
    const slotText = (name) => {
      const node = this.formulas.querySelector(`.v-${name}`);
      return node ? node.textContent : null;
    };
    return { run: d.run, layer: d.layer, unit: d.unit, error: d.error || '', mu: d.mu, var: d.var, eps: d.eps,
      gamma: d.gamma, beta: d.beta, z: d.z, zNorm: d.zNorm, zTilde: d.zTilde, examples: d.examples,
      formula: d.formula, affine: d.affine, highlight: this.canvas.dataset.highlight === undefined ? null : Number(this.canvas.dataset.highlight),
      shownZ: slotText('z'), ...this.knobs.data() };
  }

  destroy() { this.chart.destroy(); }
}
