// The full page (and the iframe widget, which is the same page with embed=1):
// reads the widget keys from the URL hash, mounts one App into #bnlab, and
// exposes window.bnlab for tests and for pages that embed BN Lab (status,
// play/pause/step/reset, messages, perf, the lessons' views and their numbers).
// Inside a frame it also speaks the iframe messages (web/embed/frame-messages.js).
import { App } from './app.js';
import { startFrameMessages } from './embed/frame-messages.js';
import { curvesCsvOf } from './export/files.js';
import { setLanguage, t } from './i18n/index.js';
import { LocationState } from './location-state.js';
import { parseHash } from './state.js';
import { preloadMath } from './lesson-math.js';
import { parseWidgetKeys } from './widget-keys.js';

const source = new LocationState(window);
const { widget, errors } = parseWidgetKeys(parseHash(source.read()).widget);
setLanguage(widget.lang);
document.documentElement.lang = widget.lang;
document.documentElement.classList.toggle('bnlab-embed', widget.embed);
document.title = t('app.title');

const root = document.getElementById('bnlab');
const pageUrl = window.location.href.split('#')[0];
const app = new App(root, { source, widget, keyTarget: document, documentElement: document.documentElement, pageUrl });

window.bnlab = Object.freeze({
  status: () => app.status(),
  play: () => app.play(),
  pause: () => app.pause(),
  step: (n = 1) => app.step(n),
  reset: () => app.reset(),
  messages: () => app.messages.texts(),
  perf: () => app.perf.report(),
  resetPerf: () => { app.perf.reset(); if (app.views) app.views.resetPerf(); return app.engine ? app.engine.resetTaskLog() : false; },
  config: () => (app.config ? JSON.parse(JSON.stringify(app.config)) : null),
  hash: () => app.currentHash(),
  exportCsv: () => curvesCsvOf(app),  // resolves to the CLI's --csv text (web/export/)
  views: () => (app.views ? app.views.data() : { active: [] }),
  showViews: (names) => app.showViews(names),
  selectUnit: (request) => app.selectUnit(request),
  openPreset: (name) => app.openPreset(name),
  loadData: (csv) => app.dataEditor.load(csv),
  // Runs (web/runs/): setRun is the contract; the rest are BN Lab's extensions.
  setRun: (index, settings) => app.runs.setRun(index, settings),
  renameRun: (index, name) => app.runs.renameRun(index, name),
  addRun: (index) => app.runs.addRun(index),
  removeRun: (index) => app.runs.removeRun(index),
  compare: (knob, values, base = 0) => app.runs.compare(knob, values, base),
});

if (window.parent !== window) startFrameMessages(app, { win: window, widget });

// The full page offers every lesson, and most write formulas: once the first
// picture is up, KaTeX is fetched in idle time, so that opening a lesson lays
// its text out once (no layout shift while formulas are typeset). Widgets
// keep loading it only when a lesson or view asks (their bytes: PERFORMANCE.md).
if (!widget.embed) {
  const stop = app.onStatus((status) => {
    if (!status.ready) return;
    stop();
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
    idle(() => preloadMath(), { timeout: 3000 });
  });
}

app.start().then(() => {
  for (const e of errors) app.messages.add(t('messages.link', { text: e }));
});
