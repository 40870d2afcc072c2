// The settings column: one table of properties (dotted config key, label,
// kind of control) drives building the controls, showing the config's values
// and reporting edits as `key=value` settings for the engine to validate.
import { formatValue, getKey, trainSize } from './state.js';
import { NetworkEditor } from './network-editor.js';

const LEARNING_RATES = [1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10];
const L2_VALUES = [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1];
const BN_MOMENTA = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1];

const fmtNumber = (v) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v));
const fmtPercent = (v) => `${Math.round(v * 100)}%`;

// Batch sizes offered: powers of two below the training set, then all of it.
function batchSizes(config) {
  const n = Math.max(1, trainSize(config));
  const sizes = [];
  for (let b = 1; b < n; b *= 2) sizes.push(b);
  sizes.push(n);
  return sizes;
}

export const PROPERTIES = [
  { section: 'Data' },
  { key: 'data.name', label: 'Dataset', kind: 'select', options: [
    ['circle', 'Circle'], ['xor', 'XOR'], ['gauss', 'Two Gaussians'], ['spiral', 'Spiral'],
    ['moons', 'Two moons'], ['checkerboard', 'Checkerboard'], ['blobs', 'Three blobs (3 classes)']] },
  { key: 'data.points', label: 'Points (train + test)', kind: 'range', min: 50, max: 2000, step: 10 },
  { key: 'data.noise', label: 'Noise', kind: 'range', min: 0, max: 1, step: 0.01, format: fmtNumber },
  { key: 'data.test_fraction', label: 'Test fraction', kind: 'range', min: 0.1, max: 0.9, step: 0.05, format: fmtPercent },
  { key: 'data.standardize', label: 'Normalize inputs (train-set mean and std)', kind: 'checkbox' },
  { key: 'seed', label: 'Seed', kind: 'seed' },

  { section: 'Network' },
  { key: 'model.hidden', label: 'Hidden layers', kind: 'network' },
  { key: 'model.activation', label: 'Activation', kind: 'select', options: [
    ['relu', 'ReLU'], ['leaky_relu', 'Leaky ReLU'], ['tanh', 'tanh'], ['sigmoid', 'Sigmoid'], ['linear', 'Linear']] },
  { key: 'model.init', label: 'Initialization', kind: 'select', options: [
    ['he', 'He (Kaiming)'], ['xavier', 'Xavier (Glorot)'], ['gaussian', 'Gaussian (fixed std)']] },
  { key: 'model.bn_placement', label: 'BN placement', kind: 'select', options: [
    ['before', 'Before the activation (z → BN → g)'], ['after', 'After the activation (g → BN)']] },
  { key: 'model.bn_momentum', label: 'BN running-average momentum', kind: 'list', values: () => BN_MOMENTA, format: fmtNumber },

  { section: 'Training' },
  { key: 'train.optimizer', label: 'Optimizer', kind: 'select', options: [
    ['sgd', 'SGD'], ['momentum', 'SGD with momentum'], ['rmsprop', 'RMSprop'], ['adam', 'Adam']] },
  { key: 'train.learning_rate', label: 'Learning rate', kind: 'list', values: () => LEARNING_RATES, format: fmtNumber },
  { key: 'train.momentum', label: 'Momentum', kind: 'range', min: 0, max: 0.99, step: 0.01, format: fmtNumber,
    visible: (config) => config?.train?.optimizer === 'momentum' },
  { key: 'train.batch_size', label: 'Batch size', kind: 'list', values: batchSizes,
    format: (v, config) => (v >= trainSize(config) ? `${v} (all)` : String(v)) },
  { key: 'train.l2', label: 'L2 regularization', kind: 'list', values: () => L2_VALUES, format: fmtNumber },
];

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function nearestIndex(values, v) {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (Math.abs(Math.log(values[i] + 1e-12) - Math.log(v + 1e-12)) < Math.abs(Math.log(values[best] + 1e-12) - Math.log(v + 1e-12))) best = i;
  }
  return best;
}

export class Controls {
  // onSet(key, valueText): a user edit, to be validated and applied.
  constructor(container, onSet) {
    this.container = container;
    this.onSet = onSet;
    this.fields = [];
    this.config = null;
    this.build();
  }

  build() {
    let group = null;
    for (const prop of PROPERTIES) {
      if (prop.section) {
        group = el('fieldset', { class: 'control-group' });
        group.append(el('legend', {}, prop.section));
        this.container.append(group);
        continue;
      }
      const field = this.makeField(prop);
      this.fields.push(field);
      group.append(field.root);
    }
  }

  makeField(prop) {
    const id = `ctl-${prop.key.replace(/\./g, '-')}`;
    const root = el('div', { class: `control control-${prop.kind}`, 'data-key': prop.key });
    const field = { prop, root };
    field.note = el('p', { class: 'control-note' });
    field.note.hidden = true;
    const label = el('label', { for: id }, prop.label);
    const value = el('output', { class: 'control-value', for: id });
    field.valueOut = value;

    switch (prop.kind) {
      case 'select': {
        const select = el('select', { id });
        for (const [v, text] of prop.options) select.append(el('option', { value: v }, text));
        select.addEventListener('change', () => this.onSet(prop.key, select.value));
        root.append(label, select);
        field.show = (v) => { select.value = String(v); };
        break;
      }
      case 'checkbox': {
        const box = el('input', { id, type: 'checkbox' });
        box.addEventListener('change', () => this.onSet(prop.key, box.checked ? 'true' : 'false'));
        label.prepend(box);
        root.append(label);
        field.show = (v) => { box.checked = Boolean(v); };
        break;
      }
      case 'range': {
        const input = el('input', { id, type: 'range', min: prop.min, max: prop.max, step: prop.step });
        const format = prop.format || fmtNumber;
        input.addEventListener('input', () => { value.textContent = format(Number(input.value), this.config); });
        input.addEventListener('change', () => this.onSet(prop.key, input.value));
        root.append(el('div', { class: 'control-head' }), input);
        root.firstChild.append(label, value);
        field.show = (v) => { input.value = String(v); value.textContent = format(v, this.config); };
        break;
      }
      case 'list': {
        // A slider over a list of values (log-spaced learning rates, batch sizes).
        const input = el('input', { id, type: 'range', min: 0, step: 1 });
        const format = prop.format || fmtNumber;
        const current = () => prop.values(this.config);
        input.addEventListener('input', () => { value.textContent = format(current()[Number(input.value)], this.config); });
        input.addEventListener('change', () => this.onSet(prop.key, formatValue(current()[Number(input.value)])));
        root.append(el('div', { class: 'control-head' }), input);
        root.firstChild.append(label, value);
        field.show = (v, config) => {
          const values = prop.values(config);
          input.max = String(values.length - 1);
          input.value = String(nearestIndex(values, Number(v)));
          input.setAttribute('aria-valuetext', format(v, config));
          value.textContent = format(v, config);  // the exact value, even between list entries
        };
        break;
      }
      case 'seed': {
        const input = el('input', { id, type: 'number', min: 0, step: 1, inputmode: 'numeric' });
        const again = el('button', { type: 'button', class: 'small-button', title: 'A new random dataset and initialization' }, 'New seed');
        input.addEventListener('change', () => this.onSet(prop.key, input.value.trim()));
        again.addEventListener('click', () => {
          const next = 1 + Math.floor(Math.random() * 99999);
          this.onSet(prop.key, String(next));
        });
        const row = el('div', { class: 'seed-row' });
        row.append(input, again);
        root.append(label, row);
        field.show = (v) => { input.value = String(v); };
        break;
      }
      case 'network': {
        const editor = new NetworkEditor(root, (widths) => this.onSet(prop.key, widths.length ? widths.join(',') : '[]'));
        field.show = (v) => editor.show(Array.isArray(v) ? v : []);
        break;
      }
      default:
        throw new Error(`unknown control kind ${prop.kind}`);
    }
    root.append(field.note);
    return field;
  }

  // Shows the normalized config's values (after every configure or rejected edit).
  show(config) {
    this.config = config;
    for (const field of this.fields) {
      const v = getKey(config, field.prop.key);
      field.root.hidden = field.prop.visible ? !field.prop.visible(config) : false;
      if (v !== undefined) field.show(v, config);
      // A run's own setting wins over the shared one: say so beside the control.
      const runs = Array.isArray(config?.runs) ? config.runs : [];
      const overriding = runs.filter((r) => r && r.set && typeof r.set === 'object' && Object.hasOwn(r.set, field.prop.key));
      field.root.classList.toggle('is-overridden', overriding.length > 0);
      field.note.hidden = overriding.length === 0;
      field.note.textContent = overriding.length === runs.length
        ? 'Set per run (see each panel); this shared value is not used.'
        : `Overridden in: ${overriding.map((r) => r.name).join(', ')}.`;
    }
  }

  setEnabled(enabled) {
    for (const node of this.container.querySelectorAll('input, select, button')) node.disabled = !enabled;
  }
}
