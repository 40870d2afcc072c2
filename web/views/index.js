// The lessons' views: which exist, which are on, and the unit they look at.
// A preset lists its views (Module.presets()[i].views); the learner can turn
// any view on or off (the checkboxes), and a link can name them:
//   #view=inspector,covariate&view.run=1&view.layer=0&view.unit=3
// Every view module has one job; this host creates the active ones, feeds
// them snapshots and draws them a few times a second.
import { BatchStatsView } from './batchstats.js';
import { CovariateView } from './covariate.js';
import { DiagramView } from './diagram.js';
import { t } from '../i18n/index.js';
import { el } from './dom.js';
import { InputsView } from './inputs.js';
import { InspectorView } from './inspector.js';
import { allRuns, bnRuns, checkSelection } from './model.js';
import { NoiseView } from './noise.js';
import { ParamsView } from './params.js';
import { RaceView } from './race.js';
import { RegularizationView } from './regularization.js';
import { SmoothnessView } from './smoothness.js';
import { TestTimeView } from './testtime.js';

// Each view's menu label is t(`views.menu.<name>`) (web/i18n/).
export const VIEWS = [
  { name: 'inputs', View: InputsView },
  { name: 'inspector', View: InspectorView },
  { name: 'diagram', View: DiagramView },
  { name: 'noise', View: NoiseView },
  { name: 'batchstats', View: BatchStatsView },
  { name: 'params', View: ParamsView },
  { name: 'race', View: RaceView },
  { name: 'covariate', View: CovariateView },
  { name: 'smoothness', View: SmoothnessView },
  { name: 'regularization', View: RegularizationView },
  { name: 'testtime', View: TestTimeView },
];
export const VIEW_NAMES = VIEWS.map((v) => v.name);
const SELECTION_KEYS = ['run', 'layer', 'unit'];
const DRAW_INTERVAL_MS = 100;  // views redraw at most 10 times a second while playing
const short = (s) => JSON.stringify(String(s).length > 40 ? `${String(s).slice(0, 40)}…` : String(s));

// Splits "a,b" into known view names; unknown ones become errors.
export function parseViewNames(text, prefix = 'view=') {
  const names = [];
  const errors = [];
  for (const raw of String(text).split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!VIEW_NAMES.includes(name)) errors.push(t('views.noSuchView', { item: `${prefix}${short(name)}`, list: VIEW_NAMES.join(', ') }));
    else if (!names.includes(name)) names.push(name);
  }
  return { names, errors };
}

// The link's view items ([key, value] pairs) as a request:
// {names: [...] | null (the preset's), run, layer, unit} and errors.
export function parseViewItems(items) {
  const request = { names: null, run: null, layer: null, unit: null };
  const errors = [];
  for (const [key, value] of items) {
    if (key === 'view') {
      const parsed = parseViewNames(value);
      errors.push(...parsed.errors);
      // A link naming only unknown views falls back to the preset's.
      if (parsed.names.length > 0 || String(value).trim() === '') request.names = parsed.names;
    } else {
      const field = key.slice('view.'.length);
      if (SELECTION_KEYS.includes(field)) request[field] = value;
      else errors.push(t('views.unknownSetting', { key: short(key) }));
    }
  }
  return { request, errors };
}

export class ViewsHost {
  // history: the page's History (../history.js), which the app fills from
  // every snapshot; the views read it.
  // palette(): the theme's palette for canvases and charts (../theme.js).
  // call(method, ...args): the engine's worker (the inspector's identity action).
  constructor(container, menu, { history, onChange, palette, call = null }) {
    this.paletteOf = palette;
    this.call = call;
    this.container = container;
    this.menu = menu;
    this.onChange = onChange;
    this.history = history;
    this.exp = { config: null, derived: null, runs: [], bnRuns: [], data: null, classes: 2 };
    this.selection = { run: null, layer: 0, unit: 0 };
    this.presetViews = [];
    this.active = [];      // names, in VIEWS order
    this.instances = new Map();
    this.boxes = new Map();
    this.drawMs = {};      // view name -> longest draw (ms), for perf checks
    this.buildMenu();
  }

  get palette() {
    return this.paletteOf();
  }

  buildMenu() {
    this.menu.replaceChildren(el('span', 'views-menu-label', t('views.label')));
    for (const { name } of VIEWS) {
      const label = t(`views.menu.${name}`);
      const wrap = el('label', 'view-toggle');
      const box = el('input');
      box.type = 'checkbox';
      box.value = name;
      box.id = `view-toggle-${name}`;
      box.addEventListener('change', () => this.toggle(name, box.checked));
      wrap.append(box, el('span', '', label));
      this.menu.append(wrap);
      this.boxes.set(name, box);
    }
  }

  // A new experiment: re-checks the request against it and rebuilds the
  // active views. derived: the engine's description of the runs
  // (normalizeConfig). Returns the messages for what had to fall back.
  configure(config, data, presetViews, request, derived) {
    this.exp = { config, derived, runs: allRuns(derived), bnRuns: bnRuns(derived), data, classes: data ? data.classes : 2 };
    this.presetViews = (presetViews || []).filter((n) => VIEW_NAMES.includes(n));
    const names = request && Array.isArray(request.names) ? request.names : this.presetViews;
    const { selection, errors } = checkSelection(derived, request || {});
    this.selection = selection;
    this.setActive(names, { notify: false, rebuild: true });
    return errors;
  }

  // What to ask for when the experiment is rebuilt (an edit, a reset):
  // the same views and the same unit.
  currentRequest() {
    return { names: [...this.active], ...this.selection };
  }

  setActive(names, { notify = true, rebuild = false } = {}) {
    const next = VIEW_NAMES.filter((n) => names.includes(n));
    for (const [name, view] of this.instances) {
      if (rebuild || !next.includes(name)) {
        view.destroy();
        this.instances.delete(name);
      }
    }
    this.active = next;
    for (const { name, View } of VIEWS) {
      if (!next.includes(name) || this.instances.has(name)) continue;
      const view = new View(this);
      this.instances.set(name, view);
      // Attached before setExperiment so charts can measure their width.
      this.container.append(view.root);
      view.setExperiment();
      if (this.latest) view.update(this.latest.views || {}, this.latest.report, this.latest);
    }
    this.container.replaceChildren(...next.map((n) => this.instances.get(n).root));
    this.container.hidden = next.length === 0;
    for (const [name, box] of this.boxes) box.checked = next.includes(name);
    this.drawnSnapshot = null;
    if (notify) this.onChange();
  }

  toggle(name, on) {
    const names = on ? [...this.active, name] : this.active.filter((n) => n !== name);
    this.setActive(names);
  }

  // A unit chosen in a view or by the API; returns the messages for fields
  // that do not exist (the selection then falls back, field by field).
  select(request, prefix = 'view.') {
    const { selection, errors } = checkSelection(this.exp.derived, request, prefix);
    this.selection = selection;
    for (const view of this.instances.values()) {
      if (view instanceof InspectorView) view.setExperiment();
    }
    this.drawnSnapshot = null;
    this.onChange();
    return errors;
  }

  // What the worker computes with each snapshot.
  // Each spec has a version; data computed for an older one (a snapshot
  // already on its way) is not shown.
  spec() {
    this.specVersion = (this.specVersion || 0) + 1;
    return { version: this.specVersion, names: [...this.active], run: this.selection.run,
      layer: this.selection.layer, unit: this.selection.unit, example: 0 };
  }

  onSnapshot(snapshot) {
    const current = snapshot.views && snapshot.viewsVersion === this.specVersion ? snapshot.views : {};
    this.latest = { ...snapshot, views: current };
    for (const view of this.instances.values()) view.update(current, snapshot.report, snapshot);
  }

  // Called every animation frame. Paused: every view draws each new
  // snapshot. Playing: one view per frame (the one waiting longest), each at
  // most every DRAW_INTERVAL_MS, so no frame pays for all of them at once.
  draw(now, playing) {
    if (this.active.length === 0 || !this.latest) return;
    if (!playing) {
      if (this.latest === this.drawnSnapshot) return;
      this.drawnSnapshot = this.latest;
      for (const [name, view] of this.instances) this.drawOne(name, view, now, false);
      return;
    }
    this.drawnSnapshot = null;  // pausing redraws everything once
    let next = null;
    for (const [name, view] of this.instances) {
      const at = view.drawnAt || 0;
      if (now - at >= DRAW_INTERVAL_MS && (!next || at < (next[1].drawnAt || 0))) next = [name, view];
    }
    if (next) this.drawOne(next[0], next[1], now, true);
  }

  drawOne(name, view, now, playing) {
    const t0 = performance.now();
    view.draw(now, playing);
    view.drawnAt = now;
    this.drawMs[name] = Math.max(this.drawMs[name] || 0, performance.now() - t0);
  }

  resetPerf() {
    this.drawMs = {};
  }

  // The latest numbers of every active view, for tests.
  data() {
    const out = { active: [...this.active], selection: { ...this.selection }, drawMs: { ...this.drawMs } };
    for (const [name, view] of this.instances) out[name] = view.data();
    return out;
  }

  // The link's view items: only what differs from the preset's defaults.
  hashItems() {
    const items = [];
    const same = this.active.length === this.presetViews.length && this.active.every((n) => this.presetViews.includes(n));
    if (!same) items.push(['view', this.active.join(',')]);
    const defaultRun = this.exp.bnRuns.length ? this.exp.bnRuns[0] : null;
    if (this.selection.run !== defaultRun && this.selection.run !== null) items.push(['view.run', String(this.selection.run)]);
    if (this.selection.layer !== 0) items.push(['view.layer', String(this.selection.layer)]);
    if (this.selection.unit !== 0) items.push(['view.unit', String(this.selection.unit)]);
    return items;
  }
}
