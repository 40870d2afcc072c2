// Each lesson's pace (docs/LESSONS.md, "pace"): the speed it plays at and the
// step where play pauses because the lesson has made its point, both from the
// engine's preset (`speed`, `stop`; null: the page's default speed, no stop).
// A link's own speed= (a view option) and stop= (a widget key) win. Past the
// lesson's stop, play goes on freely (the worker's stop-at rule).
import { parseViewOptions } from './export/view-keys.js';
import { DEFAULT_SPEED, SPEEDS } from './toolbar.js';

// {speed, stop} of a preset (as the engine's presets() lists it).
export function paceOf(preset) {
  const speed = preset && SPEEDS.includes(preset.speed) ? preset.speed : DEFAULT_SPEED;
  const stop = preset && Number.isInteger(preset.stop) && preset.stop > 0 ? preset.stop : null;
  return { speed, stop };
}

// The speed a link's view options name (a valid speed= item), else null.
export function linkSpeed(viewOptionItems) {
  const items = viewOptionItems.filter(([key]) => key === 'speed');
  const read = parseViewOptions(items);
  return items.length > 0 && read.errors.length === 0 ? read.options.speed : null;
}

// Where play pauses: the link's stop=N if it has one (source 'link'), else
// the lesson's (source 'lesson'), else nowhere.
export function stopFor(widgetStop, preset) {
  if (widgetStop !== null && widgetStop !== undefined) return { step: widgetStop, source: 'link' };
  const { stop } = paceOf(preset);
  return stop === null ? { step: null, source: null } : { step: stop, source: 'lesson' };
}

// Sends a preset's stop to the worker when it changes (the worker keeps it
// for every experiment until told otherwise) and tells the lesson text.
export function applyStop(app, preset) {
  const stop = stopFor(app.widget.stop, preset);
  app.lessonStop = stop.source === 'lesson' ? stop.step : null;
  if (app.sentStop !== stop.step) {
    app.sentStop = stop.step;
    app.engine.call('setStopAt', stop.step).catch(() => {});
  }
  app.lesson.showPace(stop.source === 'lesson' ? { ...paceOf(preset), speed: app.viewOptions.speed } : null);
}
