// The settings column: one table of properties (dotted config key, kind of
// control, the page's choice of stops) drives building the controls,
// showing the config's values and reporting edits as `key=value` settings for
// the engine to validate. Everything else about a key comes from the
// engine's schema() (its range, its names, its default, whether a run may
// override it); its label is `label.<key>` in web/i18n/en.js and its enum
// values' words `option.<key>.<name>` (web/config-words.js), so adding a
// config key touches the C++ table, one entry here and one label line. Edits
// are sent as JSON text, which the engine's settings read for every key.
import { keyLabel, optionWords } from './config-words.js';
import { t } from './i18n/index.js';
import { NetworkEditor } from './network-editor.js';

// Slider stops the page offers (log-spaced where the effect is multiplicative),
// kept to what the schema allows.
const LEARNING_RATES = [1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10];
const L2_VALUES = [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1];
const BN_MOMENTA = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1];
const DROPOUT_RATES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

const fmtNumber = (v) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v));
const fmtPercent = (v) => `${Math.round(v * 100)}%`;

// Batch sizes offered: powers of two below the training set, then all of it
// (the train-set size is the engine's: derived.trainSize).
function batchSizes(derived) {
  const n = Math.max(1, derived?.trainSize ?? 1);
  const sizes = [];
  for (let b = 1; b < n; b *= 2) sizes.push(b);
  sizes.push(n);
  return sizes;
}

export const PROPERTIES = [
  { section: 'data' },
  { key: 'data.name', kind: 'select',
    // The learner's own points are loaded or drawn, not picked from this list.
    unlisted: ['custom'] },
  { key: 'data.points', kind: 'range', stops: { from: 50, to: 2000, step: 10 } },
  { key: 'data.noise', kind: 'range', stops: { step: 0.01 }, format: fmtNumber },
  { key: 'data.test_fraction', kind: 'range', stops: { from: 0.1, to: 0.9, step: 0.05 }, format: fmtPercent },
  { key: 'data.standardize', kind: 'checkbox' },
  { key: 'seed', kind: 'seed' },

  { section: 'network' },
  { key: 'model.hidden', kind: 'network' },
  // Only a run's own setting (the panels' run editors, web/runs/): the shared
  // value is always overridden by the runs.
  { key: 'model.batchnorm', kind: 'checkbox', runOnly: true },
  { key: 'model.activation', kind: 'select' },
  { key: 'model.init', kind: 'select' },
  { key: 'model.bn_placement', kind: 'select' },
  { key: 'model.bn_momentum', kind: 'list', values: () => BN_MOMENTA, format: fmtNumber },
  { key: 'model.dropout', kind: 'list', values: () => DROPOUT_RATES, format: fmtNumber },
  // The notes' "what ifs" (bn knobs)
  { key: 'model.bn_bias', kind: 'checkbox' },
  { key: 'model.bn_formula', kind: 'select' },
  { key: 'model.bn_affine', kind: 'checkbox' },

  { section: 'training' },
  { key: 'train.optimizer', kind: 'select' },
  { key: 'train.learning_rate', kind: 'list', values: () => LEARNING_RATES, format: fmtNumber },
  { key: 'train.momentum', kind: 'range', stops: { from: 0, to: 0.99, step: 0.01 }, format: fmtNumber,
    visible: (config) => config?.train?.optimizer === 'momentum' },
  { key: 'train.batch_size', kind: 'list', values: batchSizes,
    format: (v, derived) => (v >= (derived?.trainSize ?? Infinity) ? t('controls.all', { n: v }) : String(v)) },
  { key: 'train.l2', kind: 'list', values: () => L2_VALUES, format: fmtNumber },
];

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The value at a dotted key of a normalized config ("train.learning_rate").
function valueAt(config, key) {
  const dot = key.indexOf('.');
  if (dot < 0) return config?.[key];
  const group = config?.[key.slice(0, dot)];
  return group && typeof group === 'object' ? group[key.slice(dot + 1)] : undefined;
}

// Whether the schema's bounds allow x.
function allows(spec, x) {
  if (typeof spec.min === 'number' && (spec.minOpen ? x <= spec.min : x < spec.min)) return false;
  if (typeof spec.max === 'number' && (spec.maxOpen ? x >= spec.max : x > spec.max)) return false;
  return true;
}

function nearestIndex(values, v) {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (Math.abs(Math.log(values[i] + 1e-12) - Math.log(v + 1e-12)) < Math.abs(Math.log(values[best] + 1e-12) - Math.log(v + 1e-12))) best = i;
  }
  return best;
}

export class Controls {
  // onSet(key, text): a user edit as --set text (JSON, or what the learner
  // typed), to be validated and applied by the engine. Options: keys: only
  // these keys' controls (a run's editor, web/runs/; default: the sidebar's,
  // every key but the run-only ones); idPrefix: of the inputs' ids (unique per
  // editor); onOpenRun(run, key): a run's name in an "overridden in" note was
  // clicked (the sidebar leads to that run's own setting).
  constructor(container, onSet, { keys = null, idPrefix = 'ctl-', onOpenRun = null } = {}) {
    this.container = container;
    this.onSet = onSet;
    this.keys = keys;
    this.idPrefix = idPrefix;
    this.onOpenRun = onOpenRun;
    this.fields = [];
    this.config = null;
    this.derived = null;
    this.schema = null;
    this.enabled = true;
  }

  // Builds the controls from the engine's schema (once, when the engine is ready).
  setSchema(schema) {
    if (this.schema) return;
    this.schema = schema;
    const specs = new Map((schema?.fields || []).map((f) => [f.key, f]));
    let group = null;
    let section = null;
    for (const prop of PROPERTIES) {
      if (prop.section) {
        section = prop.section;
        group = null;
        continue;
      }
      if (this.keys ? !this.keys.includes(prop.key) : prop.runOnly) continue;
      const spec = specs.get(prop.key);
      if (!spec) continue;  // a key the engine no longer has
      if (!group) {  // a section shows once it has a control
        group = el('fieldset', { class: 'control-group' });
        group.append(el('legend', {}, t(`controls.section.${section}`)));
        this.container.append(group);
      }
      const field = this.makeField(prop, spec, schema.limits || {});
      this.fields.push(field);
      group.append(field.root);
    }
    this.setEnabled(this.enabled);
    if (this.config) this.show(this.config, this.derived);
  }

  makeField(prop, spec, limits) {
    const id = `${this.idPrefix}${prop.key.replace(/\./g, '-')}`;
    const root = el('div', { class: `control control-${prop.kind}`, 'data-key': prop.key });
    const field = { prop, spec, root };
    field.note = el('p', { class: 'control-note' });
    field.note.hidden = true;
    const label = el('label', { for: id }, keyLabel(prop.key));
    const value = el('output', { class: 'control-value', for: id });
    field.valueOut = value;
    const send = (v) => this.onSet(prop.key, JSON.stringify(v));

    switch (prop.kind) {
      case 'select': {
        const select = el('select', { id });
        for (const name of spec.names || []) {
          if ((prop.unlisted || []).includes(name)) continue;
          select.append(el('option', { value: name }, optionWords(prop.key, name)));
        }
        select.addEventListener('change', () => send(select.value));
        root.append(label, select);
        field.show = (v) => { select.value = String(v); };
        break;
      }
      case 'checkbox': {
        const box = el('input', { id, type: 'checkbox' });
        box.addEventListener('change', () => send(box.checked));
        label.prepend(box);
        root.append(label);
        field.show = (v) => { box.checked = Boolean(v); };
        break;
      }
      case 'range': {
        // The page's stops, within the schema's range.
        const step = prop.stops.step;
        let min = Math.max(prop.stops.from ?? spec.min, spec.min);
        let max = Math.min(prop.stops.to ?? spec.max, spec.max);
        if (!allows(spec, min)) min += step;
        if (!allows(spec, max)) max -= step;
        const input = el('input', { id, type: 'range', min, max, step });
        const format = prop.format || fmtNumber;
        input.addEventListener('input', () => { value.textContent = format(Number(input.value), this.derived); });
        input.addEventListener('change', () => send(Number(input.value)));
        root.append(el('div', { class: 'control-head' }), input);
        root.firstChild.append(label, value);
        field.show = (v) => { input.value = String(v); value.textContent = format(v, this.derived); };
        break;
      }
      case 'list': {
        // A slider over a list of values (log-spaced learning rates, batch sizes).
        const input = el('input', { id, type: 'range', min: 0, step: 1 });
        const format = prop.format || fmtNumber;
        const current = () => prop.values(this.derived).filter((v) => allows(spec, v));
        input.addEventListener('input', () => { value.textContent = format(current()[Number(input.value)], this.derived); });
        input.addEventListener('change', () => send(current()[Number(input.value)]));
        root.append(el('div', { class: 'control-head' }), input);
        root.firstChild.append(label, value);
        field.show = (v, derived) => {
          const values = current();
          input.max = String(values.length - 1);
          input.value = String(nearestIndex(values, Number(v)));
          input.setAttribute('aria-valuetext', format(v, derived));
          value.textContent = format(v, derived);  // the exact value, even between list entries
        };
        break;
      }
      case 'seed': {
        const input = el('input', { id, type: 'number', min: spec.min, max: spec.max, step: 1, inputmode: 'numeric' });
        const again = el('button', { type: 'button', class: 'small-button', title: t('controls.newSeedTitle') }, t('controls.newSeed'));
        // What the learner typed goes to the engine as typed: it says what is wrong with it.
        input.addEventListener('change', () => this.onSet(prop.key, input.value.trim()));
        again.addEventListener('click', () => send(1 + Math.floor(Math.random() * 99999)));
        const row = el('div', { class: 'seed-row' });
        row.append(input, again);
        root.append(label, row);
        field.show = (v) => { input.value = String(v); };
        break;
      }
      case 'network': {
        const editor = new NetworkEditor(root, (widths) => send(widths), {
          maxLayers: spec.maxItems ?? limits.maxHiddenLayers,
          minWidth: spec.items?.min ?? 1,
          maxWidth: spec.items?.max ?? limits.maxWidth,
        });
        // One id per page: a run editor's layer count gets its own.
        if (this.idPrefix !== 'ctl-') editor.count.id = `${this.idPrefix}hidden-layer-count`;
        field.show = (v) => editor.show(Array.isArray(v) ? v : []);
        break;
      }
      default:
        throw new Error(`unknown control kind ${prop.kind}`);
    }
    root.append(field.note);
    return field;
  }

  // Shows the normalized config's values (after every configure or rejected
  // edit); derived is normalizeConfig's (train-set size, each run's overrides).
  show(config, derived) {
    this.config = config;
    this.derived = derived;
    const runs = Array.isArray(derived?.runs) ? derived.runs : [];
    for (const field of this.fields) {
      const v = valueAt(config, field.prop.key) ?? field.spec.default;
      field.root.hidden = field.prop.visible ? !field.prop.visible(config) : false;
      field.show(v, derived);
      // A run's own setting wins over the shared one: say so beside the control.
      const overriding = runs.filter((r) => (r.overrides || []).some((o) => o.key === field.prop.key));
      field.root.classList.toggle('is-overridden', overriding.length > 0);
      field.note.hidden = overriding.length === 0;
      field.note.textContent = overriding.length === runs.length
        ? t('controls.overriddenEverywhere')
        : t('controls.overriddenIn', { names: overriding.map((r) => r.name).join(', ') });
      if (this.onOpenRun && overriding.length > 0) this.linkRuns(field, overriding.map((r) => runs.indexOf(r)));
    }
  }

  // The runs named in a note become buttons that open the run's own setting.
  linkRuns(field, indices) {
    const runs = this.derived.runs;
    const links = indices.map((i) => {
      const b = el('button', { type: 'button', class: 'link-button run-link', 'data-run': String(i) }, runs[i].name);
      b.addEventListener('click', () => this.onOpenRun(i, field.prop.key));
      return b;
    });
    const lead = t(indices.length === runs.length ? 'runs.setPerRun' : 'runs.overriddenBy');
    field.note.replaceChildren(lead, ' ');
    links.forEach((b, i) => field.note.append(...(i ? [', ', b] : [b])));
    field.note.append('.');
  }

  setEnabled(enabled) {
    this.enabled = enabled;
    for (const node of this.container.querySelectorAll('input, select, button')) node.disabled = !enabled;
  }
}
