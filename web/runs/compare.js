// The compare picker: the runs for one knob in one step. Each knob is a
// per-run key and the values the picker offers first (the learner may type
// others); every value goes through the engine's value codec and the new
// runs through its whole-config validation, so the picker holds no rule.
// The runs start from one run's own settings (the "based on" run), each
// with the knob set to one value and named by it.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

const names = (schema, key) => (schema?.fields || []).find((f) => f.key === key)?.names || [];

// values(schema, derived): the first offer, as text.
export const KNOBS = [
  // The default pair ("without BN" and "with BN"): the engine's names (schema().runs.default).
  { id: 'batchnorm', key: 'model.batchnorm', values: () => ['false', 'true'], pair: true },
  // Placement only matters with BN on.
  { id: 'placement', key: 'model.bn_placement', values: (s) => names(s, 'model.bn_placement'), with: { 'model.batchnorm': true } },
  { id: 'standardize', key: 'data.standardize', values: () => ['false', 'true'],
    name: (v) => t(v ? 'runs.normalizedInputs' : 'runs.rawInputs') },
  { id: 'batch_size', key: 'train.batch_size',
    values: (s, d) => [4, 16, 64, d?.trainSize ?? 256].filter((b, i, all) => b <= (d?.trainSize ?? Infinity) && all.indexOf(b) === i).map(String) },
  { id: 'learning_rate', key: 'train.learning_rate', values: () => ['0.03', '0.1', '0.3', '1'] },
  { id: 'optimizer', key: 'train.optimizer', values: (s) => names(s, 'train.optimizer') },
  { id: 'activation', key: 'model.activation', values: (s) => names(s, 'model.activation') },
  { id: 'init', key: 'model.init', values: (s) => names(s, 'model.init') },
];

export function knob(id) {
  return KNOBS.find((k) => k.id === id) || null;
}

// "0.03, 0.1" -> ["0.03", "0.1"] (blank items dropped).
export function splitValues(text) {
  return String(text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

// The runs for knob k given the engine's reading of each value
// ([{value, text}]), from the base run's own settings. For batch norm the
// pair takes the engine's default names.
export function compareRuns(k, values, baseSet, schema) {
  const defaults = Array.isArray(schema?.runs?.default) ? schema.runs.default : [];
  return values.map(({ value, text }) => {
    const set = { ...baseSet, ...(k.with || {}), [k.key]: value };
    let name = k.name ? k.name(value) : text;
    if (k.pair) {
      const match = defaults.find((r) => r?.set?.[k.key] === value);
      if (match) name = match.name;
    }
    return { name, set };
  });
}

// The picker's form. onApply(knobId, valuesText, baseIndex) -> Promise.
export class ComparePicker {
  constructor({ onApply, maxRuns }) {
    this.schema = null;
    this.derived = null;
    this.knob = el('select', { id: 'compare-knob', className: 'compare-knob' },
      ...KNOBS.map((k) => el('option', { value: k.id }, t(`runs.knob.${k.id}`))));
    this.values = el('input', { type: 'text', id: 'compare-values', className: 'compare-values', autocomplete: 'off', spellcheck: 'false',
      title: t('runs.compareValuesHint', { max: maxRuns }) });
    this.base = el('select', { id: 'compare-base', className: 'compare-base' });
    this.apply = el('button', { type: 'submit', className: 'small-button compare-apply' }, t('runs.compareApply'));
    this.root = el('form', { className: 'compare-picker', 'aria-label': t('runs.compareLabel') },
      el('label', { for: 'compare-knob' }, t('runs.compare')), this.knob,
      el('label', { for: 'compare-values' }, t('runs.compareValues')), this.values,
      el('label', { for: 'compare-base' }, t('runs.compareFrom')), this.base,
      this.apply);
    this.knob.addEventListener('change', () => this.offer());
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      onApply(this.knob.value, this.values.value, Number(this.base.value));
    });
  }

  // The values offered for the chosen knob (the learner may edit them).
  offer() {
    const k = knob(this.knob.value);
    this.values.value = k ? k.values(this.schema, this.derived).join(', ') : '';
  }

  show(schema, derived) {
    this.schema = schema;
    const first = !this.derived;
    this.derived = derived;
    const runs = derived?.runs || [];
    const chosen = Math.min(Number(this.base.value) || 0, Math.max(0, runs.length - 1));
    this.base.replaceChildren(...runs.map((r, i) => el('option', { value: String(i) }, r.name)));
    this.base.value = String(chosen);
    if (first) this.offer();
  }

  setEnabled(enabled) {
    for (const node of this.root.querySelectorAll('input, select, button')) node.disabled = !enabled;
  }
}
