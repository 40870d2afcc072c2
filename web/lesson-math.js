// Formulas in the lessons' text (the engine's presets): `$...$` holds TeX,
// typeset by KaTeX, which is loaded only when a text has a formula (it is
// large; the inspector view loads the same module). Until it arrives, and
// if it fails, the TeX itself is shown, without the dollar signs. KaTeX's
// output carries MathML beside the HTML, which screen readers read; its CSS
// is a file (no inline styles: the page's CSP).
import { el } from './dom.js';

let katexModule = null;
let katexLoading = null;
function loadKatex() {
  katexLoading ||= import('./vendor/katex/katex.mjs').then((m) => { katexModule = m.default; return katexModule; });
  return katexLoading;
}

// Fetches KaTeX ahead of need (the full page, in idle time: web/main.js).
export function preloadMath() {
  // The two faces nearly every formula uses (their @font-face rules are in
  // the page's KaTeX stylesheet; a font loads only when asked for).
  const fonts = globalThis.document && document.fonts
    ? [document.fonts.load('1em KaTeX_Main'), document.fonts.load('italic 1em KaTeX_Math')].map((p) => p.catch(() => null)) : [];
  return Promise.all([loadKatex(), ...fonts]).catch(() => null);  // a later typesetMath() says 'plain'
}

// 'a $x^2$ b' -> [{text: 'a '}, {tex: 'x^2'}, {text: ' b'}]. A lone `$`
// (no closing one) stays text.
export function mathParts(text) {
  const parts = [];
  const re = /\$([^$]+)\$/g;
  let at = 0;
  const push = (s) => { if (s) parts.push({ text: s }); };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    push(text.slice(at, m.index));
    parts.push({ tex: m[1].trim() });
    at = m.index + m[0].length;
  }
  push(text.slice(at));
  return parts;
}

function render(katex, span) {
  // Our own text from the engine, never data: still, nothing trusted.
  katex.render(span.dataset.tex, span, { throwOnError: false, displayMode: false, output: 'htmlAndMathml', strict: 'ignore', trust: false });
  span.classList.add('is-typeset');
}

// Nodes for one paragraph: text, and a span per formula: typeset at once
// when KaTeX is already here (a lesson switch then lays the text out once:
// no layout shift), else its TeX until typesetMath() runs.
export function mathNodes(text) {
  return mathParts(text).map((p) => {
    if (p.tex === undefined) return p.text;
    const span = el('span', { className: 'lesson-math', dataset: { tex: p.tex } }, p.tex);
    if (katexModule) render(katexModule, span);
    return span;
  });
}

// Typesets every formula span under `root` (once KaTeX is there). Resolves
// when done; root.dataset.math says 'typeset', or 'plain' if KaTeX failed.
export async function typesetMath(root) {
  const spans = [...root.querySelectorAll('.lesson-math:not(.is-typeset)')];
  if (spans.length === 0) {
    if (root.querySelector('.lesson-math.is-typeset')) root.dataset.math = 'typeset';  // typeset as built
    return;
  }
  root.dataset.math = 'typesetting';
  let katex = null;
  try { katex = await loadKatex(); } catch { root.dataset.math = 'plain'; return; }
  for (const span of spans) {
    if (span.isConnected) render(katex, span);  // (else replaced by another lesson meanwhile)
  }
  root.dataset.math = 'typeset';
}
