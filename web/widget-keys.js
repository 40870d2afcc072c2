// The widget keys of the embedding contract (docs/DESIGN.md, "Embedding"):
// how BN Lab is shown, never part of a config or a trace. They travel in the
// URL hash beside the config's dotted keys, or as a <bn-lab> element's
// attributes, and are validated like config keys: a bad value gets a message
// naming the key and what is allowed, and that key falls back to its default.
//   embed=1  show=a,b  autoplay=1  stop=N  theme=light|dark|projector|auto
//   lock=1   origin=https://host.example   lang=en|de
import { LANGUAGES, DEFAULT_LANGUAGE } from './i18n/index.js';
import { THEMES, DEFAULT_THEME } from './theme.js';

export const WIDGET_KEYS = Object.freeze(['embed', 'show', 'autoplay', 'stop', 'theme', 'lock', 'origin', 'lang']);
// show= parts (besides single controls named by their dotted config key).
export const SHOW_PARTS = Object.freeze(['controls', 'lesson', 'charts', 'views']);
export const MAX_STOP = 10000000;

export function isWidgetKey(key) {
  return WIDGET_KEYS.includes(key);
}

export function defaultWidget() {
  return { embed: false, show: [], autoplay: false, stop: null, theme: DEFAULT_THEME, lock: false, origin: null, lang: DEFAULT_LANGUAGE };
}

// A value as shown in a message (quoted, cut at 60 characters); page keys use them too (web/export/view-keys.js).
export const short = (s) => JSON.stringify(String(s).length > 60 ? `${String(s).slice(0, 60)}…` : String(s));

export function flag(key, value) {
  if (value === '1' || value === 'true') return { value: true };
  if (value === '0' || value === 'false') return { value: false };
  return { error: `${key}=${short(value)}: not allowed (allowed: 1 or 0)` };
}

const READERS = {
  embed: (v) => flag('embed', v),
  autoplay: (v) => flag('autoplay', v),
  lock: (v) => flag('lock', v),
  // Parts and dotted config keys; whether a dotted key names a control is
  // checked by the page once it knows the controls.
  show: (v) => {
    const items = String(v).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.find((s) => !SHOW_PARTS.includes(s) && !/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/.test(s));
    if (bad !== undefined) return { error: `show=${short(bad)}: not allowed (allowed: ${SHOW_PARTS.join(', ')} or a setting's dotted key such as train.learning_rate)` };
    return { value: [...new Set(items)] };
  },
  stop: (v) => {
    const s = String(v).trim();
    if (!/^\d{1,8}$/.test(s) || Number(s) < 1 || Number(s) > MAX_STOP) {
      return { error: `stop=${short(v)}: not allowed (allowed: a step number 1 <= N <= ${MAX_STOP})` };
    }
    return { value: Number(s) };
  },
  theme: (v) => (THEMES.includes(v) ? { value: v } : { error: `theme=${short(v)}: not allowed (allowed: ${THEMES.join(', ')})` }),
  lang: (v) => (Object.hasOwn(LANGUAGES, v) ? { value: v } : { error: `lang=${short(v)}: no such language (allowed: ${Object.keys(LANGUAGES).join(', ')})` }),
  // An origin exactly as window.location.origin writes it.
  origin: (v) => {
    let url = null;
    try { url = new URL(String(v)); } catch { url = null; }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== String(v)) {
      return { error: `origin=${short(v)}: not allowed (allowed: an origin such as https://host.example, with no path)` };
    }
    return { value: url.origin };
  },
};

// items: [[key, value], ...] (already percent-decoded). Returns
// {widget: {...every key, defaults where absent or bad}, errors: [...]}.
export function parseWidgetKeys(items) {
  const widget = defaultWidget();
  const errors = [];
  for (const [key, value] of items) {
    if (!isWidgetKey(key)) continue;
    const read = READERS[key](value);
    if (read.error) errors.push(`${read.error}; using the default`);
    else widget[key] = read.value;
  }
  return { widget, errors };
}

// The widget keys that differ from the defaults, as [key, text] pairs (for
// links and snippets that reproduce a widget).
export function widgetItems(widget) {
  const d = defaultWidget();
  const items = [];
  for (const key of WIDGET_KEYS) {
    const v = widget[key];
    if (JSON.stringify(v) === JSON.stringify(d[key])) continue;
    if (typeof v === 'boolean') items.push([key, v ? '1' : '0']);
    else if (Array.isArray(v)) items.push([key, v.join(',')]);
    else items.push([key, String(v)]);
  }
  return items;
}

// The dotted config keys that show= names (single controls), in order.
export function shownControlKeys(widget) {
  return widget.show.filter((item) => !SHOW_PARTS.includes(item));
}

// The widget keys the "open in BN Lab" link keeps: how the lesson looks and
// runs (theme, lang, autoplay, stop), not how it is embedded (embed, show,
// lock and origin only make sense inside a host page).
export function fullPageWidget(widget) {
  return { ...widget, embed: false, show: [], lock: false, origin: null };
}
