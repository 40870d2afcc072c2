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

// Nodes for one paragraph: text, and a span per formula (its TeX until typeset).
export function mathNodes(text) {
  return mathParts(text).map((p) => (p.tex === undefined ? p.text : el('span', { className: 'lesson-math', dataset: { tex: p.tex } }, p.tex)));
}

// Typesets every formula span under `root` (once KaTeX is there). Resolves
// when done; root.dataset.math says 'typeset', or 'plain' if KaTeX failed.
export async function typesetMath(root) {
  const spans = [...root.querySelectorAll('.lesson-math:not(.is-typeset)')];
  if (spans.length === 0) return;
  root.dataset.math = 'typesetting';
  let katex = null;
  try { katex = await loadKatex(); } catch { root.dataset.math = 'plain'; return; }
  for (const span of spans) {
    if (!span.isConnected) continue;  // replaced by another lesson meanwhile
    // Our own text from the engine, never data: still, nothing trusted.
    katex.render(span.dataset.tex, span, { throwOnError: false, displayMode: false, output: 'htmlAndMathml', strict: 'ignore', trust: false });
    span.classList.add('is-typeset');
  }
  root.dataset.math = 'typeset';
}
