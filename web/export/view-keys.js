// The view options in a link: how the page shows the experiment, not the
// experiment itself (so never config keys, and never sent to the engine's
// config): speed=<steps per second>, discretize=1, batchstats=1. Parsed and
// validated like the widget keys (web/widget-keys.js): a bad value is one
// message naming the key and what is allowed, and that option keeps its
// default. Only options that differ from the defaults are written.
import { DEFAULT_SPEED, SPEEDS } from '../toolbar.js';
import { flag, short } from '../widget-keys.js';

export const VIEW_OPTION_KEYS = Object.freeze(['speed', 'discretize', 'batchstats']);

export function isViewOptionKey(key) {
  return VIEW_OPTION_KEYS.includes(key);
}

export function defaultViewOptions() {
  return { speed: DEFAULT_SPEED, discretize: false, batchStats: false };
}

const READERS = {
  speed: (v) => {
    const s = String(v).trim();
    const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
    return SPEEDS.includes(n) ? { value: n } : { error: `speed=${short(v)}: not allowed (allowed: ${SPEEDS.join(', ')} steps per second)` };
  },
  discretize: (v) => flag('discretize', v),
  batchstats: (v) => flag('batchstats', v),
};
const FIELDS = { speed: 'speed', discretize: 'discretize', batchstats: 'batchStats' };

// items: [[key, value], ...] (state.js parseHash's `viewOptions`). Returns
// {options, errors}: every option (the defaults where absent or refused).
export function parseViewOptions(items = []) {
  const options = defaultViewOptions();
  const errors = [];
  for (const [key, value] of items) {
    if (!isViewOptionKey(key)) continue;
    const read = READERS[key](value);
    if (read.error) errors.push(read.error);
    else options[FIELDS[key]] = read.value;
  }
  return { options, errors };
}

// The hash items for these options: only those that differ from the defaults
// (the page passes the lesson's pace as the default speed: web/pace.js).
export function viewOptionItems(options, d = defaultViewOptions()) {
  const items = [];
  if (options.speed !== d.speed) items.push(['speed', String(options.speed)]);
  if (options.discretize) items.push(['discretize', '1']);
  if (options.batchStats) items.push(['batchstats', '1']);
  return items;
}
