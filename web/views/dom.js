// The views' own DOM helpers (a view's frame, its selects, a spread), on top
// of the page's one el()/svg()/fmt() in ../dom.js, re-exported for the views.
import { el } from '../dom.js';

export { el, fmt, svg } from '../dom.js';

// A view's frame: a titled section with a caption under the title.
export function viewFrame(name, title, caption) {
  const root = el('section', `view view-${name}`);
  root.dataset.view = name;
  root.setAttribute('aria-label', title);
  const head = el('header', 'view-header');
  head.append(el('h3', 'view-title', title));
  if (caption) head.append(el('p', 'view-caption', caption));
  root.append(head);
  return root;
}

export function std(xs) {
  if (!xs.length) return null;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length);
}

export function labeledSelect(label, onChange) {
  const wrap = el('label', 'view-field');
  wrap.append(el('span', '', label));
  const select = el('select');
  select.addEventListener('change', () => onChange(select.value));
  wrap.append(select);
  return { wrap, select };
}

export function fillSelect(select, options, value) {
  select.replaceChildren(...options.map(([v, text]) => {
    const o = el('option', '', text);
    o.value = String(v);
    return o;
  }));
  if (value !== null && value !== undefined) select.value = String(value);
}
