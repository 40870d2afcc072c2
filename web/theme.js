// Colour themes. Every colour the page uses is a CSS custom property (a
// token) defined in style.css for each theme on the app's root element
// (.bnlab[data-theme=light|dark|projector]); HTML follows the tokens by
// itself, and what is drawn on canvases (heatmaps, points, charts) reads them
// here as a palette, so one table of tokens is the only place colours live.
//   theme=light|dark|projector, or auto (follow the reader's system).
export const THEMES = Object.freeze(['light', 'dark', 'projector', 'auto']);
export const DEFAULT_THEME = 'auto';
export const RUN_COLOR_COUNT = 8;
export const CLASS_COLOR_COUNT = 8;  // the learner's data has up to 8 classes

const DARK_QUERY = '(prefers-color-scheme: dark)';

// The theme actually shown for a requested one ('auto' -> light or dark).
export function resolveTheme(name, win = globalThis.window) {
  if (name === 'auto' || !THEMES.includes(name)) {
    return win && win.matchMedia && win.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
  }
  return name;
}

// Applies `name` to root (and, for the full page, the document element) and
// keeps following the system while it is 'auto'. onChange(resolved) runs
// whenever the resolved theme changes. Returns a function that stops following.
export function applyTheme(root, name, { documentElement = null, onChange = () => {} } = {}) {
  const win = root.ownerDocument ? root.ownerDocument.defaultView : globalThis.window;
  const set = () => {
    const resolved = resolveTheme(name, win);
    if (root.dataset.theme === resolved) return;
    root.dataset.theme = resolved;
    if (documentElement) documentElement.dataset.theme = resolved;
    onChange(resolved);
  };
  set();
  if (name !== 'auto' || !win || !win.matchMedia) return () => {};
  const query = win.matchMedia(DARK_QUERY);
  query.addEventListener('change', set);
  return () => query.removeEventListener('change', set);
}

// "#rrggbb" or "#rgb" -> [r, g, b]; anything else -> fallback.
export function parseHex(text, fallback = [128, 128, 128]) {
  const s = String(text || '').trim();
  const m6 = /^#([0-9a-f]{6})$/i.exec(s);
  if (m6) return [0, 2, 4].map((i) => parseInt(m6[1].slice(i, i + 2), 16));
  const m3 = /^#([0-9a-f]{3})$/i.exec(s);
  if (m3) return [0, 1, 2].map((i) => parseInt(m3[1][i] + m3[1][i], 16));
  return fallback;
}

// A CSS value that follows the theme: for swatches and other HTML.
export function runVar(i) {
  return `var(--run-${i % RUN_COLOR_COUNT})`;
}

// What canvases need, read from the tokens in effect at `node` (which must be
// in the document, inside the app's root).
export function palette(node) {
  const style = getComputedStyle(node);
  const token = (name) => style.getPropertyValue(name).trim();
  const runs = Array.from({ length: RUN_COLOR_COUNT }, (_, i) => token(`--run-${i}`) || '#777777');
  return {
    theme: (node.closest && node.closest('[data-theme]') && node.closest('[data-theme]').dataset.theme) || 'light',
    classes: Array.from({ length: CLASS_COLOR_COUNT }, (_, c) => parseHex(token(`--class-${c}`))),
    neutral: parseHex(token('--heat-neutral'), [232, 234, 235]),
    missing: parseHex(token('--heat-missing'), [160, 160, 160]),
    runs,
    run: (i) => runs[i % runs.length],
    ink: token('--ink') || '#1f2328',
    background: token('--panel') || '#ffffff',
    muted: token('--muted') || '#5f6b76',
    line: token('--line') || '#dfe3e8',
    highlight: token('--highlight') || '#d6336c',
    axis: token('--chart-axis') || '#555555',
    grid: token('--chart-grid') || '#eeeeee',
    pointTrain: token('--point-train-stroke') || '#ffffff',
    pointTest: token('--point-test-stroke') || 'rgba(0,0,0,0.7)',
    plotInk: token('--plot-ink') || 'rgba(0,0,0,0.6)',
    plotHalo: token('--plot-halo') || 'rgba(255,255,255,0.8)',
    lineScale: Number(token('--line-scale')) || 1,
  };
}
