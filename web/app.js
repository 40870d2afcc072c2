// One BN Lab: the engine worker, the state (a URL hash or an element's
// attributes), the regions of the layout and the drawing. Mounted into any
// root: the full page's #bnlab element, or a <bn-lab> element's shadow root.
// All training happens in the worker; this side keeps the latest snapshot and
// draws it on the next animation frame.
//
// The data flow (docs/DESIGN.md, "From a URL hash to pixels"): the state's
// hash text -> parseHash -> the engine validates the settings against the
// preset (applySetsLenient) -> configure -> snapshots (report + grids) ->
// panels, charts, views.
import { applyOnCommit } from './a11y/commit.js';
import { describeAll } from './a11y/describe.js';
import { PanelDescriber, describeSnapshot } from './a11y/descriptions.js';
import { SettingsDrawer } from './a11y/drawer.js';
import { HelpOverlay, shortcutsStored } from './a11y/help.js';
import { CALM_CHARTS_MS, CALM_PANELS_MS, CALM_VIEWS_MS, MotionPreference } from './a11y/motion.js';
import { EngineClient } from './engine-client.js';
import { Charts } from './charts.js';
import { DataEditor } from './data/editor.js';
import { Takeaway } from './export/takeaway.js';
import { applyViewOptions, changeViewOptions } from './export/view-options.js';
import { defaultViewOptions, parseViewOptions, viewOptionItems } from './export/view-keys.js';
import { Controls } from './controls.js';
import { autoplayWhenVisible } from './embed/autoplay.js';
import { controlKeys, pickControls } from './embed/pick-controls.js';
import { History } from './history.js';
import { t } from './i18n/index.js';
import { el } from './dom.js';
import { buildLayout, REGIONS } from './layout.js';
import { Legend } from './legend.js';
import { Lesson } from './lesson.js';
import { Messages } from './messages.js';
import { Panels } from './panels.js';
import { applyStop, linkSpeed, paceOf } from './pace.js';
import { PerfMeter } from './perf.js';
import { PresetPicker } from './preset-picker.js';
import { RunsUi } from './runs/index.js';
import { ShareDialog } from './share-dialog.js';
import { DEFAULT_PRESET, buildHash, parseHash, quote } from './state.js';
import { applyTheme, palette } from './theme.js';
import { Toolbar, epochOf } from './toolbar.js';
import { ViewsHost, parseViewItems, parseViewNames } from './views/index.js';
import { SHOW_PARTS, defaultWidget, fullPageWidget, shownControlKeys, widgetItems } from './widget-keys.js';

const GRID_SIZE = 128;
const CHART_INTERVAL_MS = 100;  // charts redraw at most 10 times a second
const STATUS_INTERVAL_MS = 500;  // status events while training: twice a second, never more

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The regions a widget shows: the full page has all of them; embed=1 has the
// panels and the toolbar, plus what show= asks for (single controls by their
// dotted key need the settings column, reduced to them). lock=1 freezes the
// settings, so it has no settings column at all.
export function regionsFor(widget) {
  const regions = widget.embed
    ? ['toolbar', 'messages', 'panels', ...widget.show.filter((p) => SHOW_PARTS.includes(p))]
    : [...REGIONS];
  if (widget.embed && shownControlKeys(widget).length > 0) regions.push('controls');
  return [...new Set(regions)].filter((r) => !(widget.lock && r === 'controls'));
}

export class App {
  // root: the element to build into. Options:
  //   source: where the state lives: {read() -> hash text, write(hash), subscribe(fn)}
  //   widget: the widget keys (./widget-keys.js), already validated
  //   keyTarget: what keyboard shortcuts listen on (the document for the page)
  //   documentElement: the page's <html>, which follows the theme (full page only)
  //   pageUrl: the full page (for the widget's "open in BN Lab" link and the
  //     share dialog's snippets); default: BN Lab's index.html beside web/
  constructor(root, { source, widget = defaultWidget(), keyTarget = root, documentElement = null, pageUrl = null } = {}) {
    this.root = root;
    this.source = source;
    this.widget = widget;
    this.keyTarget = keyTarget;
    this.pageUrl = pageUrl || new URL('../', import.meta.url).href;
    root.classList.add('bnlab');
    root.classList.toggle('is-widget', widget.embed);
    this.stopTheme = applyTheme(root, widget.theme, { documentElement, onChange: () => this.themeChanged() });
    const refs = buildLayout(root, { regions: regionsFor(widget), widget: widget.embed, heading: Boolean(documentElement) });
    this.refs = refs;
    const win = root.ownerDocument.defaultView;
    this.paletteCache = null;
    const paletteOf = () => {
      if (!this.paletteCache || this.paletteCache.theme !== root.dataset.theme) this.paletteCache = palette(root);
      return this.paletteCache;
    };
    this.palette = paletteOf;

    this.messages = new Messages(refs.messages);
    this.perf = new PerfMeter();
    this.history = new History();
    // The runs' headers, editors, compare picker and setRun (web/runs/): editable on the full page.
    this.runs = new RunsUi(this, { editable: !widget.embed && !widget.lock });
    this.panels = new Panels(refs.panels, paletteOf, this.runs.panelHooks());
    this.charts = refs.lossChart ? new Charts(refs.lossChart, refs.accChart, { fill: widget.embed, loss: refs.lossSummary, acc: refs.accSummary }) : null;
    this.lesson = new Lesson(refs);
    this.legend = new Legend(refs.legend);  // the boundaries' legend, under the panels
    this.views = refs.views
      ? new ViewsHost(refs.views, refs.viewsMenu, { history: this.history, onChange: () => this.viewsChanged(), palette: paletteOf,
        call: (method, ...args) => this.engine.call(method, ...args) })
      : null;
    this.controls = refs.controls
      ? new Controls(refs.controls, (key, value) => this.edit(key, value), { onOpenRun: this.runs.editable ? (run, key) => this.runs.openRun(run, key) : null })
      : null;
    this.dataEditor = new DataEditor(this, refs);  // the learner's own points (web/data/)
    // What a learner takes away (web/export/): the full page's bar under the panels.
    this.takeaway = refs.panels && !widget.embed ? new Takeaway(this, refs.panels) : null;
    this.viewOptions = defaultViewOptions();  // speed, discretize, batch statistics: in the link
    if (this.controls) this.controls.setEnabled(false);
    // show=train.learning_rate,...: only those controls (all of them if show=controls).
    this.pickedControls = widget.embed && !widget.show.includes('controls') && this.controls ? shownControlKeys(widget) : null;
    this.presetPicker = refs.preset && !widget.lock ? new PresetPicker(refs.preset, (name) => this.choosePreset(name)) : null;
    this.shareDialog = null;
    // Keyboard steps on a slider or a list apply on Enter or when leaving it (web/a11y/commit.js).
    if (refs.controls) applyOnCommit(refs.controls, { hint: () => t('commit.hint') });
    // The same for each run's own settings, edited in its panel (web/runs/).
    if (refs.panels && this.runs.editable) applyOnCommit(refs.panels, { hint: () => t('commit.hint') });

    // For every learner (docs/ACCESSIBILITY.md): reduced motion, the panels'
    // descriptions, the keyboard help, the settings drawer on narrow screens.
    this.motion = new MotionPreference(win);
    this.describer = new PanelDescriber(() => this.panels.descriptionNodes());
    this.shortcutsOn = shortcutsStored();
    this.help = new HelpOverlay(root, { shortcutsOn: this.shortcutsOn, onShortcuts: (on) => { this.shortcutsOn = on; } });
    this.drawer = refs.drawerToggle ? new SettingsDrawer(refs, { win }) : null;
    this.toolbar = new Toolbar(refs, {
      play: () => (this.playing ? this.pause() : this.play()),
      step: () => this.step(1),
      reset: () => this.reset(),
      speed: (n) => changeViewOptions(this, { speed: n }),
      drawOptions: (options) => { this.setDrawOptions(options); changeViewOptions(this, { discretize: options.discretize }); },
      gridMode: (mode) => changeViewOptions(this, { batchStats: mode === 1 }),
    });

    this.ready = false;
    this.playing = false;
    this.presets = [];
    this.presetName = DEFAULT_PRESET;
    this.presetTexts = new Map();    // preset name -> its config text
    this.config = null;              // the running experiment's normalized config
    this.derived = null;             // what the engine derives from it (runs, layers, cost)
    this.changes = [];               // [key, text]: its settings that differ from the preset's
    this.configText = '';
    this.generation = 0;
    this.latest = null;              // newest snapshot of the current generation
    this.drawn = null;               // the snapshot on screen
    this.waiters = [];               // {generation, resolve}: first snapshot of a generation
    this.pauseWaiters = [];          // {generation, step, resolve}: the paused picture
    this.queue = Promise.resolve();  // reconfigurations run one at a time, in order
    this.chartsDrawnAt = 0;
    this.panelsDrawnAt = 0;
    this.viewsDrawnAt = 0;
    this.frameRequest = 0;
    this.statusListeners = new Set();
    this.statusSentAt = -Infinity;

    this.engine = new EngineClient({
      onSnapshot: (s) => this.onSnapshot(s),
      onStopped: (m) => this.onStopped(m),
      onFatal: (text) => this.onFatal(text),
      onTrouble: (kind, text) => this.onEngineTrouble(kind, text),
    });
    this.perf.engineStats = () => this.engine.stats();
  }

  // ---- start-up -----------------------------------------------------------

  async start() {
    this.keyTarget.addEventListener('keydown', (e) => this.onKey(e));
    if (this.refs.permalink) this.refs.permalink.addEventListener('click', (e) => this.openShareDialog(e));
    if (this.refs.describe) this.refs.describe.addEventListener('click', () => this.describe());
    if (this.refs.describeClose) this.refs.describeClose.addEventListener('click', () => this.hideDescription());
    if (this.refs.help) this.refs.help.addEventListener('click', () => this.help.toggleOpen(this.refs.help));
    this.frameRequest = requestAnimationFrame((time) => this.frame(time));
    this.autoplay = this.widget.autoplay ? autoplayWhenVisible(this.root, this) : null;
    try {
      const info = await this.engine.call('init');
      this.presets = Array.isArray(info.presets) ? info.presets : [];
      if (this.presetPicker) this.presetPicker.fill(this.presets);
      // Sent together (the worker answers in order): one round trip, not
      // three or four (docs/PERFORMANCE.md). Not with init: the picker's
      // and the schema's layout changes in one frame shift the page more.
      const [schema] = await Promise.all([this.engine.call('schema'),
        this.engine.call('setSpeed', this.toolbar.speed()), this.engine.call('setView', { gridSize: GRID_SIZE, gridMode: 0 }),
        this.widget.stop !== null ? this.engine.call('setStopAt', this.widget.stop) : null]);
      if (this.controls) this.controls.setSchema(schema);
      this.runs.setSchema(schema, this.refs.panels);
      // From here on the presets are known, so the state can be read at any time.
      this.source.subscribe(() => this.enqueue(() => this.loadState()));
      await this.enqueue(() => this.loadState());
      if (this.widget.lock) {
        // lock=1 has no settings column: say so if show= asked for one.
        const asked = this.widget.show.filter((p) => p === 'controls' || !SHOW_PARTS.includes(p));
        for (const part of asked) this.messages.add(t('embed.lockedControls', { part }));
      }
      if (this.autoplay) this.autoplay.check();
    } catch (err) {
      // A dead engine has already said why (onFatal); anything else is new.
      if (!this.engine.dead) this.onFatal(String(err && err.message ? err.message : err));
    }
  }

  // The page's shortcuts (listed in the help, `?`): Space play/pause, S step,
  // R reset, D describe, ? help. Not while typing in a field, not while the
  // help is open, not once the learner has turned them off (WCAG 2.1.4).
  onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.composedPath ? e.composedPath()[0] : e.target;
    const tag = target && target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || (target && target.isContentEditable)) return;
    if (this.help.isOpen() || !this.shortcutsOn) return;
    if (target && target.closest && target.closest('[role="application"], dialog')) return;
    if (e.key === '?') { e.preventDefault(); this.help.toggleOpen(target); return; }
    if (e.key === 'Escape' && this.refs.describeOutput && !this.refs.describeOutput.hidden) { this.hideDescription(); return; }
    if (!this.ready) return;
    // Space and Enter activate a focused button: leave them to it.
    if (e.key === ' ' && tag !== 'BUTTON' && tag !== 'A' && tag !== 'SUMMARY') { e.preventDefault(); this.playing ? this.pause() : this.play(); }
    else if (e.key === 's' || e.key === 'S') this.step(1);
    else if (e.key === 'r' || e.key === 'R') this.reset();
    else if (e.key === 'd' || e.key === 'D') this.describe();
  }

  // Runs `task` after the ones before it; never rejects (failures become messages).
  enqueue(task) {
    this.queue = this.queue.then(() => task()).catch((err) => {
      this.messages.add(String(err && err.message ? err.message : err));
    });
    return this.queue;
  }

  // ---- config: hash, presets, edits ----------------------------------------

  // Reads the whole experiment from the state (load, hashchange, attributes).
  async loadState() {
    this.messages.clear();
    const parsed = parseHash(this.source.read());
    for (const e of parsed.errors) this.messages.add(t('messages.link', { text: e }));
    const views = parseViewItems(parsed.view);
    for (const e of views.errors) this.messages.add(t('messages.link', { text: e }));
    const viewOptions = parseViewOptions(parsed.viewOptions);
    for (const e of viewOptions.errors) this.messages.add(t('messages.link', { text: e }));
    let name = parsed.preset === null ? DEFAULT_PRESET : parsed.preset;
    let presetText = await this.presetText(name);
    if (!presetText) {
      this.messages.add(t('messages.unknownPreset', { name: quote(name) }));
      name = DEFAULT_PRESET;
      presetText = (await this.presetText(name)) || '{}';
    }
    // The lesson's pace (web/pace.js) unless the link names its own speed.
    applyViewOptions(this, { ...viewOptions.options, speed: linkSpeed(parsed.viewOptions) ?? this.paceOf(name).speed });
    // The learner's points travel in a data.custom item (web/data/codec.js).
    const link = this.dataEditor.readLink(parsed);
    if (link.error) this.messages.add(link.error);
    const sets = link.dropCustom ? parsed.sets.filter((s) => s !== 'data.name=custom' && !s.startsWith('data.points=')) : parsed.sets;
    const lenient = await this.engine.call('applySetsLenient', presetText, sets);
    for (const e of lenient.errors || []) this.messages.add(t('messages.linkSettingIgnored', { text: e }));
    // Settings the engine refused leave the address too (a reload or a copy of
    // it would try them again): it then says what runs.
    const rejected = (lenient.errors || []).length > 0;
    const ok = await this.configure(lenient.json, name, { viewRequest: views.request, source: 'link', data: link.data, writeHash: rejected });
    if (!ok && presetText !== lenient.json) await this.configure(presetText, name, { viewRequest: views.request, source: 'link', writeHash: true });
  }

  async presetText(name) {
    if (!this.presets.some((p) => p.name === name)) return '';
    if (!this.presetTexts.has(name)) this.presetTexts.set(name, await this.engine.call('presetConfig', name));
    return this.presetTexts.get(name);
  }

  async choosePreset(name) {
    return this.enqueue(async () => {
      const text = await this.presetText(name);
      if (!text) return;
      this.messages.clear();
      applyViewOptions(this, { ...this.viewOptions, speed: this.paceOf(name).speed });  // the lesson's pace
      await this.configure(text, name, { writeHash: true, viewRequest: null });
    });
  }

  // A control changed: validate in the engine, then rebuild every run together.
  async edit(key, value) {
    return this.enqueue(async () => {
      const result = await this.engine.call('applySets', this.configText, [`${key}=${value}`]);
      if (result.error) {
        this.messages.add(result.error);
        if (this.controls) this.controls.show(this.config, this.derived);  // back to the values that are running
        return;
      }
      this.messages.clear();
      if (!(await this.configure(result.json, this.presetName, { writeHash: true })) && this.controls) this.controls.show(this.config, this.derived);
    });
  }

  // Replaces the experiment (every run restarts from step 0 on the same data
  // and initial weights). Returns false, with a message, if the engine refuses.
  // With writeHash, the state changes in the same task as the config.
  // viewRequest: the views and unit to show (null: the preset's; undefined:
  // the ones showing now), checked against the new config.
  // data: the learner's points ({csv, ...}: web/data/editor.js) to train on;
  // quiet: a refusal is only returned (lastConfigureError), not shown.
  async configure(json, presetName, { writeHash = false, viewRequest, source = 'view', data, quiet = false } = {}) {
    const base = await this.presetText(presetName);  // before: nothing may wait between reply and snapshot
    const result = data
      ? await this.engine.call('configureWithData', json, data.csv, base || undefined)
      : await this.engine.call('configure', json, base || undefined);
    this.lastConfigureError = result.error;
    if (result.error) {
      if (!quiet) this.messages.add(result.error);
      return false;
    }
    const firstSnapshot = new Promise((resolve) => this.waiters.push({ generation: result.generation, resolve }));
    this.generation = result.generation;
    this.configText = result.config;
    this.config = JSON.parse(result.config);
    this.derived = result.derived;
    this.changes = result.changes;
    this.presetName = presetName;
    this.latest = null;
    this.drawn = null;
    this.data = result.data;
    const runs = Array.isArray(this.config.runs) ? this.config.runs : [];
    this.history.clear(runs.length);
    // The panels keep the previous picture until the new experiment's first
    // snapshot is drawn (frame()), so a switch never shows a blank panel.
    this.describer.reset();
    this.dataEditor.configured(this.config, result, data);
    this.legend.show(result.data);
    // Their runs are the engine's (derived: names and overrides as text).
    this.pendingPanels = { runs: this.derived.runs, data: result.data };
    if (this.controls) this.controls.show(this.config, this.derived);
    this.runs.configured(this.config, this.derived);
    if (this.pickedControls && this.refs.controls) this.pickShownControls();
    if (this.presetPicker) this.presetPicker.select(presetName);
    const preset = this.presets.find((p) => p.name === presetName);
    this.lesson.show(preset);
    applyStop(this, preset);  // where the lesson pauses (web/pace.js)
    if (this.views) {
      const request = viewRequest === undefined ? this.views.currentRequest() : viewRequest;
      const viewErrors = this.views.configure(this.config, result.data, preset && Array.isArray(preset.views) ? preset.views : [], request, this.derived);
      for (const e of viewErrors) this.messages.add(t(source === 'link' ? 'messages.link' : 'messages.view', { text: e }));
      // Sent before anything can ask for steps, so every later snapshot has the views' data.
      this.engine.call('setViews', this.views.spec()).catch(() => {});
    }
    if (writeHash) this.writeHash();
    else this.updatePermalink();
    // Building the charts is the costly part: give it a task of its own so
    // no single main-thread task grows long.
    await nextTask();
    if (this.charts) this.charts.setRuns(runs, this.root.dataset.theme);
    await firstSnapshot;
    this.dataEditor.showControls(this.config);
    return true;
  }

  // The state as hash text: the preset, the settings that differ from it,
  // the views, and the widget keys (this app's, or the ones given).
  currentHash(widget = this.widget) {
    const items = [...this.dataEditor.hashItems(), ...(this.views ? this.views.hashItems() : []),
      ...viewOptionItems(this.viewOptions, { ...defaultViewOptions(), speed: this.paceOf(this.presetName).speed }), ...widgetItems(widget)];
    return buildHash(this.presetName, this.changes, items);
  }

  // The same state on the full page (the widget's "open in BN Lab" link).
  fullPageUrl() {
    return this.pageUrl.split('#')[0] + this.currentHash(fullPageWidget(this.widget));
  }

  // show=key,...: the first time, say which keys name no control.
  pickShownControls() {
    if (!this.pickedReported) {
      this.pickedReported = true;
      const known = controlKeys(this.refs.controls);
      for (const key of this.pickedControls.filter((k) => !known.includes(k))) {
        this.messages.add(t('embed.unknownControl', { key: quote(key), list: known.join(', ') }));
      }
    }
    pickControls(this.refs.controls, this.pickedControls);
  }

  // ---- views ---------------------------------------------------------------

  // A view turned on or off, or another unit chosen: the worker computes
  // the new data and the link follows.
  viewsChanged() {
    if (!this.config) return;
    this.engine.call('setViews', this.views.spec()).catch(() => {});
    this.writeHash();
  }

  // API: show exactly these views (unknown names are reported and ignored).
  showViews(names) {
    if (!this.views) return [];
    const list = Array.isArray(names) ? names.join(',') : String(names ?? '');
    const parsed = parseViewNames(list, 'views: ');
    for (const e of parsed.errors) this.messages.add(e);
    this.views.setActive(parsed.names);
    return parsed.errors;
  }

  // API: inspect this unit ({run, layer, unit}); fields that do not exist fall back.
  selectUnit(request) {
    if (!this.views) return [];
    const errors = this.views.select(request && typeof request === 'object' ? request : {}, '');
    for (const e of errors) this.messages.add(t('messages.unitSelection', { text: e }));
    return errors;
  }

  // API: open a preset (lesson) by name; an unknown name leaves the page as it is.
  async openPreset(name) {
    if (this.widget.lock) {
      this.messages.add(t('embed.locked'));
      return false;
    }
    if (!this.presets.some((p) => p.name === name)) {
      this.messages.add(t('messages.unknownLesson', { name: quote(name), list: this.presets.map((p) => p.name).join(', ') }));
      return false;
    }
    await this.choosePreset(name);
    return true;
  }

  // The state follows the controls (the page's address bar: without adding
  // history entries).
  writeHash() {
    this.source.write(this.currentHash());
    this.updatePermalink();
  }

  // The link is a plain anchor (right-click, drag); a click opens the share
  // and embed dialog (./share-dialog.js).
  openShareDialog(event) {
    event.preventDefault();
    if (!this.shareDialog) this.shareDialog = new ShareDialog(this);
    this.shareDialog.open(event.currentTarget);
  }

  updatePermalink() {
    if (this.refs.permalink) this.refs.permalink.href = this.currentHash() || '#';
    if (this.refs.openFull) this.refs.openFull.href = this.fullPageUrl();
    const changed = this.changes.map(([key]) => key);
    this.lesson.showChanges(changed);
  }

  // ---- training ------------------------------------------------------------

  async play() {
    if (!this.ready || this.engine.trouble) return;
    this.clearStopNotice();
    this.setPlaying(true);
    await this.engine.call('play');
  }

  // The worker answers at once and sends the paused picture after (built in
  // slices); with `picture`, this waits for it, so status() shows the pause.
  async pause({ picture = true } = {}) {
    this.setPlaying(false);
    if (this.engine.dead || this.engine.trouble) return;
    const paused = await this.engine.call('pause').catch(() => null);
    if (picture && paused && paused.generation === this.generation) {
      await new Promise((resolve) => this.pauseWaiters.push({ ...paused, resolve }));
    }
  }

  async step(n = 1) {
    if (!this.ready || this.engine.trouble) return;
    await this.pause({ picture: false });
    await this.engine.call('step', n);  // its snapshot arrives before this resolves
  }

  async reset() {
    if (this.engine.trouble) return this.restartEngine();
    if (!this.ready) return;
    this.clearStopNotice();
    await this.pause({ picture: false });  // the new experiment replaces it
    await this.enqueue(() => this.configure(this.configText, this.presetName));
  }

  clearStopNotice() {
    if (this.stopNotice) this.messages.remove(this.stopNotice);
    this.stopNotice = null;
    this.lesson.showStopped(null);
  }

  // The pace of a preset by name (web/pace.js).
  paceOf(name) {
    return paceOf(this.presets.find((p) => p.name === name));
  }

  // API (and the iframe's `set` command): change several settings together,
  // given as the engine's "key=value" items. The engine validates them alone
  // and as a whole config; all or nothing. Resolves to {ok: true} or
  // {ok: false, error} (one line, nothing changed).
  async applySettings(sets) {
    if (this.widget.lock) return { ok: false, error: t('embed.locked') };
    let outcome = { ok: false, error: 'the training engine is not running' };
    await this.enqueue(async () => {
      const result = await this.engine.call('applySets', this.configText, sets);
      if (result.error) { outcome = { ok: false, error: result.error }; return; }
      const whole = await this.engine.call('normalize', result.json);
      if (whole.error) { outcome = { ok: false, error: whole.error }; return; }
      outcome = (await this.configure(result.json, this.presetName, { writeHash: true }))
        ? { ok: true }
        : { ok: false, error: this.messages.texts().slice(-1)[0] || 'refused by the engine' };
    });
    return outcome;
  }

  // reason: what status listeners are told ('play', 'pause', 'stop', 'diverged').
  setPlaying(playing, reason = playing ? 'play' : 'pause') {
    const changed = this.playing !== playing;
    this.playing = playing;
    this.toolbar.setPlaying(playing);
    // Training stopped: the panels' descriptions say where it stopped.
    if (changed && !playing && this.latest) this.describer.update(this.latest, { data: this.data, reached: this.history.reached, playing: false });
    if (changed && this.ready) this.notifyStatus(reason);
  }

  setDrawOptions(options) {
    this.panels.setOptions(options);
    this.drawn = null;  // repaint the latest snapshot with the new options
  }

  // The theme changed (the reader's system, or a new theme): everything that
  // baked colours in is drawn again.
  themeChanged() {
    if (!this.refs) return;  // during construction: nothing drawn yet
    this.paletteCache = null;
    this.panels.redrawPoints();
    this.drawn = null;
    if (this.charts && this.config) this.charts.setRuns(this.config.runs || [], this.root.dataset.theme);
    if (this.views && this.config) this.views.setActive(this.views.currentRequest().names, { notify: false, rebuild: true });
  }

  onSnapshot(snapshot) {
    if (snapshot.generation !== this.generation) return;  // from a replaced experiment
    this.latest = snapshot;
    this.history.add(snapshot.step, snapshot.report);
    if (this.views) this.views.onSnapshot(snapshot);
    this.perf.stepCount(performance.now(), snapshot.step);
    if (!this.ready) {
      this.ready = true;
      if (this.controls) this.controls.setEnabled(true);
      this.runs.setEnabled(true);
      this.toolbar.setReady(true);
      this.dataEditor.refresh();
      this.root.classList.add('is-ready');
    }
    this.describer.update(snapshot, { data: this.data, reached: this.history.reached, playing: this.playing });
    this.pauseWaiters = this.pauseWaiters.filter((w) => {
      // The paused step is on screen (or a newer experiment, or play went on).
      const shown = w.generation !== snapshot.generation || snapshot.step >= w.step;
      if (shown) w.resolve();
      return !shown;
    });
    const waiting = this.waiters.filter((w) => w.generation === snapshot.generation);
    this.waiters = this.waiters.filter((w) => w.generation > snapshot.generation);
    for (const w of waiting) w.resolve();
    if (waiting.length > 0) this.notifyStatus(this.announcedReady ? 'reset' : 'ready');
    else if (this.playing && performance.now() - this.statusSentAt >= STATUS_INTERVAL_MS) this.notifyStatus('progress');
    this.announcedReady = true;
  }

  // The worker stopped playing: every run diverged, or the widget's stop=N.
  // Listeners hear of it once the step where it stopped is the one on screen
  // (the worker builds that snapshot in slices after this message).
  onStopped(message) {
    if (message.generation !== this.generation) return;
    const done = () => {
      if (message.generation !== this.generation) return;
      if (message.reason === 'stop') {
        this.clearStopNotice();
        // The lesson's own stop says so in the lesson text too (web/pace.js).
        const lessonStop = this.lessonStop === message.step;
        this.stopNotice = this.messages.add(t(lessonStop ? 'pace.stopped' : 'embed.stopped', { step: message.step }), 'info');
        if (lessonStop) this.lesson.showStopped(message.step);
        this.setPlaying(false, 'stop');
        return;
      }
      this.messages.add(t('messages.allDiverged'), 'warning');
      this.setPlaying(false, 'diverged');
    };
    const s = this.latest;
    if (s && s.generation === message.generation && s.step >= message.step) done();
    else this.pauseWaiters.push({ generation: message.generation, step: message.step, resolve: done });
  }

  // The worker hung or crashed (EngineClient): stop, say so, offer a reset.
  onEngineTrouble(kind, text) {
    this.setPlaying(false);
    // A configure waiting for its first picture will not get it: let it end.
    for (const w of [...this.waiters, ...this.pauseWaiters]) w.resolve();
    this.waiters = [];
    this.pauseWaiters = [];
    if (this.troubleNotice) this.messages.remove(this.troubleNotice);
    this.troubleNotice = this.messages.add(text);
    const button = el('button', { type: 'button', className: 'message-action' }, t('robust.reset'));
    button.addEventListener('click', () => this.restartEngine());
    this.troubleNotice.node.insertBefore(button, this.troubleNotice.node.lastChild);
  }

  // A fresh worker with the settings and the experiment that were running
  // (from step 0, as Reset does).
  async restartEngine() {
    if (this.troubleNotice) this.messages.remove(this.troubleNotice);
    this.troubleNotice = null;
    this.setPlaying(false);
    await this.engine.restart();
    if (this.configText) await this.enqueue(() => this.configure(this.configText, this.presetName));
  }

  onFatal(text) {
    this.ready = false;
    this.setPlaying(false);
    if (this.controls) this.controls.setEnabled(false);
    this.runs.setEnabled(false);
    this.toolbar.setReady(false);
    this.messages.add(text);
  }

  // ---- drawing -------------------------------------------------------------

  frame(now) {
    if (this.destroyed) return;
    this.perf.frame(now);
    // Reduced motion: while training, a few calm redraws a second instead of every frame.
    const calm = this.motion.reduced && this.playing;
    const snapshot = this.latest;
    if (snapshot && snapshot !== this.drawn && !(calm && now - this.panelsDrawnAt < CALM_PANELS_MS)) {
      const t0 = performance.now();
      if (this.pendingPanels) {
        this.panels.setRuns(this.pendingPanels.runs);
        this.panels.setData(this.dataEditor.viewData(this.pendingPanels.data));  // the learner's points, if theirs
        this.pendingPanels = null;
        this.dataEditor.refresh();  // rebuilt plots follow the drawing mode
        // The new panels' descriptions: the snapshot they show, at once.
        this.describer.update(snapshot, { data: this.data, reached: this.history.reached, playing: this.playing, force: true });
      }
      if (this.panels.draw(snapshot, this.history.reached) > 0) this.perf.boundaryRedraw(now);
      this.toolbar.showCounters(snapshot.step, snapshot.report.runs);
      this.drawn = snapshot;
      this.panelsDrawnAt = now;
      this.perf.frameWork(performance.now() - t0);
    }
    if (this.views && !(calm && now - this.viewsDrawnAt < CALM_VIEWS_MS)) {
      const v0 = performance.now();
      this.views.draw(now, this.playing);
      this.viewsDrawnAt = now;
      this.perf.frameWork(performance.now() - v0);
    }
    // The charts follow the history, which also grows between frames.
    const chartInterval = calm ? CALM_CHARTS_MS : CHART_INTERVAL_MS;
    if (this.charts && (now - (this.chartsDrawnAt || 0) >= chartInterval || !this.playing)) {
      const t0 = performance.now();
      this.charts.update(this.history, { now, playing: this.playing });  // a no-op when nothing changed
      this.chartsDrawnAt = now;
      this.perf.frameWork(performance.now() - t0);
    }
    this.frameRequest = requestAnimationFrame((time) => this.frame(time));
  }

  // Stops drawing, listening and the engine for good (a <bn-lab> element
  // removed from its page, or rebuilt with other widget keys).
  destroy() {
    this.destroyed = true;
    cancelAnimationFrame(this.frameRequest);
    this.stopTheme();
    this.statusListeners.clear();
    this.engine.terminate();
  }

  // ---- describe: the whole state in words -----------------------------------

  // The text the "describe" action reads (also what tests read).
  description() {
    const s = this.latest;
    if (!s) return t('describe.notReady');
    const preset = this.presets.find((p) => p.name === this.presetName);
    const title = preset ? String(preset.title || preset.name) : t('lesson.custom');
    return describeAll({ status: this.status(), title, runTexts: describeSnapshot(s, this.data, this.history.reached) });
  }

  // Shows the description and has it read out (the live region is emptied
  // first, so the same text asked for twice is read twice).
  describe() {
    const text = this.description();
    const r = this.refs;
    if (r.describeOutput) {
      r.describeText.textContent = text;
      r.describeOutput.hidden = false;
    }
    if (r.describeLive) {
      r.describeLive.textContent = '';
      setTimeout(() => { r.describeLive.textContent = text; }, 50);
    }
    return text;
  }

  hideDescription() {
    const r = this.refs;
    if (!r.describeOutput) return;
    const hadFocus = r.describeOutput.contains(this.root.getRootNode().activeElement);
    r.describeOutput.hidden = true;
    if (hadFocus && r.describe) r.describe.focus();
  }

  // ---- what tests and embedding pages read -----------------------------------

  // listener(status, reason) runs when the state changes (reason: 'ready',
  // 'play', 'pause', 'reset' (a new experiment), 'diverged', 'stop' (the
  // widget's stop=N reached)) and, while
  // training, at most twice a second ('progress'). Returns an unsubscribe.
  // The iframe messages and the <bn-lab> element's events both come from here.
  onStatus(listener) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  notifyStatus(reason) {
    if (this.statusListeners.size === 0) return;
    this.statusSentAt = performance.now();
    const status = this.status();
    for (const listener of this.statusListeners) listener(status, reason);
  }

  status() {
    const s = this.latest;
    const runs = s ? s.report.runs : [];
    return {
      ready: this.ready,
      playing: this.playing,
      step: s ? s.step : 0,
      epoch: epochOf(runs) ?? 0,
      preset: this.presetName,
      stopAt: this.widget.stop,  // the widget's stop=N (null: none); play pauses there
      lessonStop: this.lessonStop ?? null,  // the lesson's own stop when no stop=N overrides it (web/pace.js)
      runs: runs.map((r) => ({
        name: r.name,
        trainLoss: r.trainLoss,
        testLoss: r.testLoss,
        trainAcc: r.trainAcc,
        testAcc: r.testAcc,
        diverged: Boolean(r.diverged),
        divergedStep: r.divergedStep ?? null,
        epoch: typeof r.epoch === 'number' ? r.epoch : null,  // runs with other batch sizes differ
      })),
    };
  }
}
