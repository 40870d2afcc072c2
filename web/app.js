// Wiring: the engine worker, the URL hash, the controls and the drawing.
// All training happens in the worker; this side keeps the latest snapshot and
// draws it on the next animation frame.
import { EngineClient } from './engine-client.js';
import { Charts } from './charts.js';
import { Controls } from './controls.js';
import { History } from './history.js';
import { Lesson } from './lesson.js';
import { Messages } from './messages.js';
import { Panels } from './panels.js';
import { PerfMeter } from './perf.js';
import { DEFAULT_PRESET, buildHash, parseHash, quote } from './state.js';
import { ViewsHost, parseViewItems, parseViewNames } from './views/index.js';

export const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];
export const DEFAULT_SPEED = 100;  // steps per second
const GRID_SIZE = 128;
const CHART_INTERVAL_MS = 100;  // charts redraw at most 10 times a second

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The experiment's epoch: that of the first run still training (a diverged
// run's counters stop at its divergence).
function epochOf(runs) {
  const live = runs.find((r) => !r.diverged) || runs[0];
  return live && typeof live.epoch === 'number' ? live.epoch : null;
}

export class App {
  constructor(doc) {
    const $ = (id) => doc.getElementById(id);
    this.doc = doc;
    this.dom = {
      play: $('play'), step: $('step'), reset: $('reset'), speed: $('speed'),
      stepCount: $('step-count'), epochCount: $('epoch-count'), preset: $('preset'),
      permalink: $('permalink'), discretize: $('discretize'), showTest: $('show-test'), batchStats: $('batch-stats'),
    };
    this.messages = new Messages($('messages'));
    this.perf = new PerfMeter();
    this.panels = new Panels($('panels'));
    this.charts = new Charts($('loss-chart'), $('acc-chart'));
    this.history = new History();
    this.lesson = new Lesson($('lesson-title'), $('lesson-text'), $('lesson-look'), $('lesson-changes'));
    this.views = new ViewsHost($('views'), $('views-menu'), {
      lossHistory: this.history,
      onChange: () => this.viewsChanged(),
    });
    this.controls = new Controls($('controls'), (key, value) => this.edit(key, value));
    this.controls.setEnabled(false);

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
    this.queue = Promise.resolve();  // reconfigurations run one at a time, in order
    this.chartsDrawnAt = 0;

    this.engine = new EngineClient({
      onSnapshot: (s) => this.onSnapshot(s),
      onStopped: (m) => this.onStopped(m),
      onFatal: (text) => this.onFatal(text),
    });
  }

  // ---- start-up -----------------------------------------------------------

  async start() {
    this.wire();
    requestAnimationFrame((t) => this.frame(t));
    try {
      const info = await this.engine.call('init');
      this.presets = Array.isArray(info.presets) ? info.presets : [];
      this.fillPresets();
      this.controls.setSchema(await this.engine.call('schema'));
      await this.engine.call('setSpeed', Number(this.dom.speed.value));
      await this.engine.call('setView', { gridSize: GRID_SIZE, gridMode: 0 });
      // From here on the presets are known, so a link can be read at any time.
      window.addEventListener('hashchange', () => this.enqueue(() => this.loadFromHash()));
      await this.enqueue(() => this.loadFromHash());
    } catch (err) {
      // A dead engine has already said why (onFatal); anything else is new.
      if (!this.engine.dead) this.onFatal(String(err && err.message ? err.message : err));
    }
  }

  wire() {
    const d = this.dom;
    for (const s of SPEEDS) {
      const option = this.doc.createElement('option');
      option.value = String(s);
      option.textContent = `${s} steps/s`;
      d.speed.append(option);
    }
    d.speed.value = String(DEFAULT_SPEED);
    d.speed.addEventListener('change', () => this.engine.call('setSpeed', Number(d.speed.value)).catch(() => {}));
    d.play.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    d.step.addEventListener('click', () => this.step(1));
    d.reset.addEventListener('click', () => this.reset());
    d.preset.addEventListener('change', () => this.choosePreset(d.preset.value));
    d.permalink.addEventListener('click', (e) => this.copyLink(e));
    d.discretize.addEventListener('change', () => this.setDrawOptions());
    d.showTest.addEventListener('change', () => this.setDrawOptions());
    d.batchStats.addEventListener('change', () => {
      this.engine.call('setView', { gridMode: d.batchStats.checked ? 1 : 0 }).catch(() => {});
    });
    this.doc.addEventListener('keydown', (e) => this.onKey(e));
  }

  // The course's lessons in their own group, other presets before them.
  fillPresets() {
    const select = this.dom.preset;
    select.replaceChildren();
    const group = (label, presets) => {
      if (presets.length === 0) return;
      const node = this.doc.createElement('optgroup');
      node.label = label;
      for (const p of presets) {
        const option = this.doc.createElement('option');
        option.value = String(p.name);
        option.textContent = String(p.title || p.name);
        node.append(option);
      }
      select.append(node);
    };
    group('Experiments', this.presets.filter((p) => !(p.lesson > 0)));
    group('Lessons', this.presets.filter((p) => p.lesson > 0));
    select.disabled = this.presets.length === 0;
  }

  onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'BUTTON') return;
    if (!this.ready) return;
    if (e.key === ' ') { e.preventDefault(); this.playing ? this.pause() : this.play(); }
    else if (e.key === 's' || e.key === 'S') this.step(1);
    else if (e.key === 'r' || e.key === 'R') this.reset();
  }

  // Runs `task` after the ones before it; never rejects (failures become messages).
  enqueue(task) {
    this.queue = this.queue.then(() => task()).catch((err) => {
      this.messages.add(String(err && err.message ? err.message : err));
    });
    return this.queue;
  }

  // ---- config: hash, presets, edits ----------------------------------------

  // Reads the whole experiment from the URL hash (load and hashchange).
  async loadFromHash() {
    this.messages.clear();
    const parsed = parseHash(window.location.hash);
    for (const e of parsed.errors) this.messages.add(`Link: ${e}`);
    const views = parseViewItems(parsed.view);
    for (const e of views.errors) this.messages.add(`Link: ${e}`);
    let name = parsed.preset === null ? DEFAULT_PRESET : parsed.preset;
    let presetText = await this.presetText(name);
    if (!presetText) {
      this.messages.add(`Link: unknown preset ${quote(name)}; showing the default experiment instead.`);
      name = DEFAULT_PRESET;
      presetText = (await this.presetText(name)) || '{}';
    }
    const lenient = await this.engine.call('applySetsLenient', presetText, parsed.sets);
    for (const e of lenient.errors || []) this.messages.add(`Link setting ignored: ${e}`);
    const ok = await this.configure(lenient.json, name, { viewRequest: views.request, source: 'Link' });
    if (!ok && presetText !== lenient.json) await this.configure(presetText, name, { viewRequest: views.request, source: 'Link' });
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
      await this.configure(text, name, { writeHash: true, viewRequest: null });
    });
  }

  // A control changed: validate in the engine, then rebuild both runs together.
  async edit(key, value) {
    return this.enqueue(async () => {
      const result = await this.engine.call('applySets', this.configText, [`${key}=${value}`]);
      if (result.error) {
        this.messages.add(result.error);
        this.controls.show(this.config, this.derived);  // back to the values that are running
        return;
      }
      this.messages.clear();
      if (!(await this.configure(result.json, this.presetName, { writeHash: true }))) this.controls.show(this.config, this.derived);
    });
  }

  // Replaces the experiment (both runs restart from step 0 on the same data
  // and initial weights). Returns false, with a message, if the engine refuses.
  // With writeHash, the address bar changes in the same task as the config.
  // viewRequest: the views and unit to show (null: the preset's; undefined:
  // the ones showing now), checked against the new config.
  async configure(json, presetName, { writeHash = false, viewRequest, source = 'View' } = {}) {
    const base = await this.presetText(presetName);  // before: nothing may wait between reply and snapshot
    const result = await this.engine.call('configure', json, base || undefined);
    if (result.error) {
      this.messages.add(result.error);
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
    const runs = Array.isArray(this.config.runs) ? this.config.runs : [];
    this.history.clear(runs.length);
    this.panels.setRuns(this.derived.runs);
    this.panels.setData(result.data);
    this.controls.show(this.config, this.derived);
    this.dom.preset.value = presetName;
    const preset = this.presets.find((p) => p.name === presetName);
    this.lesson.show(preset);
    const request = viewRequest === undefined ? this.views.currentRequest() : viewRequest;
    const viewErrors = this.views.configure(this.config, result.data, preset && Array.isArray(preset.views) ? preset.views : [], request, this.derived);
    for (const e of viewErrors) this.messages.add(`${source}: ${e}`);
    // Sent before anything can ask for steps, so every later snapshot has the views' data.
    this.engine.call('setViews', this.views.spec()).catch(() => {});
    if (writeHash) this.writeHash();
    else this.updatePermalink();
    // Building the charts is the costly part: give it a task of its own so
    // no single main-thread task grows long.
    await nextTask();
    this.charts.setRuns(runs);
    await firstSnapshot;
    return true;
  }

  currentHash() {
    return buildHash(this.presetName, this.changes, this.views.hashItems());
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
    const list = Array.isArray(names) ? names.join(',') : String(names ?? '');
    const parsed = parseViewNames(list, 'views: ');
    for (const e of parsed.errors) this.messages.add(e);
    this.views.setActive(parsed.names);
    return parsed.errors;
  }

  // API: inspect this unit ({run, layer, unit}); fields that do not exist fall back.
  selectUnit(request) {
    const errors = this.views.select(request && typeof request === 'object' ? request : {}, '');
    for (const e of errors) this.messages.add(`Unit selection: ${e}`);
    return errors;
  }

  // API: open a preset (lesson) by name; an unknown name leaves the page as it is.
  async openPreset(name) {
    if (!this.presets.some((p) => p.name === name)) {
      this.messages.add(`Lesson: unknown preset ${quote(name)} (presets: ${this.presets.map((p) => p.name).join(', ')}); nothing changed.`);
      return false;
    }
    await this.choosePreset(name);
    return true;
  }

  // The address bar follows the controls without adding history entries.
  writeHash() {
    const hash = this.currentHash();
    const url = `${window.location.pathname}${window.location.search}${hash}`;
    window.history.replaceState(null, '', url);
    this.updatePermalink();
  }

  // The link is a plain anchor (right-click, drag); a click also copies the URL.
  copyLink(event) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    const link = this.dom.permalink;
    navigator.clipboard.writeText(link.href).then(() => {
      link.textContent = 'Link copied';
      setTimeout(() => { link.textContent = 'Link to this view'; }, 1500);
    }, () => {});
  }

  updatePermalink() {
    const hash = this.currentHash();
    this.dom.permalink.href = hash || '#';
    const changed = this.changes.map(([key]) => key);
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
    this.playing = playing;
    this.dom.play.classList.toggle('is-playing', playing);
    this.dom.play.setAttribute('aria-pressed', String(playing));
    this.dom.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  }

  setDrawOptions() {
    this.panels.setOptions({ discretize: this.dom.discretize.checked, showTest: this.dom.showTest.checked });
    this.drawn = null;  // repaint the latest snapshot with the new options
  }

  onSnapshot(snapshot) {
    if (snapshot.generation !== this.generation) return;  // from a replaced experiment
    this.latest = snapshot;
    this.history.add(snapshot.step, snapshot.report);
    this.views.onSnapshot(snapshot);
    this.perf.stepCount(performance.now(), snapshot.step);
    if (!this.ready) {
      this.ready = true;
      this.controls.setEnabled(true);
      for (const b of [this.dom.play, this.dom.step, this.dom.reset]) b.disabled = false;
      this.doc.body.classList.add('is-ready');
    }
    const waiting = this.waiters.filter((w) => w.generation === snapshot.generation);
    this.waiters = this.waiters.filter((w) => w.generation > snapshot.generation);
    for (const w of waiting) w.resolve();
  }

  onStopped(message) {
    if (message.generation !== this.generation) return;
    this.setPlaying(false);
    this.messages.add('Every run diverged, so training stopped. Try a smaller learning rate, then press reset.', 'warning');
  }

  onFatal(text) {
    this.ready = false;
    this.setPlaying(false);
    this.controls.setEnabled(false);
    for (const b of [this.dom.play, this.dom.step, this.dom.reset]) b.disabled = true;
    this.messages.add(text);
  }

  // ---- drawing -------------------------------------------------------------

  frame(now) {
    this.perf.frame(now);
    const snapshot = this.latest;
    if (snapshot && snapshot !== this.drawn) {
      const t0 = performance.now();
      if (this.panels.draw(snapshot, this.history.reached) > 0) this.perf.boundaryRedraw(now);
      this.dom.stepCount.textContent = String(snapshot.step);
      const epoch = epochOf(snapshot.report.runs);
      this.dom.epochCount.textContent = typeof epoch === 'number' ? epoch.toFixed(epoch < 10 ? 2 : 1) : '–';
      this.drawn = snapshot;
      this.perf.frameWork(performance.now() - t0);
    }
    const v0 = performance.now();
    this.views.draw(now, this.playing);
    this.perf.frameWork(performance.now() - v0);
    // The charts follow the history, which also grows between frames.
    if (now - (this.chartsDrawnAt || 0) >= CHART_INTERVAL_MS || !this.playing) {
      const t0 = performance.now();
      this.charts.update(this.history);  // a no-op when nothing changed
      this.chartsDrawnAt = now;
      this.perf.frameWork(performance.now() - t0);
    }
    requestAnimationFrame((t) => this.frame(t));
  }

  // ---- what tests and embedding pages read -----------------------------------

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
