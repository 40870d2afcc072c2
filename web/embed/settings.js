// A `set` command's settings ({"dotted.key": value, ...}, from an iframe
// message or an API call) as the engine's "key=value" items. Every value is
// written as JSON, which the engine's value codec reads like any other
// setting ("spiral" as a quoted string, 0.3, true, [16,16], runs as a list),
// so the engine alone decides what is valid. Here only the shape is checked,
// with bounds, because the data comes from another page.
import { PRESET_KEY, isViewKey, quote } from '../state.js';
import { isWidgetKey } from '../widget-keys.js';

export const MAX_SETTINGS = 50;
export const MAX_VALUE_CHARS = 1000;  // the engine's own limit for one key=value item
const MAX_DEPTH = 6;                  // runs: [{"set": {...}}] needs 3
const DOTTED_KEY = /^[a-z][a-z0-9_]{0,40}(\.[a-z][a-z0-9_]{0,40})?$/;
// One run's setting, as in links and --set (docs/DESIGN.md, "run items"):
// run.<i>.name or run.<i>.<dotted key>; the engine checks the index (up to
// one past the last run, which adds a run) and that the key may be per run.
const RUN_ITEM = /^run\.(0|[1-9][0-9]?)\.(name|[a-z][a-z0-9_]{0,40}(\.[a-z][a-z0-9_]{0,40})?)$/;

// JSON text for plain data (strings, finite numbers, booleans, null, arrays
// and plain objects), built with a budget: a huge or deeply nested value is
// refused after reading at most about `maxChars` of it, never walked whole.
// Returns {text} or {error}.
export function boundedJson(value, maxChars = MAX_VALUE_CHARS, maxDepth = MAX_DEPTH) {
  let used = 0;
  let error = '';
  const spend = (text) => {
    used += text.length;
    if (used > maxChars && !error) error = `longer than ${maxChars} characters`;
    return text;
  };
  const walk = (v, depth) => {
    if (error) return '';
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return spend(JSON.stringify(v));
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) { error = `${String(v)} is not a finite number`; return ''; }
      return spend(JSON.stringify(v));
    }
    if (typeof v !== 'object') { error = `a ${typeof v} is not plain data`; return ''; }
    if (depth >= maxDepth) { error = `nested deeper than ${maxDepth} levels`; return ''; }
    const parts = [];
    spend('[]');  // or {}; each item spends its comma (and colon) as it goes
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && !error; i++) parts.push(spend(i ? ',' : '') + walk(v[i], depth + 1));
      return error ? '' : `[${parts.join('')}]`;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) { error = 'only plain objects and lists are allowed'; return ''; }
    for (const key of Object.keys(v)) {
      if (error) break;
      parts.push(`${spend(parts.length ? ',' : '')}${spend(JSON.stringify(key))}${spend(':')}${walk(v[key], depth + 1)}`);
    }
    return error ? '' : `{${parts.join('')}}`;
  };
  const text = walk(value, 0);
  return error ? { error } : { text };
}

// settings: {"dotted.key": value, ...}. Returns {sets: ["key=json", ...]} or
// {error: "one line naming the problem"}; never throws. A run's name
// (run.<i>.name) is text, sent as it is (the engine reads a name item raw).
export function settingsToSets(settings) {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    return { error: 'set: expected one object of settings, such as {"train.learning_rate": 0.3}' };
  }
  const sets = [];
  for (const key in settings) {  // stops early: a huge object is not listed whole
    if (!Object.hasOwn(settings, key)) continue;
    if (sets.length === MAX_SETTINGS) return { error: `set: more than ${MAX_SETTINGS} settings (allowed: up to ${MAX_SETTINGS})` };
    if (key === PRESET_KEY) return { error: 'set: preset is not a setting (use the openPreset command)' };
    if (isWidgetKey(key)) return { error: `set: ${key} is a widget key, fixed when the widget is embedded (settings are the config's dotted keys)` };
    if (isViewKey(key)) return { error: `set: ${quote(key)} chooses a view, not a setting` };
    const run = RUN_ITEM.exec(key);
    if (!run && !DOTTED_KEY.test(key)) {
      return { error: `set: ${quote(key)} is not a setting's dotted key (such as train.learning_rate or run.1.train.learning_rate)` };
    }
    if (run && run[2] === 'name') {
      const name = settings[key];
      if (typeof name !== 'string') return { error: `set: ${key}: a run's name is text (such as "BN, lr 0.3")` };
      if (name.length > MAX_VALUE_CHARS) return { error: `set: ${key}: the value is longer than ${MAX_VALUE_CHARS} characters` };
      sets.push(`${key}=${name}`);
      continue;
    }
    const json = boundedJson(settings[key]);
    if (json.error) return { error: `set: ${key}: the value is ${json.error}` };
    sets.push(`${key}=${json.text}`);
  }
  if (sets.length === 0) return { error: 'set: no settings given (expected {"dotted.key": value, ...})' };
  return { sets };
}
