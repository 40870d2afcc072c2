// One run's own settings, edited in its panel with the settings column's
// controls (web/controls.js: one implementation): every key a run may set
// (the engine's schema: runs.perRunKeys), its name, and per key whether the
// run has its own value (with a button back to the shared one). Edits go to
// the app as {"dotted.key": value}, where the engine validates them; the
// editor only shows what is running.
import { Controls } from '../controls.js';
import { el } from '../dom.js';
import { t } from '../i18n/index.js';
import { valueWords } from './words.js';

// {"train.learning_rate": 0.3, ...} -> {train: {learning_rate: 0.3}, ...}: the
// shape the controls read values from.
function nest(flat) {
  const out = {};
  for (const [key, value] of Object.entries(flat || {})) {
    const dot = key.indexOf('.');
    if (dot < 0) { out[key] = value; continue; }
    const group = key.slice(0, dot);
    if (!Object.hasOwn(out, group)) out[group] = {};
    out[group][key.slice(dot + 1)] = value;
  }
  return out;
}

function valueAt(config, key) {
  const dot = key.indexOf('.');
  const group = config?.[key.slice(0, dot)];
  return group && typeof group === 'object' ? group[key.slice(dot + 1)] : undefined;
}

// A control's text (JSON, as the controls send it) as the value for setRun.
function parsed(text) {
  try { return JSON.parse(text); } catch { return text; }
}

export class RunEditor {
  // onSet(index, settings), onRename(index, name): both go to the engine.
  constructor(index, { schema, onSet, onRename }) {
    this.index = index;
    this.root = el('div', { className: 'run-editor', role: 'group', dataset: { run: String(index) } });
    const id = `run${index}-name`;
    this.nameInput = el('input', { type: 'text', id, className: 'run-name-input', autocomplete: 'off', spellcheck: 'false' });
    const form = el('form', 'run-name-row',
      el('label', { for: id }, t('runs.name')), this.nameInput,
      el('button', { type: 'submit', className: 'small-button run-rename' }, t('runs.rename')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onRename(this.index, this.nameInput.value);
    });
    const body = el('div', 'run-controls');
    this.root.append(form, body);
    const keys = Array.isArray(schema?.runs?.perRunKeys) ? schema.runs.perRunKeys : [];
    this.controls = new Controls(body, (key, text) => onSet(this.index, { [key]: parsed(text) }), { keys, idPrefix: `run${index}-` });
    this.controls.setSchema(schema);
    this.onSet = onSet;
  }

  // config: the normalized config; derived: the engine's (runs' settings and overrides).
  show(config, derived) {
    const run = derived?.runs?.[this.index];
    if (!run) return;
    this.root.setAttribute('aria-label', t('runs.editorLabel', { name: run.name }));
    this.nameInput.value = run.name;
    this.controls.show(nest(run.settings), { ...derived, runs: [] });
    const own = new Map((run.overrides || []).map((o) => [o.key, o]));
    for (const field of this.controls.fields) {
      const key = field.prop.key;
      const mine = own.get(key);
      field.root.classList.toggle('is-run-set', Boolean(mine));
      field.note.hidden = !mine;  // shared values need no note
      if (!mine) continue;
      const shared = valueAt(config, key);
      const back = el('button', { type: 'button', className: 'link-button run-use-shared', dataset: { key } }, t('runs.useShared'));
      back.addEventListener('click', () => this.onSet(this.index, { [key]: null }));
      field.note.replaceChildren(t('runs.ownValue', { shared: valueWords(key, shared) }), ' ', back);
    }
  }

  setEnabled(enabled) {
    this.controls.setEnabled(enabled);
    for (const node of this.root.querySelectorAll('.run-name-row input, .run-name-row button')) node.disabled = !enabled;
  }

  // Brings one setting into view and focus (from the sidebar's note).
  focus(key) {
    const field = key && this.controls.fields.find((f) => f.prop.key === key);
    const target = field ? field.root.querySelector('input, select, button') : this.nameInput;
    if (target) {
      target.scrollIntoView({ block: 'nearest' });
      target.focus();
    }
  }
}
