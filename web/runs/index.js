// The learner's runs: each panel's header (name, own settings in words, the
// dotted keys on hover) and run editor, copy/remove/rename, the compare
// picker above the panels, and the API behind them (window.bnlab.setRun
// and friends, docs/DESIGN.md "Runs"). Every change builds a new runs array
// (./ops.js) and hands it to the engine as one `runs=` setting: validated as a
// whole config, all or nothing, and applied by one shared reset (every run
// restarts from step 0 on the same data and initial weights), so the
// comparison stays fair.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';
import { runSwatch } from '../markers.js';
import { panelTitleId } from '../panels.js';
import { ComparePicker, compareRuns, knob, splitValues } from './compare.js';
import { RunEditor } from './editor.js';
import { checkIndex, cloneRuns, freeName, renamed, withCopy, withSettings, without } from './ops.js';
import { overridesWords } from './words.js';

const PAGE_MAX_RUNS = 8;

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

export class RunsUi {
  // app: the App (its engine, queue and configure); editable: whether the
  // page offers the editors and the picker (the full page; not a widget, not lock=1).
  constructor(app, { editable }) {
    this.app = app;
    this.editable = editable;
    this.schema = null;
    this.editors = [];       // by run index, for the panels on screen (null until opened)
    this.slots = [];         // by run index: where a panel's editor goes
    this.open = new Set();   // run indices whose editor is open
    this.enabled = false;
    this.refocus = null;     // the id of the control to focus again after a rebuild
    this.picker = null;
  }

  // The page adds runs up to one colour each (8 run colours in the theme),
  // within the engine's own limit (a link may carry more).
  get maxRuns() { return Math.min(PAGE_MAX_RUNS, this.schema?.runs?.max ?? PAGE_MAX_RUNS); }
  get minRuns() { return this.schema?.runs?.min ?? 1; }
  get maxNameChars() { return this.schema?.runs?.nameMaxChars ?? this.schema?.limits?.runNameMaxChars ?? 32; }

  setSchema(schema, panelsNode) {
    this.schema = schema;
    if (this.editable && panelsNode && !this.picker) {
      this.picker = new ComparePicker({ maxRuns: this.maxRuns, onApply: (id, text, base) => this.compare(id, text, base, { show: true }) });
      panelsNode.before(el('div', { className: 'runs-bar', id: 'runs-bar' }, this.picker.root));
      this.picker.setEnabled(this.enabled);
    }
  }

  // A new experiment is running: editors and picker show its values.
  configured(config, derived) {
    this.config = config;
    this.derived = derived;
    this.editors.forEach((e) => e && e.show(config, derived));
    if (this.picker) this.picker.show(this.schema, derived);
  }

  setEnabled(enabled) {
    this.enabled = enabled;
    this.editors.forEach((e) => e && e.setEnabled(enabled));
    if (this.picker) this.picker.setEnabled(enabled);
    for (const b of this.app.root.querySelectorAll('.panel-actions button')) b.disabled = !enabled || b.dataset.never === '1';
  }

  // ---- the panels' parts (web/panels.js hooks) ----------------------------

  panelHooks() {
    return { header: (i, run) => this.header(i, run), below: (i, run) => this.editorFor(i, run) };
  }

  header(index, run) {
    const title = el('h3', { className: 'panel-title', id: panelTitleId(index) }, run.name || t('panel.untitled', { n: index + 1 }));
    const header = el('header', 'panel-header', runSwatch(index), title);
    const { words, keys } = overridesWords(run);
    if (words) header.append(el('span', { className: 'panel-overrides', title: keys, dataset: { keys } }, words));
    if (!this.editable) return header;
    const count = this.derived?.runs?.length ?? 1;
    const button = (cls, text, title, never, onClick) => el('button', {
      type: 'button', className: `small-button ${cls}`, title, disabled: !this.enabled || never,
      'aria-label': t(`runs.${cls.slice(4)}Label`, { name: run.name }),
      dataset: { never: never ? '1' : '0' }, on: { click: onClick } }, text);
    const edit = button('run-edit', t('runs.edit'), t('runs.editTitle'), false, () => this.toggle(index));
    edit.setAttribute('aria-expanded', String(this.open.has(index)));
    edit.setAttribute('aria-controls', `run-editor-${index}`);
    header.append(el('div', 'panel-actions',
      edit,
      button('run-copy', t('runs.copy'), t('runs.copyTitle', { max: this.maxRuns }), count >= this.maxRuns, () => this.addRun(index, { show: true })),
      button('run-remove', t('runs.remove'), t('runs.removeTitle'), count <= this.minRuns, () => this.removeRun(index, { show: true }))));
    return header;
  }

  // The slot under a panel's header; the editor is built when first opened
  // (closed editors cost nothing and put no second set of controls in the page).
  editorFor(index) {
    if (!this.editable) return null;
    const slot = el('div', { className: 'run-editor-slot', id: `run-editor-${index}` });
    this.slots[index] = slot;
    this.editors[index] = null;
    if (this.open.has(index)) this.build(index);
    return slot;
  }

  build(index) {
    if (!this.schema || !this.slots[index]) return null;
    const editor = new RunEditor(index, {
      schema: this.schema,
      onSet: (i, settings) => this.setRun(i, settings, { show: true }),
      onRename: (i, name) => this.renameRun(i, name, { show: true }),
    });
    this.editors[index] = editor;
    this.slots[index].replaceChildren(editor.root);
    if (this.config) editor.show(this.config, this.derived);
    editor.setEnabled(this.enabled);
    if (this.refocus) {
      const id = this.refocus;
      setTimeout(() => {
        const node = editor.root.querySelector(`[id="${id}"]`);
        if (node && node.isConnected) node.focus();
      }, 0);
    }
    return editor;
  }

  toggle(index, force) {
    if (!this.slots[index]) return;
    const open = force ?? !this.open.has(index);
    if (open) this.open.add(index); else this.open.delete(index);
    if (open && !this.editors[index]) this.build(index);
    if (this.editors[index]) this.editors[index].root.hidden = !open;
    const button = this.app.root.querySelector(`.panel[data-run="${index}"] .run-edit`);
    if (button) button.setAttribute('aria-expanded', String(open));
  }

  // The sidebar's note: open a run's editor at one setting.
  openRun(index, key) {
    this.toggle(index, true);
    const editor = this.editors[index];
    if (editor) editor.focus(key);
  }

  // ---- the operations (the API and the buttons) ---------------------------

  // make(runs) -> new runs, or a string (the error). show: a refusal also
  // becomes a message (the buttons); the API only returns it.
  async apply(make, { show = false } = {}) {
    const app = this.app;
    if (app.widget.lock) return { ok: false, error: t('embed.locked') };
    let outcome = { ok: false, error: 'the training engine is not running' };
    const active = app.root.getRootNode().activeElement;
    const activeId = active && active.closest && active.closest('.run-editor') ? active.id : null;
    await app.enqueue(async () => {
      if (!app.config) return;
      const next = make(cloneRuns(app.config.runs));
      if (typeof next === 'string') { outcome = { ok: false, error: next }; return; }
      const result = await app.engine.call('applySets', app.configText, [`runs=${JSON.stringify(next)}`]);
      if (result.error) { outcome = { ok: false, error: result.error }; return; }
      this.refocus = activeId;
      const ok = await app.configure(result.json, app.presetName, { writeHash: true, quiet: true });
      outcome = ok ? { ok: true } : { ok: false, error: app.lastConfigureError || 'refused by the engine' };
    });
    if (!outcome.ok && show) {
      app.messages.add(outcome.error);
      this.configured(app.config, app.derived);  // the editors show what is running again
    } else if (outcome.ok && show) {
      app.messages.clear();
    }
    return outcome;
  }

  // setRun(index, {"dotted.key": value, ...}): the contract (null: back to the shared value).
  setRun(index, settings, options) {
    return this.apply((runs) => {
      const bad = checkIndex(runs, index);
      if (bad) return bad;
      if (!isPlainObject(settings)) return `settings: ${JSON.stringify(settings) ?? String(settings)} is not an object (allowed: {"dotted.key": value, ...})`;
      return withSettings(runs, index, settings);
    }, options);
  }

  renameRun(index, name, options) {
    return this.apply((runs) => checkIndex(runs, index) || renamed(runs, index, typeof name === 'string' ? name.trim() : name), options);
  }

  // A copy of run `index` (its own settings), named "<name> copy".
  addRun(index, options) {
    return this.apply((runs) => {
      const bad = checkIndex(runs, index);
      if (bad) return bad;
      if (runs.length >= this.maxRuns) return t('runs.tooMany', { count: runs.length + 1, max: this.maxRuns });
      const name = freeName(runs[index].name, runs.map((r) => r.name), this.maxNameChars, (n) => t('runs.copyName', { name: n }));
      return withCopy(runs, index, name);
    }, options).then((r) => { if (r.ok) this.shiftOpen(index, +1); return r; });
  }

  removeRun(index, options) {
    return this.apply((runs) => checkIndex(runs, index) || without(runs, index), options)
      .then((r) => { if (r.ok) this.shiftOpen(index, -1); return r; });
  }

  // Editors after `index` move with their runs.
  shiftOpen(index, by) {
    const moved = [...this.open].filter((i) => by > 0 || i !== index).map((i) => (i > index ? i + by : i));
    this.open = new Set(moved);
  }

  // compare(knobId, values (text "0.1, 0.3" or an array), baseIndex): the runs
  // for one knob, from the base run's own settings.
  async compare(id, values, baseIndex = 0, options = {}) {
    const k = knob(id);
    if (!k) {
      const error = `compare: ${JSON.stringify(id)} is not a knob (allowed: ${['batchnorm', 'placement', 'standardize', 'batch_size', 'learning_rate', 'optimizer', 'activation', 'init'].join(', ')})`;
      if (options.show) this.app.messages.add(error);
      return { ok: false, error };
    }
    const texts = Array.isArray(values) ? values.map(String) : splitValues(values ?? k.values(this.schema, this.derived).join(','));
    const fail = (error) => {
      if (options.show) this.app.messages.add(error);
      return { ok: false, error };
    };
    if (texts.length === 0) return fail(t('runs.noValues'));
    if (texts.length > this.maxRuns) return fail(t('runs.tooMany', { count: texts.length, max: this.maxRuns }));
    let read;
    try {
      read = await this.app.engine.call('valuesFromText', k.key, texts);
    } catch (err) {
      return fail(String(err && err.message ? err.message : err));
    }
    const bad = read.find((r) => !r.ok);
    if (bad) return fail(t('runs.badValue', { knob: t(`runs.knob.${k.id}`), error: bad.error }));
    return this.apply((runs) => {
      const base = runs[baseIndex] || runs[0];
      const baseSet = { ...base.set };
      delete baseSet[k.key];
      this.open.clear();
      return compareRuns(k, read, baseSet, this.schema);
    }, options);
  }
}
