// Small DOM helpers for the views: elements with text only (never markup),
// SVG elements, and number formatting.
const SVG_NS = 'http://www.w3.org/2000/svg';

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

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

export function fmt(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
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
