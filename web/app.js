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
import { Controls } from './controls.js';
import { History } from './history.js';
import { t } from './i18n/index.js';
import { buildLayout, REGIONS } from './layout.js';
import { Lesson } from './lesson.js';
import { Messages } from './messages.js';
import { Panels } from './panels.js';
import { PerfMeter } from './perf.js';
import { PresetPicker } from './preset-picker.js';
import { DEFAULT_PRESET, buildHash, changedSettings, parseHash, quote } from './state.js';
import { applyTheme, palette } from './theme.js';
import { Toolbar, epochOf } from './toolbar.js';
import { ViewsHost, parseViewItems, parseViewNames } from './views/index.js';
import { defaultWidget, widgetItems } from './widget-keys.js';

const GRID_SIZE = 128;
const CHART_INTERVAL_MS = 100;  // charts redraw at most 10 times a second
const STATUS_INTERVAL_MS = 500;  // status events while training: twice a second, never more

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The regions a widget shows: the full page has all of them; embed=1 has the
// panels and the toolbar, plus what show= asks for.
export function regionsFor(widget) {
  if (!widget.embed) return REGIONS;
  const shown = widget.show.filter((p) => REGIONS.includes(p));
  return ['toolbar', 'messages', 'panels', ...shown];
}

export class App {
  // root: the element to build into. Options:
  //   source: where the state lives: {read() -> hash text, write(hash), subscribe(fn)}
  //   widget: the widget keys (./widget-keys.js), already validated
  //   keyTarget: what keyboard shortcuts listen on (the document for the page)
  //   documentElement: the page's <html>, which follows the theme (full page only)
  constructor(root, { source, widget = defaultWidget(), keyTarget = root, documentElement = null } = {}) {
    this.root = root;
    this.source = source;
    this.widget = widget;
    this.keyTarget = keyTarget;
    root.classList.add('bnlab');
    this.stopTheme = applyTheme(root, widget.theme, { documentElement, onChange: () => this.themeChanged() });
    const refs = buildLayout(root, { regions: regionsFor(widget), heading: Boolean(documentElement) });
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
    this.panels = new Panels(refs.panels, paletteOf);
    this.charts = refs.lossChart ? new Charts(refs.lossChart, refs.accChart, { loss: refs.lossSummary, acc: refs.accSummary }) : null;
    this.lesson = new Lesson(refs);
    this.views = refs.views
      ? new ViewsHost(refs.views, refs.viewsMenu, { history: this.history, onChange: () => this.viewsChanged(), palette: paletteOf })
      : null;
    this.controls = refs.controls ? new Controls(refs.controls, (key, value) => this.edit(key, value)) : null;
    if (this.controls) this.controls.setEnabled(false);
    // Keyboard steps on a slider or a list apply on Enter or when leaving it (web/a11y/commit.js).
    if (refs.controls) applyOnCommit(refs.controls, { hint: () => t('commit.hint') });

    // For every learner (docs/ACCESSIBILITY.md): reduced motion, the panels'
    // descriptions, the keyboard help, the settings drawer on narrow screens.
    this.motion = new MotionPreference(win);
    this.describer = new PanelDescriber(() => this.panels.descriptionNodes());
    this.shortcutsOn = shortcutsStored();
    this.help = new HelpOverlay(root, { shortcutsOn: this.shortcutsOn, onShortcuts: (on) => { this.shortcutsOn = on; } });
    this.drawer = refs.drawerToggle ? new SettingsDrawer(refs, { win }) : null;
    this.presetPicker = refs.preset ? new PresetPicker(refs.preset, (name) => this.choosePreset(name)) : null;
    this.toolbar = new Toolbar(refs, {
      play: () => (this.playing ? this.pause() : this.play()),
      step: () => this.step(1),
      reset: () => this.reset(),
      speed: (n) => this.engine.call('setSpeed', n).catch(() => {}),
      drawOptions: (options) => this.setDrawOptions(options),
      gridMode: (mode) => this.engine.call('setView', { gridMode: mode }).catch(() => {}),
    });

    this.ready = false;
    this.playing = false;
    this.presets = [];
    this.presetName = DEFAULT_PRESET;
    this.presetConfigs = new Map();  // preset name -> its normalized config (object)
    this.config = null;              // the running experiment's normalized config
    this.configText = '';
    this.generation = 0;
    this.latest = null;              // newest snapshot of the current generation
    this.drawn = null;               // the snapshot on screen
    this.waiters = [];               // {generation, resolve}: first snapshot of a generation
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
    });
  }

  // ---- start-up -----------------------------------------------------------

  async start() {
    this.keyTarget.addEventListener('keydown', (e) => this.onKey(e));
    if (this.refs.permalink) this.refs.permalink.addEventListener('click', (e) => this.copyLink(e));
    if (this.refs.describe) this.refs.describe.addEventListener('click', () => this.describe());
    if (this.refs.describeClose) this.refs.describeClose.addEventListener('click', () => this.hideDescription());
    if (this.refs.help) this.refs.help.addEventListener('click', () => this.help.toggleOpen(this.refs.help));
    this.frameRequest = requestAnimationFrame((time) => this.frame(time));
    try {
      const info = await this.engine.call('init');
      this.presets = Array.isArray(info.presets) ? info.presets : [];
      if (this.presetPicker) this.presetPicker.fill(this.presets);
      await this.engine.call('setSpeed', this.toolbar.speed());
      await this.engine.call('setView', { gridSize: GRID_SIZE, gridMode: 0 });
      // From here on the presets are known, so the state can be read at any time.
      this.source.subscribe(() => this.enqueue(() => this.loadState()));
      await this.enqueue(() => this.loadState());
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
    let name = parsed.preset === null ? DEFAULT_PRESET : parsed.preset;
    let presetText = await this.presetText(name);
    if (!presetText) {
      this.messages.add(t('messages.unknownPreset', { name: quote(name) }));
      name = DEFAULT_PRESET;
      presetText = (await this.presetText(name)) || '{}';
    }
    const lenient = await this.engine.call('applySetsLenient', presetText, parsed.sets);
    for (const e of lenient.errors || []) this.messages.add(t('messages.linkSettingIgnored', { text: e }));
    const ok = await this.configure(lenient.json, name, { viewRequest: views.request, source: 'link' });
    if (!ok && presetText !== lenient.json) await this.configure(presetText, name, { viewRequest: views.request, source: 'link' });
  }

  async presetText(name) {
    if (!this.presets.some((p) => p.name === name)) return '';
    return this.engine.call('presetConfig', name);
  }

  async choosePreset(name) {
    return this.enqueue(async () => {
      const text = await this.presetText(name);
      if (!text) return;
      this.messages.clear();
      await this.configure(text, name, { writeHash: true, viewRequest: null });
    });
  }

  // A control changed: validate in the engine, then rebuild every run together.
  async edit(key, value) {
    return this.enqueue(async () => {
      const result = await this.engine.call('applySets', this.configText, [`${key}=${value}`]);
      if (result.error) {
        this.messages.add(result.error);
        if (this.controls) this.controls.show(this.config);  // back to the values that are running
        return;
      }
      this.messages.clear();
      if (!(await this.configure(result.json, this.presetName, { writeHash: true })) && this.controls) this.controls.show(this.config);
    });
  }

  // Replaces the experiment (every run restarts from step 0 on the same data
  // and initial weights). Returns false, with a message, if the engine refuses.
  // With writeHash, the state changes in the same task as the config.
  // viewRequest: the views and unit to show (null: the preset's; undefined:
  // the ones showing now), checked against the new config.
  async configure(json, presetName, { writeHash = false, viewRequest, source = 'view' } = {}) {
    await this.ensurePresetConfig(presetName);  // before: nothing may wait between reply and snapshot
    const result = await this.engine.call('configure', json);
    if (result.error) {
      this.messages.add(result.error);
      return false;
    }
    const firstSnapshot = new Promise((resolve) => this.waiters.push({ generation: result.generation, resolve }));
    this.generation = result.generation;
    this.configText = result.config;
    this.config = JSON.parse(result.config);
    this.presetName = presetName;
    this.latest = null;
    this.drawn = null;
    this.data = result.data;
    const runs = Array.isArray(this.config.runs) ? this.config.runs : [];
    this.history.clear(runs.length);
    this.describer.reset();
    this.panels.setRuns(runs);
    this.panels.setData(result.data);
    if (this.controls) this.controls.show(this.config);
    if (this.presetPicker) this.presetPicker.select(presetName);
    const preset = this.presets.find((p) => p.name === presetName);
    this.lesson.show(preset);
    if (this.views) {
      const request = viewRequest === undefined ? this.views.currentRequest() : viewRequest;
      const viewErrors = this.views.configure(this.config, result.data, preset && Array.isArray(preset.views) ? preset.views : [], request);
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
    return true;
  }

  async ensurePresetConfig(name) {
    if (this.presetConfigs.has(name)) return;
    const text = await this.presetText(name);
    const normalized = text ? await this.engine.call('normalize', text) : { error: 'no preset' };
    this.presetConfigs.set(name, normalized.error ? {} : JSON.parse(normalized.config));
  }

  // The state as hash text: the preset, the settings that differ from it,
  // the views, and the widget keys this app was given.
  currentHash() {
    const items = [...(this.views ? this.views.hashItems() : []), ...widgetItems(this.widget)];
    return buildHash(this.presetName, this.presetConfigs.get(this.presetName) || {}, this.config, items);
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

  // The link is a plain anchor (right-click, drag); a click also copies the URL.
  copyLink(event) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    const link = this.refs.permalink;
    navigator.clipboard.writeText(link.href).then(() => {
      link.textContent = t('masthead.linkCopied');
      setTimeout(() => { link.textContent = t('masthead.link'); }, 1500);
    }, () => {});
  }

  updatePermalink() {
    if (this.refs.permalink) this.refs.permalink.href = this.currentHash() || '#';
    const changed = changedSettings(this.presetConfigs.get(this.presetName) || {}, this.config).map(([key]) => key);
    this.lesson.showChanges(changed);
  }

  // ---- training ------------------------------------------------------------

  async play() {
    if (!this.ready) return;
    this.setPlaying(true);
    await this.engine.call('play');
  }

  async pause() {
    this.setPlaying(false);
    if (!this.engine.dead) await this.engine.call('pause');
  }

  async step(n = 1) {
    if (!this.ready) return;
    await this.pause();
    await this.engine.call('step', n);  // its snapshot arrives before this resolves
  }

  async reset() {
    if (!this.ready) return;
    await this.pause();
    await this.enqueue(() => this.configure(this.configText, this.presetName));
  }

  setPlaying(playing) {
    const changed = this.playing !== playing;
    this.playing = playing;
    this.toolbar.setPlaying(playing);
    // Training stopped: the panels' descriptions say where it stopped.
    if (changed && !playing && this.latest) this.describer.update(this.latest, { data: this.data, reached: this.history.reached, playing: false });
    if (changed && this.ready) this.notifyStatus(playing ? 'play' : 'pause');
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
      this.toolbar.setReady(true);
      this.root.classList.add('is-ready');
    }
    this.describer.update(snapshot, { data: this.data, reached: this.history.reached, playing: this.playing });
    const waiting = this.waiters.filter((w) => w.generation === snapshot.generation);
    this.waiters = this.waiters.filter((w) => w.generation > snapshot.generation);
    for (const w of waiting) w.resolve();
    if (waiting.length > 0) this.notifyStatus(this.announcedReady ? 'reset' : 'ready');
    else if (this.playing && performance.now() - this.statusSentAt >= STATUS_INTERVAL_MS) this.notifyStatus('progress');
    this.announcedReady = true;
  }

  onStopped(message) {
    if (message.generation !== this.generation) return;
    this.setPlaying(false);
    this.messages.add(t('messages.allDiverged'), 'warning');
    this.notifyStatus('diverged');
  }

  onFatal(text) {
    this.ready = false;
    this.setPlaying(false);
    if (this.controls) this.controls.setEnabled(false);
    this.toolbar.setReady(false);
    this.messages.add(text);
  }

  // ---- drawing -------------------------------------------------------------

  frame(now) {
    this.perf.frame(now);
    // Reduced motion: while training, a few calm redraws a second instead of every frame.
    const calm = this.motion.reduced && this.playing;
    const snapshot = this.latest;
    if (snapshot && snapshot !== this.drawn && !(calm && now - this.panelsDrawnAt < CALM_PANELS_MS)) {
      const t0 = performance.now();
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
  // 'play', 'pause', 'reset' (a new experiment), 'diverged') and, while
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
      runs: runs.map((r) => ({
        name: r.name,
        trainLoss: r.trainLoss,
        testLoss: r.testLoss,
        trainAcc: r.trainAcc,
        testAcc: r.testAcc,
        diverged: Boolean(r.diverged),
        divergedStep: r.divergedStep ?? null,
      })),
    };
  }
}
