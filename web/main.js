// Entry point: starts the app and exposes window.bnlab for tests and for
// pages that embed BN Lab (status, play/pause/step/reset, messages, perf,
// the lessons' views and their numbers).
import { App } from './app.js';

const app = new App(document);

window.bnlab = Object.freeze({
  status: () => app.status(),
  play: () => app.play(),
  pause: () => app.pause(),
  step: (n = 1) => app.step(n),
  reset: () => app.reset(),
  messages: () => app.messages.texts(),
  perf: () => app.perf.report(),
  resetPerf: () => { app.perf.reset(); app.views.resetPerf(); },
  config: () => (app.config ? JSON.parse(JSON.stringify(app.config)) : null),
  hash: () => app.currentHash(),
  views: () => app.views.data(),
  showViews: (names) => app.showViews(names),
  selectUnit: (request) => app.selectUnit(request),
  openPreset: (name) => app.openPreset(name),
});

app.start();
