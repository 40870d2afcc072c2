// The training loop, off the main thread. Owns the WASM engine: trains at the
// requested speed and posts snapshots (report + decision grids) about twenty
// times a second; the page draws the latest one on its next animation frame.
//
// Messages in:  {id, method, args}            -> reply {id, result} | {id, error}
// Messages out: {type: 'snapshot', ...}       whenever there is something new to draw
//               {type: 'stopped', reason}     playing stopped: every run diverged
//                                             (reason 'diverged'), or the stop-at step
//                                             was reached (reason 'stop', with step)
//               {type: 'fatal', message}      the engine could not be loaded
//               {type: 'crashed', message}    the engine aborted (a WASM trap): the
//                                             module is unusable; the page restarts the worker
// Every message out carries heapBytes, the WASM memory's size (it never shrinks).
// One Lab is kept and reconfigured (the engine replaces its experiment only
// when the new config is valid), so there is no handle to delete in between.
// Responsiveness (docs/RELIABILITY.md): no task runs much longer than
// TICK_BUDGET_MS / SLICE_MS whatever the config: a configure is built in
// pieces (lab.configureBegin / configureStep), steps are taken run by run
// (lab.stepBegin / stepNextRun), snapshots in pieces; the message queue is
// served between them.
import createBnlab from './wasm/bnlab.mjs';
import { CurveLog } from './export/curve-log.js';

const SNAPSHOT_INTERVAL_MS = 50;  // ~20 snapshots per second while playing...
const SNAPSHOT_SHARE = 0.5;       // ...but never more than half the worker's time
// While playing, a big network's boundary is drawn coarser (never below
// MIN_PLAYING_SIDE) so that grids take at most this long per snapshot. Paused
// and single-stepped pictures always use the full resolution.
const GRID_BUDGET_MS = 40;
const MIN_PLAYING_SIDE = 64;
const TICK_BUDGET_MS = 25;        // stepping per tick (run by run), so pause/configure stay prompt
const TICK_DELAY_MS = 4;
// A snapshot is built in pieces (each run's report, each grid in bands of
// rows) of about this much work, with the message queue served in between, so
// pause, configure and reset are answered within a piece, whatever the config.
const SLICE_MS = 20;

// The next task: lets queued messages run (a MessageChannel, unlike
// setTimeout, is not clamped to 4 ms when nested).
const yieldChannel = new MessageChannel();
const yieldWaiters = [];
yieldChannel.port1.onmessage = () => { const next = yieldWaiters.shift(); if (next) next(); };
function nextTask() {
  return new Promise((resolve) => { yieldWaiters.push(resolve); yieldChannel.port2.postMessage(0); });
}

// Work cut in pieces: await piece() after each bit of it; once SLICE_MS has
// passed it notes the slice in the timing log as `kind` and serves the
// message queue. Resolves to alive() (false: give up). end() notes the last
// slice and returns the ms of work (waits excluded).
function slices(kind, alive) {
  let work = 0, sliceStart = performance.now();
  return {
    async piece() {
      const now = performance.now();
      if (now - sliceStart < SLICE_MS) return alive();
      work += now - sliceStart;
      noteTask(kind, now - sliceStart);
      await nextTask();
      sliceStart = performance.now();
      return alive();
    },
    end() {
      const now = performance.now();
      work += now - sliceStart;
      noteTask(kind, now - sliceStart);
      return work;
    },
  };
}
// View data (see setViews): batch-noise samples are redrawn about once a
// second while playing, the three small test-time boundaries a few times.
const NOISE_SAMPLES = 100;
const NOISE_INTERVAL_MS = 1000;
const TESTTIME_SIDE = 64;
const TESTTIME_INTERVAL_MS = 250;
const RECORD_SHARE = 0.25;        // the curves' rows (CurveLog): at most a quarter of the time while playing

// The worker's own timing log: the longest uninterrupted task of each kind
// (a method call by name, a play 'tick', a 'snapshot' piece, a 'step' slice),
// in ms of the worker's clock since it started. A call waits at most for the
// task running when it arrives, so these bound how long pause waits. Posted
// with every snapshot (EngineClient: perf().engine.workerTasks).
const longestTasks = {};
function noteTask(kind, ms) {
  if (!(longestTasks[kind] >= ms)) longestTasks[kind] = Math.round(ms * 10) / 10;
}
function timed(kind, work) {
  const t0 = performance.now();
  try {
    return work();
  } finally {
    noteTask(kind, performance.now() - t0);
  }
}

class Trainer {
  constructor(Module) {
    this.Module = Module;
    this.lab = null;
    this.generation = 0;     // bumped by every configure; snapshots carry it
    this.playing = false;
    this.stepsPerSecond = 100;
    this.gridSize = 128;
    this.gridMode = 0;       // 0: running averages (inference), 1: last batch statistics
    this.carry = 0;          // fractional steps owed at the current speed
    this.lastTick = 0;
    this.lastSnapshot = 0;
    this.snapshotCost = 0;   // ms, the last snapshot's
    this.cellCost = 0;       // ms per grid cell (all runs), measured
    this.runStepCost = null; // ms per step of one run, measured (exponential average); null: not yet for this experiment
    this.part = null;        // a step being taken run by run: {k: its steps}
    this.engineLab = null;   // the one Lab (this.lab once it holds an experiment)
    this.building = null;    // the configure being built in pieces: {cancelled}
    this.recordAt = null;    // the step whose curves' row is being built (recordStep)
    this.recording = null;   // ...by this job: {done: promise}
    this.timer = 0;
    this.stopAt = null;      // play pauses exactly here (the widget's stop=N), never past it
    // The page's active views and the unit they look at (web/views/): only
    // these are computed, with each snapshot.
    this.views = { version: 0, names: [], run: null, layer: 0, unit: 0, example: 0 };
    this.viewTimes = {};     // view name -> when its (throttled) data was last computed
    this.keptGrids = new Map();  // run index -> {key, grid}: a diverged run's last finite boundary
    this.curves = new CurveLog();  // the CLI's --csv rows (web/export/curve-log.js)
    this.recordCost = 0;           // ms per recorded row (all runs), measured
    this.zeroPending = false;      // the curves' row 0 is still to be recorded (recordZero)
    this.job = null;         // the snapshot being built: {generation, cancelled}
  }

  // options.generation: where a replacing worker continues the count (the
  // page's EngineClient restarts workers; its snapshots must stay newer).
  init(options) {
    const g = options && options.generation;
    if (Number.isInteger(g) && g > this.generation) this.generation = g;
    return { presets: JSON.parse(this.Module.presets()) };
  }

  // The page's heartbeat (EngineClient): an answer proves the worker is not stuck.
  ping() { return true; }

  // Starts the timing log afresh (window.bnlab.resetPerf(): a test measures
  // after a warm-up, as the first steps run code not yet optimized).
  resetTaskLog() {
    for (const kind of Object.keys(longestTasks)) delete longestTasks[kind];
    return true;
  }

  heapBytes() { return this.Module.HEAPU8.length; }

  presetConfig(name) { return this.Module.presetConfig(String(name)); }

  applySets(json, sets) { return JSON.parse(this.Module.applySets(json, JSON.stringify(sets))); }

  applySetsLenient(json, sets) { return JSON.parse(this.Module.applySetsLenient(json, JSON.stringify(sets))); }

  // Values as the learner types them ("0.03", "adam") read by the engine's
  // value codec (the --set / URL-hash text): [{ok, value, text, error}], text
  // being the engine's canonical text of the value (the compare picker's names).
  valuesFromText(key, texts) {
    return (Array.isArray(texts) ? texts : []).map((text) => {
      const r = JSON.parse(this.Module.valueFromText(String(key), String(text)));
      if (!r.ok) return { ok: false, error: r.error };
      const back = JSON.parse(this.Module.valueToText(String(key), JSON.stringify(r.value)));
      return { ok: true, value: r.value, text: back.ok ? back.text : String(text) };
    });
  }

  // The engine's schema: every config key's rules and the limits (the page keeps no copy).
  schema() { return JSON.parse(this.Module.schema()); }

  // The normalized form of a config and what follows from it (train-set size,
  // each run's settings and layers, the cost), without building anything.
  normalize(json) {
    const n = JSON.parse(this.Module.normalizeConfig(json));
    return { error: n.error, config: n.config, derived: n.derived };
  }

  // Replaces the experiment (new networks, step 0) when `json` is valid; on
  // error the previous experiment keeps running untouched. With `base` (the
  // preset's config), `changes` lists the settings that differ from it as
  // [key, text] pairs: what a link to this experiment carries. With `csv`
  // (the learner's points, text or bytes), the experiment trains on them (the
  // engine sets data.name "custom" and data.points) and the reply also
  // carries the points as the engine keeps them (dataCsv).
  // The experiment is built in pieces of about SLICE_MS (the data, then each
  // run: lab.configureStep), serving the message queue between them, so a
  // pause or a newer configure is answered meanwhile; a newer configure
  // cancels this one (its reply: {error, superseded: true}). Until the new
  // experiment is complete the old one stays in place (but does not train).
  async configure(json, base, csv) {
    if (this.building) this.building.cancelled = true;
    const building = { cancelled: false };
    this.building = building;
    if (!this.engineLab) this.engineLab = new this.Module.Lab();
    const lab = this.engineLab;
    const withData = csv !== undefined && csv !== null;
    const error = withData ? lab.configureWithDataBegin(json, csv) : lab.configureBegin(json);
    if (error) {
      if (this.building === building) this.building = null;
      return { error };
    }
    for (;;) {
      await nextTask();
      if (building.cancelled || crashed) return { error: 'configure: replaced by a newer configure', superseded: true };
      const t0 = performance.now();
      let r;
      do r = lab.configureStep(); while (!r.done && !r.error && performance.now() - t0 < SLICE_MS);
      if (r.done || r.error) {
        this.building = null;
        const result = r.error ? { error: r.error } : this.configured(lab, base, withData);
        noteTask('configure', performance.now() - t0);
        return result;
      }
      noteTask('configure', performance.now() - t0);
    }
  }

  // The new experiment is in place: state for it, and configure's reply.
  configured(lab, base, withData) {
    this.lab = lab;
    this.generation += 1;
    this.keptGrids.clear();
    this.carry = 0;
    this.curves.clear();
    // The curves' row 0 comes from the first picture's report (built in
    // slices) rather than from a whole report here: at the limits that is
    // 8 runs x 20,000 points, ~60 ms more in one piece (recordZero).
    this.zeroPending = true;
    this.runStepCost = null;  // a new experiment's steps may cost 1000x the last one's
    this.cellCost = 0;        // ...and its grid cells (the first band is one row)
    this.part = null;
    this.recordAt = null;
    this.recording = null;
    const config = lab.config();
    const changes = typeof base === 'string' ? JSON.parse(this.Module.changedSettings(base, config)) : [];
    const result = {
      error: '',
      generation: this.generation,
      config,
      derived: JSON.parse(this.Module.normalizeConfig(config)).derived,
      changes: Array.isArray(changes) ? changes : [],
      data: {
        extent: Array.from(lab.extent()),
        classes: lab.classes(),
        channels: lab.gridChannels(),
        trainX: lab.trainX().slice(),
        trainY: lab.trainY().slice(),
        testX: lab.testX().slice(),
        testY: lab.testY().slice(),
      },
    };
    if (withData) result.dataCsv = lab.dataCsv();
    return result;
  }

  // ---- the learner's own data (web/data/): CSV text or the file's bytes
  parseData(csv) {
    const r = this.Module.parseData(csv);
    return { ok: r.ok, points: r.points, classes: r.classes, line: r.line, error: r.error };
  }

  dataSizeError(bytes) { return this.Module.dataSizeError(Number(bytes)); }

  dataCsv() { return this.lab ? this.lab.dataCsv() : ''; }

  // As configure, on these points.
  configureWithData(json, csv, base) {
    return this.configure(json, base, csv);
  }

  play() {
    if (!this.lab) return false;
    if (!this.playing) {
      this.playing = true;
      this.carry = 0;
      this.lastTick = performance.now();
      this.schedule();
    }
    return true;
  }

  // Answers at once; the paused picture (built in slices) follows the reply.
  // {step, generation}: the picture to wait for (App.pause does).
  pause() {
    this.playing = false;
    clearTimeout(this.timer);
    if (!this.lab) return { step: 0, generation: this.generation };
    this.snapshot();  // finishes a step taken run by run first
    return { step: this.lab.stepCount() + (this.part ? this.part.k : 0), generation: this.generation };
  }

  setSpeed(stepsPerSecond) {
    const s = Number(stepsPerSecond);
    this.stepsPerSecond = Number.isFinite(s) && s > 0 ? s : 1;
    return this.stepsPerSecond;
  }

  // Play pauses when the step count reaches `step` (null: never). Applies to
  // every experiment from now on, each time play crosses it from below.
  setStopAt(step) {
    this.stopAt = Number.isInteger(step) && step > 0 ? step : null;
    return this.stopAt;
  }

  setView({ gridSize, gridMode }) {
    if (Number.isInteger(gridSize) && gridSize >= 8 && gridSize <= 512) this.gridSize = gridSize;
    if (gridMode === 0 || gridMode === 1) this.gridMode = gridMode;
    if (this.lab) this.snapshot();
    return true;
  }

  // Which views to compute: {names: [...], run, layer, unit, example}. The
  // page has checked the selection against the config; the engine checks again.
  setViews(spec) {
    const s = spec && typeof spec === 'object' ? spec : {};
    const index = (v, fallback) => (Number.isInteger(v) && v >= 0 ? v : fallback);
    this.views = {
      version: index(s.version, 0),
      names: Array.isArray(s.names) ? s.names.filter((n) => typeof n === 'string') : [],
      run: index(s.run, null),
      layer: index(s.layer, 0),
      unit: index(s.unit, 0),
      example: index(s.example, 0),
    };
    this.viewTimes = {};
    if (this.lab) this.snapshot();
    return true;
  }

  // Paused or stepped: always; playing: at most every `ms`.
  due(name, ms) {
    const now = performance.now();
    if (this.playing && now - (this.viewTimes[name] || -Infinity) < ms) return false;
    this.viewTimes[name] = now;
    return true;
  }

  // The active views' data for one snapshot (+ buffers to transfer).
  viewData(report) {
    const lab = this.lab;
    const { names, run, layer, unit, example } = this.views;
    const out = {};
    const transfer = [];
    const bnRuns = report.runs.map((r, i) => (Array.isArray(r.bn) && r.bn.length > 0 && !r.diverged ? i : -1)).filter((i) => i >= 0);
    if (names.includes('inspector') && run !== null) {
      out.inspector = { run, ...JSON.parse(lab.inspect(run, layer, unit)) };
    }
    if (names.includes('noise') && this.due('noise', NOISE_INTERVAL_MS)) {
      out.noise = {
        layer, unit, example,
        runs: bnRuns.map((i) => ({ run: i, ...JSON.parse(lab.batchNoise(i, layer, unit, example, NOISE_SAMPLES)) })),
      };
    }
    if (names.includes('smoothness')) {  // lesson 6c: the landscape along each run's gradient
      out.smoothness = { runs: report.runs.map((r, i) => ({ run: i, step: r.step, ...JSON.parse(lab.smoothness(i)) })) };
    }
    if (names.includes('testtime') && this.due('testtime', TESTTIME_INTERVAL_MS)) {
      const side = TESTTIME_SIDE;
      out.testtime = {
        side,
        runs: bnRuns.map((i) => {
          const grids = [0, 1, 2].map((mode) => lab.grid(i, side, side, mode).slice());
          transfer.push(...grids.map((g) => g.buffer));
          return { run: i, grids };
        }),
      };
    }
    return { views: out, transfer };
  }

  // n steps now (single step, tests), in slices of at most TICK_BUDGET_MS
  // (run by run: advance) so pause, configure and reset are answered
  // meanwhile (a new experiment ends the stepping); the snapshot is posted
  // before the reply. A step begun run by run while playing is finished first
  // (and counts).
  async step(n) {
    if (!this.lab) return 0;
    const lab = this.lab, generation = this.generation;
    let count = Math.max(0, Math.min(1e6, Math.floor(Number(n) || 0)));
    while (count > 0 && this.lab === lab && this.generation === generation && !this.building) {
      if (this.job) this.job.cancelled = true;  // the state it shows is going
      if (this.recording) { await this.recording.done; continue; }
      const t0 = performance.now();
      count -= Math.min(count, this.advance(Math.min(count, this.affordableSteps()), TICK_BUDGET_MS));
      noteTask('step', performance.now() - t0);
      if (count > 0) await nextTask();
    }
    if (this.generation === generation) await this.snapshot();
    return this.lab.stepCount();
  }

  // Steps of the whole experiment that fit one tick's budget (one, to
  // measure, when the cost is unknown).
  affordableSteps() {
    if (this.runStepCost === null) return 1;
    return Math.max(1, Math.floor(TICK_BUDGET_MS / (this.runStepCost * this.lab.numRuns())));
  }

  // Takes up to n steps within about budgetMs, run by run (lab.stepBegin /
  // stepNextRun): the next run is started only while its expected time still
  // fits (the first always is), so only one run's step can overrun the budget.
  // A step not finished stays pending (this.part) for the next call. Records
  // the curves on the CLI's cadence. Returns the steps completed.
  advance(n, budgetMs) {
    const lab = this.lab;
    const t0 = performance.now();
    let completed = 0, trained = false;
    for (;;) {
      if (!this.part) {
        if (completed >= n || this.recording) return completed;
        this.recordZero();
        const k = Math.min(n - completed, this.curves.stepsToNext(lab.stepCount()));
        if (!lab.stepBegin(k)) return completed;
        this.part = { k };
      }
      const k = this.part.k;
      for (;;) {
        const expected = this.runStepCost === null ? 0 : this.runStepCost * k;
        if (trained && performance.now() - t0 + expected > budgetMs) return completed;
        const r0 = performance.now();
        const done = lab.stepNextRun();
        const perStep = Math.max((performance.now() - r0) / k, 1e-4);
        this.runStepCost = this.runStepCost === null ? perStep : 0.8 * this.runStepCost + 0.2 * perStep;
        trained = true;
        if (done) break;
      }
      this.part = null;
      completed += k;
      this.recordStep();
      if (this.recording) return completed;  // no step until its row is recorded
    }
  }

  // The curves' row at the step just completed, when it is on the cadence:
  // the report is built run by run in slices (at the limits a whole report is
  // ~50 ms), and no step is taken until it is recorded (this.recording). A
  // picture at that step records the row from its own report.
  // While playing, recording may take at most RECORD_SHARE of the time the
  // requested speed leaves (else the cadence doubles: web/export/curve-log.js).
  recordStep() {
    const lab = this.lab, step = lab.stepCount(), generation = this.generation;
    if (step % this.curves.every !== 0) return;
    this.recordAt = step;
    const recording = {};
    this.recording = recording;
    const alive = () => this.lab === lab && this.generation === generation && this.recordAt === step && !crashed;
    const build = async () => {
      await nextTask();  // not inside the tick that took the step
      if (!alive()) return;
      const slicer = slices('record', alive);
      const report = { step, runs: [] };
      for (let i = 0; i < lab.numRuns(); i++) {
        report.runs.push(JSON.parse(lab.runReport(i)));
        if (!(await slicer.piece())) return;
      }
      this.recordRow(step, report, slicer.end());
    };
    recording.done = build().then(
      () => { if (this.recording === recording) this.recording = null; },
      (err) => { if (this.recording === recording) this.recording = null; if (isCrash(err)) crash(err); else throw err; },
    );
  }

  // Records the row at `step` from `report` (built in `cost` ms of work).
  recordRow(step, report, cost) {
    if (this.recordAt !== step) return;
    this.recordAt = null;
    this.curves.record(step, report);
    if (cost === undefined) return;
    this.recordCost = this.recordCost ? 0.8 * this.recordCost + 0.2 * cost : cost;
    if (this.playing && (this.recordCost * this.stepsPerSecond) / this.curves.every > RECORD_SHARE * 1000) this.curves.coarsen();
  }

  // The curves' row 0, if the first picture did not record it (a step came first).
  recordZero(report) {
    if (!this.zeroPending || !this.lab || this.lab.stepCount() !== 0) return;
    this.curves.record(0, report || JSON.parse(this.lab.report()));
    this.zeroPending = false;
  }

  // ---- what the learner takes away (web/export/)

  // The curves as the CLI's --csv would have them up to the current step:
  // {every, names, rows: [{step, runs: [[trainLoss, testLoss, trainAcc, testAcc]...]}]}.
  curveTable() {
    if (!this.lab) return { every: this.curves.every, names: [], rows: [] };
    this.settle();
    this.recordZero();
    const report = JSON.parse(this.lab.report());
    this.recordRow(this.lab.stepCount(), report);
    return this.curves.table(this.lab.stepCount(), report);
  }

  // Finishes a step taken run by run, at once: for the calls that read the
  // state outside a snapshot (every run at one step).
  settle() {
    if (this.part) this.advance(0, Infinity);
  }

  // The inspector's "make this unit the identity" (Experiment::make_identity):
  // gamma = sqrt(sigma^2 + eps), beta = mu for one unit; training goes on from
  // there. Answers the inspector's numbers after it (or {error}), and sends a
  // fresh snapshot so every view shows the new parameters.
  makeIdentity(run, layer, unit) {
    if (!this.lab) return { error: 'no experiment' };
    this.settle();
    const result = JSON.parse(this.lab.makeIdentity(Number(run), Number(layer), Number(unit)));
    if (!result.error) this.snapshot();
    return { run: Number(run), ...result };
  }

  // The picture's boundaries: every run's grid at side x side (8..1024) in the
  // current drawing mode, with the report of the same state (a diverged run's
  // grid is its last finite state, as on screen). Grids are transferred.
  printGrids(side) {
    if (!this.lab) return { error: 'no experiment' };
    const n = Math.max(8, Math.min(1024, Math.floor(Number(side) || 0)));
    this.settle();
    const report = JSON.parse(this.lab.report());
    const grids = report.runs.map((_, i) => this.lab.grid(i, n, n, this.gridMode).slice());
    return { step: this.lab.stepCount(), side: n, gridMode: this.gridMode, channels: this.lab.gridChannels(), report, grids };
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => guarded(() => timed('tick', () => this.tick())), TICK_DELAY_MS);
  }

  tick() {
    if (!this.playing || !this.lab) return;
    // No steps while a snapshot is being built (its pieces show one state)
    // nor while a new experiment is (it replaces this one).
    if (this.job || this.building || this.recording) { this.schedule(); return; }
    const now = performance.now();
    const elapsed = Math.min(now - this.lastTick, 250);  // a throttled tab does not binge
    this.lastTick = now;
    this.carry += (this.stepsPerSecond * elapsed) / 1000;
    // Never take longer than the budget, whatever the speed asks for: the
    // requested speed is then simply not reached (perf shows the real one).
    const affordable = this.affordableSteps();
    let n = Math.min(Math.floor(this.carry), affordable);
    // Never past the stop-at step (once beyond it, play runs on freely).
    const toStop = this.stopAt === null ? Infinity : this.stopAt - this.lab.stepCount();
    if (toStop > 0) n = Math.min(n, toStop);
    // A step begun run by run is finished first, whatever the speed.
    if (this.part) n = Math.max(n, this.part.k);
    if (n > 0) {
      const done = this.advance(n, TICK_BUDGET_MS);
      this.carry = Math.min(this.carry - done, this.stepsPerSecond);  // forget debt beyond ~1 s
      if (done > 0 && done === toStop) {
        this.playing = false;
        this.snapshot();
        self.postMessage({ type: 'stopped', reason: 'stop', step: this.lab.stepCount(), generation: this.generation });
        return;
      }
    }
    const interval = Math.max(SNAPSHOT_INTERVAL_MS, this.snapshotCost / SNAPSHOT_SHARE);
    if (!this.part && performance.now() - this.lastSnapshot >= interval) this.snapshot();
    this.schedule();
  }

  // The finest side <= gridSize whose grids fit the budget (from the measured cost).
  playingSide(runs) {
    for (let side = this.gridSize; side > MIN_PLAYING_SIDE; side = Math.floor(side * 0.75)) {
      if (this.cellCost * runs * side * side <= GRID_BUDGET_MS) return side;
    }
    return Math.min(this.gridSize, MIN_PLAYING_SIDE);
  }

  // A diverged run's grid: the boundary of its last finite state (the engine
  // keeps that state), which no longer changes, so it is computed once per
  // experiment, size and mode. Returns a copy (posted grids are transferred).
  keptGrid(run, i, size) {
    const key = `${this.generation}/${size}/${this.gridMode}/${run.lastGoodStep}`;
    let kept = this.keptGrids.get(i);
    if (!kept || kept.key !== key) {
      kept = { key, grid: this.lab.grid(i, size, size, this.gridMode).slice() };
      this.keptGrids.set(i, kept);
    }
    return kept.grid.slice();
  }

  // Report + one decision grid per run (a diverged run's is its last finite
  // state), built in slices (see SLICE_MS). A newer snapshot, a step or a new
  // experiment drops one half built. Resolves when it is posted or dropped.
  snapshot() {
    if (this.job) this.job.cancelled = true;
    const job = { generation: this.generation, lab: this.lab, cancelled: false };
    this.job = job;
    return this.buildSnapshot(job).then(
      () => { if (this.job === job) this.job = null; },
      (err) => { if (this.job === job) this.job = null; if (isCrash(err)) crash(err); else throw err; },
    );
  }

  async buildSnapshot(job) {
    const lab = job.lab;
    const alive = () => !job.cancelled && this.lab === lab && this.generation === job.generation && !crashed;
    // Its own tasks: the call or tick that asked for it (pause, setView, a
    // configure's reply) answers first.
    await nextTask();
    if (!alive()) return;
    const started = performance.now();  // snapshots are paced by their start time
    const slicer = slices('snapshot', alive);
    const piece = slicer.piece;
    // A step taken run by run is finished first: a picture shows one step.
    while (this.part) {
      this.advance(0, 0);
      if (!(await piece())) return;
    }
    const step = lab.stepCount();
    const report = { step, runs: [] };
    for (let i = 0; i < lab.numRuns(); i++) {
      report.runs.push(JSON.parse(lab.runReport(i)));
      if (!(await piece())) return;
    }
    if (step === 0) this.recordZero(report);
    this.recordRow(step, report);
    const size = this.playing ? this.playingSide(report.runs.length) : this.gridSize;
    const channels = lab.gridChannels();
    const grids = [];
    for (let i = 0; i < report.runs.length; i++) {
      const run = report.runs[i];
      if (run.diverged) {
        grids.push(this.keptGrid(run, i, size));
        if (!(await piece())) return;
        continue;
      }
      const grid = new Float32Array(size * size * channels);
      // Rows per band from the measured cost of a cell. The first time, one
      // row: in a fresh worker the grid's first call runs in V8's baseline
      // code (no tier-up inside a call), ~10x slower; the cost then measured
      // keeps the next bands small until the optimized code takes over.
      const rows = this.cellCost > 0 ? Math.max(1, Math.floor(SLICE_MS / (2 * this.cellCost * size))) : 1;
      for (let r0 = 0; r0 < size; r0 += rows) {
        const r1 = Math.min(size, r0 + rows);
        const t0 = performance.now();
        grid.set(lab.gridRows(i, size, size, this.gridMode, r0, r1), r0 * size * channels);
        const measured = (performance.now() - t0) / ((r1 - r0) * size);
        this.cellCost = this.cellCost ? 0.7 * this.cellCost + 0.3 * measured : measured;
        if (!(await piece())) return;
      }
      grids.push(grid);
    }
    const { views, transfer } = this.viewData(report);
    this.lastSnapshot = started;
    this.snapshotCost = slicer.end();
    self.postMessage(
      {
        type: 'snapshot',
        generation: job.generation,
        step,
        playing: this.playing,
        report,
        grids,
        gridSize: size,
        gridMode: this.gridMode,
        channels,
        time: this.lastSnapshot,
        heapBytes: this.heapBytes(),
        views,
        viewsVersion: this.views.version,
        longestTasks: { ...longestTasks },
      },
      grids.filter((g) => g).map((g) => g.buffer).concat(transfer),
    );
    if (this.playing && report.runs.length > 0 && report.runs.every((r) => r.diverged)) {
      this.playing = false;  // nothing left to train
      clearTimeout(this.timer);
      self.postMessage({ type: 'stopped', reason: 'diverged', generation: job.generation });
    }
  }
}

let trainer = null;
const queued = [];
let crashed = null;  // the abort's message, once the engine has trapped

// An Emscripten abort (or any WASM trap) is a WebAssembly.RuntimeError; after
// one the module's state is undefined, so every later call is refused and the
// page is told once (it offers a reset, which starts a fresh worker).
function isCrash(err) {
  return err instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(String(err && err.message));
}

function crash(err) {
  if (!crashed) {
    crashed = String(err && err.message ? err.message : err).slice(0, 300);
    if (trainer) { trainer.playing = false; clearTimeout(trainer.timer); }
    self.postMessage({ type: 'crashed', message: crashed });
  }
}

// Runs a timer's work; a trap there is a crash, anything else is rethrown.
function guarded(work) {
  try {
    work();
  } catch (err) {
    if (isCrash(err)) crash(err);
    else throw err;
  }
}

function handle(message) {
  const { id, method, args } = message || {};
  if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
    self.postMessage({ id, error: `unknown method ${String(method)}` });
    return;
  }
  if (crashed) {
    self.postMessage({ id, error: `the training engine crashed: ${crashed}` });
    return;
  }
  const failed = (err) => {
    if (isCrash(err)) crash(err);
    self.postMessage({ id, error: String(err && err.message ? err.message : err) });
  };
  const reply = (result) => {
    const configures = method === 'configure' || method === 'configureWithData';
    const transfer = configures && result.data
      ? [result.data.trainX.buffer, result.data.trainY.buffer, result.data.testX.buffer, result.data.testY.buffer]
      : method === 'printGrids' && result.grids ? result.grids.map((g) => g.buffer) : [];
    self.postMessage({ id, result, heapBytes: trainer.heapBytes() }, transfer);
    // The new experiment's first picture follows the reply that announces it.
    if (configures && !result.error) trainer.snapshot();
  };
  try {
    const result = timed(method, () => trainer[method](...(Array.isArray(args) ? args : [])));
    // step() answers after its sliced work; everything else at once.
    if (result && typeof result.then === 'function') result.then(reply, failed);
    else reply(result);
  } catch (err) {
    failed(err);
  }
}

// The methods the page may call (an allow-list, not the prototype).
const METHODS = Object.freeze({
  init: 1, schema: 1, valuesFromText: 1, presetConfig: 1, applySets: 1, applySetsLenient: 1, normalize: 1, configure: 1,
  play: 1, pause: 1, setSpeed: 1, setStopAt: 1, setView: 1, setViews: 1, step: 1,
  parseData: 1, dataSizeError: 1, dataCsv: 1, configureWithData: 1, ping: 1, resetTaskLog: 1,
  curveTable: 1, printGrids: 1, makeIdentity: 1,
});

// Test hooks (tests/browser/robust-worker.test.mjs reaches them with
// Playwright's worker.evaluate): only in a worker the page started with the
// name EngineClient gives when a test script set bnlabTestHooks. No message
// reaches them, so no link or embedding page can.
if (self.name === 'bnlab-trainer:test') {
  self.bnlabTest = Object.freeze({
    // From the next task on, the worker never answers again.
    hang: () => { setTimeout(() => { for (;;) { /* stuck */ } }, 0); },
    // The engine's next call traps as an Emscripten abort() does (it throws
    // WebAssembly.RuntimeError("Aborted(...)"); the glue does not export abort).
    crashNextCall: () => {
      const lab = trainer && trainer.lab;
      if (!lab) return false;
      for (const name of ['step', 'stepNextRun', 'report', 'runReport', 'grid', 'gridRows', 'configure', 'configureBegin', 'configureStep']) {
        lab[name] = () => { throw new WebAssembly.RuntimeError('Aborted(test: crashNextCall)'); };
      }
      return true;
    },
  });
}

// Start-up. A <bn-lab> page's engine frame (web/element/engine.js) compiles
// the .wasm once for all its widgets and posts the WebAssembly.Module to each
// worker it starts with ?wasm=posted ({bnlabWasmModule: Module}, or null: fetch
// it here); any other worker fetches and compiles it itself.
const wasmPosted = new URL(self.location.href).searchParams.get('wasm') === 'posted';
let receiveModule = null;
const postedModule = wasmPosted ? new Promise((resolve) => { receiveModule = resolve; }) : Promise.resolve(null);
const engineOptions = (module) => (module instanceof WebAssembly.Module ? {
  instantiateWasm: (imports, done) => {
    WebAssembly.instantiate(module, imports).then((instance) => done(instance, module), (err) => {
      self.postMessage({ type: 'fatal', message: `Could not load the training engine: ${String(err && err.message ? err.message : err)}` });
    });
    return {};
  },
} : {});

self.onmessage = (event) => {
  const message = event.data;
  if (message && typeof message === 'object' && 'bnlabWasmModule' in message) {
    if (receiveModule) receiveModule(message.bnlabWasmModule);
    receiveModule = null;
  } else if (trainer) handle(message);
  else queued.push(message);
};

postedModule.then((module) => createBnlab(engineOptions(module))).then(
  (Module) => {
    trainer = new Trainer(Module);
    for (const message of queued.splice(0)) handle(message);
  },
  (err) => {
    self.postMessage({ type: 'fatal', message: `Could not load the training engine: ${String(err && err.message ? err.message : err)}` });
  },
);
