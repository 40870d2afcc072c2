// The learner's own points: drawn on the panels, loaded from a CSV, carried
// by a link, downloaded as the CSV the engine trains on. The engine keeps the
// data (lab.configureWithData); this side keeps the drawing, the link and the
// tools. Contract: docs/DESIGN.md, "The learner's own data and runs".
//
// While the data is the learner's, `draft` holds every point in order (the
// split into train and test is the engine's, drawn from the seed) with the
// drawing plane and the grid points snap to (./codec.js). The first edit of a
// generated dataset turns its points (train, then test) into the draft.
// Each edit shows at once; training restarts RETRAIN_DELAY_MS after the last
// one (new networks, step 0, still playing if it was), so a learner can keep
// drawing and sees the boundary react a moment later.
import { optionWords } from '../config-words.js';
import { t } from '../i18n/index.js';
import { DATA_ITEM_KEY, decodeData, encodeData, exactStep, isExactOn, parsePointsCsv, pointsCsv, snap, stepForSpan, stepValue } from './codec.js';
import { showCustomData } from './custom-controls.js';
import { saveText, utf8Bytes } from './download.js';
import { PlotDrawing } from './draw.js';
import { LoadDialog } from './load-dialog.js';
import { DataTools } from './tools.js';

// The train-set size the engine splits `points` points into under this
// config (its test fraction): normalizeConfig's derived.trainSize of the
// prospective data, so the rule stays the engine's. The batch sizes are set
// aside (batch 1, no batch norm, one run): a batch larger than a few drawn
// points' train set, which the engine refuses, is what fitBatch lowers.
// Resolves to null when the engine refuses the points (too few for a train set).
async function engineTrainSize(engine, config, points) {
  const probe = { ...config, data: { ...config.data, points }, model: { ...config.model, batchnorm: false },
    train: { ...config.train, batch_size: 1 }, runs: [{ name: 'probe', set: {} }] };
  const n = await engine.call('normalize', JSON.stringify(probe));
  return n && !n.error && n.derived ? n.derived.trainSize : null;
}

export const RETRAIN_DELAY_MS = 250;
const MAX_CLASSES = 8;  // the class picker's limit: labels 0..7 (the CSV contract)
const DATA_FILE = 'bnlab-data.csv';

const isCustom = (config) => config?.data?.name === 'custom';

// The batch sizes of a config: the shared one and each run's own (or undefined).
function batchSizes(config) {
  const runs = Array.isArray(config.runs) ? config.runs : [];
  return { shared: config.train?.batch_size, runs: runs.map((r) => r?.set?.['train.batch_size']) };
}
const sameBatches = (a, b) => Boolean(a && b) && JSON.stringify(a) === JSON.stringify(b);

export class DataEditor {
  // app: the App (engine, enqueue, configure, configText, config, data,
  // presetName, panels, messages, play, pause, playing, root); refs: the layout's.
  constructor(app, refs) {
    this.app = app;
    this.refs = refs;
    this.mode = 'off';       // 'off' | 'add' | 'erase'
    this.label = 0;
    this.classes = 2;
    this.draft = null;       // {points: [[x, y, label]...], plane, steps} or null (generated data)
    this.version = 0;        // bumped by every edit of the draft
    this.trainedVersion = 0; // the draft version the engine trains on
    this.link = null;        // {text} or {error}: the hash item for the data the engine trains on
    this.reason = '';        // why the draft cannot train yet ('' when it can)
    this.resume = false;     // play again once the draft trains
    this.wanted = null;      // the batch sizes the learner chose (see fitBatch)
    this.lowered = null;     // the batch sizes fitBatch set last
    this.timer = 0;
    this.dialog = null;
    this.tools = refs.dataTools ? new DataTools(refs.dataTools, {
      mode: (m) => this.setMode(m),
      label: (k) => this.setLabel(k),
      addClass: () => this.addClass(),
      clear: () => this.clear(),
      load: () => this.openDialog(),
      download: () => this.download(),
    }, MAX_CLASSES) : null;
    // Drawing needs the tools (the mode starts there, or the keyboard's Escape ends it).
    this.drawing = refs.panels && this.tools ? new PlotDrawing(refs.panels, this) : null;
    this.refresh();
  }

  // ---- the tools --------------------------------------------------------------

  setMode(mode) {
    this.mode = ['add', 'erase'].includes(mode) && this.app.ready ? mode : 'off';
    this.refresh();
  }

  setLabel(k) {
    if (!(Number.isInteger(k) && k >= 0 && k < this.classes)) return;
    this.label = k;
    this.mode = 'add';
    this.refresh();
  }

  addClass() {
    if (this.classes >= MAX_CLASSES) return;
    this.classes += 1;
    this.setLabel(this.classes - 1);
  }

  plane() {
    if (this.draft) return this.draft.plane;
    return this.app.data ? this.app.data.extent : null;
  }

  // ---- edits ------------------------------------------------------------------

  // The first edit of generated data makes its points the learner's, snapped
  // to the drawing grid so that a link carries them exactly.
  ensureDraft() {
    if (this.draft) return true;
    const data = this.app.data;
    if (!data) return false;
    const plane = data.extent.slice();
    const steps = [stepForSpan(plane[1] - plane[0]), stepForSpan(plane[3] - plane[2])];
    const points = [];
    const take = (xs, ys) => {
      for (let i = 0; i < ys.length; i++) points.push([snap(xs[2 * i], steps[0]), snap(xs[2 * i + 1], steps[1]), ys[i]]);
    };
    take(data.trainX, data.trainY);
    take(data.testX, data.testY);
    this.draft = { points, plane, steps };
    this.classes = Math.max(this.classes, data.classes);
    return true;
  }

  add(x, y) {
    if (!this.ensureDraft()) return;
    const [sx, sy] = this.draft.steps;
    this.draft.points.push([snap(x, sx), snap(y, sy), this.label]);
    this.changed();
  }

  // Removes the points inside the ellipse of radii rx, ry around (x, y).
  eraseNear(x, y, rx, ry) {
    const generated = !this.draft;
    if (!this.ensureDraft()) return 0;
    const before = this.draft.points.length;
    const kept = this.draft.points.filter(([px, py]) => ((px - x) / rx) ** 2 + ((py - y) / ry) ** 2 > 1);
    const removed = before - kept.length;
    if (removed > 0) {
      this.draft.points = kept;
      this.changed();
    } else if (generated) {
      this.draft = null;  // erasing nothing leaves generated data as it is
    }
    return removed;
  }

  clear() {
    if (!this.ensureDraft()) return;
    this.draft.points = [];
    this.changed();
  }

  changed() {
    this.version += 1;
    this.redraw();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.retrain(), RETRAIN_DELAY_MS);
  }

  // Trains on the draft if the engine accepts it; else says why and waits.
  retrain() {
    this.timer = 0;
    return this.app.enqueue(async () => {
      if (!this.draft || this.version === this.trainedVersion) return;
      const version = this.version;
      const points = this.draft.points.slice();
      const csv = pointsCsv(points);
      const check = await this.app.engine.call('parseData', csv);
      if (!check.ok) {
        this.setReason(points.length === 0 ? t('data.empty') : t('data.untrainable', { reason: check.error.replace(/^line \d+: /, '') }));
        return;
      }
      const json = await this.fitBatch(this.app.configText, check.points);
      const ok = await this.app.configure(json, this.app.presetName, {
        writeHash: true,
        data: { csv, points, plane: this.draft.plane, steps: this.draft.steps, version },
      });
      if (ok && this.resume) {
        this.resume = false;
        this.app.play();
      }
    });
  }

  setReason(reason) {
    this.reason = reason;
    if (reason && this.app.playing) {
      this.resume = true;
      this.app.pause();
    }
    this.refresh();
  }

  // A batch size larger than the data's train set is lowered to the train set
  // (and raised back, up to the learner's choice, as points are added): a few
  // drawn points can train at once. Resolves to the config text to use (runs
  // inside the app's queue: the engine's train-set size is asked first).
  async fitBatch(json, points) {
    const config = JSON.parse(json);
    const current = batchSizes(config);
    if (!this.wanted || !sameBatches(current, this.lowered)) this.wanted = current;
    const train = await engineTrainSize(this.app.engine, config, points);
    if (!(train >= 1)) return json;
    const fit = (b) => (typeof b === 'number' ? Math.min(b, train) : b);
    const lowered = { shared: fit(this.wanted.shared), runs: this.wanted.runs.map(fit) };
    if (typeof lowered.shared === 'number') config.train.batch_size = lowered.shared;
    lowered.runs.forEach((b, i) => { if (typeof b === 'number') config.runs[i].set['train.batch_size'] = b; });
    this.lowered = lowered;
    return JSON.stringify(config);
  }

  // ---- configure hooks (called by App.configure) -------------------------------

  // After a successful configure: the points to draw (the panels' data).
  // data: what configure was given ({csv, points?, plane?, steps?, version?})
  // or undefined for a config change that keeps the points.
  configured(config, result, data) {
    if (!isCustom(config)) {
      this.draft = null;
      this.link = null;
      this.reason = '';
      this.wanted = this.lowered = null;
    } else if (data) {
      const points = data.points || parsePointsCsv(result.dataCsv || '');
      const plane = data.plane || result.data.extent.slice();
      const steps = data.steps || stepsFor(points, plane);
      if (data.version === undefined || !this.draft) {
        this.draft = { points: points.slice(), plane, steps };
        this.version += 1;
        this.trainedVersion = this.version;
      } else {
        this.trainedVersion = data.version;
      }
      this.link = encodeData({ points, plane, steps });
      this.reason = '';
      this.classes = Math.max(this.classes, result.data.classes);
    }
    this.refresh();
    return this.viewData(result.data);
  }

  // After the first snapshot of a configure (the controls are enabled by then).
  showControls(config) {
    showCustomData(this.refs.controls, config);
  }

  // The hash item for the data the engine trains on ([] for generated data,
  // or when a link cannot carry it: the status says so).
  hashItems() {
    return isCustom(this.app.config) && this.link && this.link.text ? [[DATA_ITEM_KEY, this.link.text]] : [];
  }

  // A link's data item: {data: {csv, points, plane, steps}} to configure
  // with, or {error} (the message to show), or {} when the link has no data;
  // dropCustom: the link's data.name=custom and data.points cannot be used.
  readLink(parsed) {
    const namesCustom = parsed.sets.some((s) => s === 'data.name=custom');
    if (parsed.data === null) return namesCustom ? { error: t('data.noPointsInLink'), dropCustom: true } : {};
    const decoded = decodeData(parsed.data);
    if (decoded.error) return { error: t('data.linkError', { text: decoded.error }), dropCustom: true };
    const { points, plane, steps } = decoded.data;
    return { data: { csv: pointsCsv(points), points, plane, steps } };
  }

  // ---- load and download ----------------------------------------------------

  openDialog() {
    if (!this.dialog) {
      this.dialog = new LoadDialog(this.app.root, {
        load: (input) => this.load(input),
        sizeError: (bytes) => this.app.engine.call('dataSizeError', bytes),
      });
    }
    this.dialog.open();
  }

  // window.bnlab.loadData: CSV text (or its bytes) -> {ok: true, points} or
  // {ok: false, error: "line L: what is wrong"}; on error nothing changes.
  async load(input) {
    let csv = input;
    let bytes;
    if (typeof csv === 'string') bytes = await utf8Bytes(csv);
    else if (csv instanceof ArrayBuffer) bytes = csv.byteLength;
    else if (ArrayBuffer.isView(csv)) {
      csv = new Uint8Array(csv.buffer, csv.byteOffset, csv.byteLength);
      bytes = csv.byteLength;
    } else return { ok: false, error: t('data.apiType') };
    if (!this.app.ready) return { ok: false, error: t('messages.engineNotRunning') };
    const sizeError = await this.app.engine.call('dataSizeError', bytes);
    if (sizeError) return { ok: false, error: sizeError };
    const result = await this.app.enqueue(async () => {
      const check = await this.app.engine.call('parseData', csv);
      if (!check.ok) return { ok: false, error: check.error };
      const json = await this.fitBatch(this.app.configText, check.points);
      const ok = await this.app.configure(json, this.app.presetName, { writeHash: true, data: { csv }, quiet: true });
      if (!ok) return { ok: false, error: this.app.lastConfigureError };
      return { ok: true, points: check.points };
    });
    return result || { ok: false, error: t('messages.engineNotRunning') };
  }

  async download() {
    const csv = await this.app.engine.call('dataCsv');
    if (csv) saveText(this.app.root, DATA_FILE, csv);
  }

  // ---- drawing ------------------------------------------------------------------

  // The panels' data: the engine's, or the draft's points on the drawing
  // plane, each marked test when the engine holds it as a test point.
  viewData(engineData) {
    if (!this.draft || !engineData) return engineData;
    const key = (x, y, label) => `${Math.fround(x)},${Math.fround(y)},${label}`;
    const tests = new Map();
    for (let i = 0; i < engineData.testY.length; i++) {
      const k = key(engineData.testX[2 * i], engineData.testX[2 * i + 1], engineData.testY[i]);
      tests.set(k, (tests.get(k) || 0) + 1);
    }
    const trainX = [], trainY = [], testX = [], testY = [];
    for (const [x, y, label] of this.draft.points) {
      const k = key(x, y, label);
      const n = tests.get(k) || 0;
      if (n > 0) { tests.set(k, n - 1); testX.push(x, y); testY.push(label); }
      else { trainX.push(x, y); trainY.push(label); }
    }
    return { ...engineData, extent: this.draft.plane, heatExtent: engineData.extent, trainX, trainY, testX, testY };
  }

  redraw() {
    this.app.panels.setData(this.viewData(this.app.data));
    this.refresh();
  }

  refresh() {
    const app = this.app;
    const config = app.config;
    const pending = this.draft && this.version !== this.trainedVersion;
    if (this.refs.panels) this.refs.panels.classList.toggle('is-untrained', Boolean(pending && this.reason));
    if (this.drawing) this.drawing.refresh(this.mode, (config?.runs || []).map((r) => r.name));
    if (!this.tools) return;
    let status = '', state = 'generated', points = 0, link = '';
    if (config && this.draft) {
      points = this.draft.points.length;
      if (pending && this.reason) { status = this.reason; state = 'untrainable'; }
      else if (pending) { status = t('data.pending', { points }); state = 'pending'; }
      else {
        const train = app.derived.trainSize;  // the engine's, for the running config
        status = t('data.custom', { points, train, test: points - train, classes: app.data ? app.data.classes : 2 });
        const w = this.wanted, l = this.lowered;
        if (w && l && sameBatches(batchSizes(config), l) && l.shared !== w.shared) status += ` ${t('data.batchLowered', { from: w.shared, to: l.shared })}`;
        state = 'custom';
      }
      if (this.link && this.link.error === 'inexact') link = t('data.linkInexact');
      else if (this.link && this.link.error) link = t('data.linkTooLong', { points });
    } else if (config) {
      points = config.data.points;
      const train = app.derived.trainSize;
      status = t('data.generated', { name: optionWords('data.name', config.data.name), points, train, test: points - train });
    }
    this.tools.show({ mode: this.mode, label: this.label, classes: this.classes, status, state, points, link, enabled: app.ready || Boolean(config) });
  }
}

// The grid a loaded dataset's points lie on: per axis, the coarsest step on
// which every coordinate is exact, made no coarser than the drawing grid (so
// drawn points join them exactly): the drawing step itself when the
// coordinates lie on it too, else 2 or 1 x 10^e; the drawing grid when no step
// is exact (the link then says it cannot carry the data).
function stepsFor(points, plane) {
  return [0, 1].map((axis) => {
    const values = points.map((p) => p[axis]);
    const draw = stepForSpan(plane[2 * axis + 1] - plane[2 * axis]);
    const exact = exactStep(values);
    if (!exact) return draw;
    if (stepValue(exact) <= stepValue(draw)) return exact;
    const finer = [draw, { m: 2, e: draw.e }, { m: 1, e: draw.e }].filter((s) => stepValue(s) <= stepValue(draw));
    return finer.find((s) => isExactOn(values, s)) || { m: 1, e: draw.e };
  });
}
