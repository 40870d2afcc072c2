// The view options (speed, discretize, batch statistics) between the link,
// the toolbar and the engine: a link's options are shown in the toolbar and
// applied; a change in the toolbar is applied and written to the link.
// (Parsing and validation: ./view-keys.js.)
import { defaultViewOptions } from './view-keys.js';

// Sets the toolbar to `options` and applies them (a widget without some of
// these controls still gets the options applied).
export function applyViewOptions(app, options) {
  app.viewOptions = { ...defaultViewOptions(), ...options };
  const o = app.viewOptions;
  const r = app.refs;
  if (r.speed) r.speed.value = String(o.speed);
  if (r.discretize) r.discretize.checked = o.discretize;
  if (r.batchStats) r.batchStats.checked = o.batchStats;
  sendViewOptions(app);
}

// The learner changed one in the toolbar ({speed} or {discretize} or {batchStats}).
export function changeViewOptions(app, change) {
  app.viewOptions = { ...(app.viewOptions || defaultViewOptions()), ...change };
  sendViewOptions(app);
  if (app.config) app.writeHash();
}

function sendViewOptions(app) {
  const o = app.viewOptions;
  app.engine.call('setSpeed', o.speed).catch(() => {});
  app.engine.call('setView', { gridMode: o.batchStats ? 1 : 0 }).catch(() => {});
  app.setDrawOptions({ discretize: o.discretize });
}
