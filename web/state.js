// Config <-> URL hash. The hash speaks the config's dotted keys, exactly the
// CLI's `--set key=value` (e.g. #preset=default&data.name=spiral&seed=7).
// This module only splits and joins text: the engine reads every value
// (Module.applySetsLenient) and writes the changed ones (Module.changedSettings,
// the value text codec), and nothing here ever touches the DOM.
import { isViewOptionKey } from './export/view-keys.js';
import { t } from './i18n/index.js';
import { isWidgetKey } from './widget-keys.js';

export const DEFAULT_PRESET = 'default';
export const PRESET_KEY = 'preset';

// Longer hashes are refused whole: no legitimate view needs this much. (12,000
// rather than 4,000 since a link carries drawn points: data.custom takes up to
// 10,000 characters, about 3,000 points; browsers and servers accept far longer.)
export const MAX_HASH_LENGTH = 12000;

// The learner's own points travel in one item of their own (web/data/codec.js),
// never in the engine's config.
export const CUSTOM_DATA_KEY = 'data.custom';
const MAX_SHOWN = 60;  // characters of a hostile item quoted back in a message

// Quote untrusted text for a message (messages are shown via textContent).
export function quote(text) {
  const s = String(text);
  return JSON.stringify(s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) + '…' : s);
}

// "view" and "view.*" items choose what the page shows (web/views/), not the
// experiment, so they never reach the engine's config.
export const VIEW_KEY = 'view';
export function isViewKey(key) {
  return key === VIEW_KEY || key.startsWith(`${VIEW_KEY}.`);
}

// Parse "#k=v&k=v" like URLSearchParams (split on '&', then on the first '='),
// but with strict percent-decoding: a malformed item is an error for that item
// only. Returns {preset, sets: ["key=value", ...], view: [[key, value], ...],
// widget: [[key, value], ...] (./widget-keys.js), viewOptions: [[key, value], ...]
// (speed, discretize, batchstats: ./export/view-keys.js), data: the data.custom
// text or null, errors: [...]}; never throws.
// Keys live in arrays, never as object properties ("__proto__" is just text).
export function parseHash(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const result = { preset: null, sets: [], view: [], widget: [], viewOptions: [], data: null, errors: [] };
  if (text.length > MAX_HASH_LENGTH) {
    result.errors.push(t('link.tooLong', { length: text.length, max: MAX_HASH_LENGTH }));
    return result;
  }
  for (const item of text.split('&')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      result.errors.push(t('link.noValue', { item: quote(safeDecode(item)) }));
      continue;
    }
    let key, value;
    try {
      key = decodeURIComponent(item.slice(0, eq));
      value = decodeURIComponent(item.slice(eq + 1));
    } catch {
      result.errors.push(t('link.badEncoding', { item: quote(item) }));
      continue;
    }
    if (key === PRESET_KEY) result.preset = value;
    else if (isViewKey(key)) result.view.push([key, value]);
    else if (isWidgetKey(key)) result.widget.push([key, value]);
    else if (isViewOptionKey(key)) result.viewOptions.push([key, value]);
    else if (key === CUSTOM_DATA_KEY) result.data = value;
    else result.sets.push(`${key}=${value}`);
  }
  return result;
}

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

// Keep commas and a few harmless characters readable in the address bar.
function encode(text) {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

// The hash for an experiment: the preset (unless default), the settings that
// differ from the preset's config as [key, text] pairs (the engine's
// changedSettings, already minimal and in config order), then the view
// items ([key, text] pairs, already minimal).
export function buildHash(presetName, changes = [], viewItems = []) {
  const parts = [];
  if (presetName && presetName !== DEFAULT_PRESET) parts.push(`${PRESET_KEY}=${encode(presetName)}`);
  for (const [key, text] of changes) parts.push(`${encode(key)}=${encode(text)}`);
  for (const [key, text] of viewItems) parts.push(`${encode(key)}=${encode(text)}`);
  return parts.length ? '#' + parts.join('&') : '';
}
