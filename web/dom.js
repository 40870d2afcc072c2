// The page's one set of DOM helpers: elements built with text only (never
// markup, so nothing a link or a file carries is ever parsed as HTML), SVG
// elements, and number formatting shared by panels, controls and views.
const SVG_NS = 'http://www.w3.org/2000/svg';

// el('p', 'class-name', 'text') or el('input', {type: 'checkbox', id: 'x'}, child...).
// props: a class name, or an object of attributes where `className`, `text`,
// `hidden`, `dataset` and `on` ({event: handler}) are handled specially.
// children: strings (as text) and nodes; null/undefined are skipped.
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  apply(node, props);
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function apply(node, props) {
  if (props === undefined || props === null || props === '') return;
  if (typeof props === 'string') {
    node.className = props;
    return;
  }
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'hidden') node.hidden = Boolean(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

// A number for people: up to `digits` decimals, exponent form when tiny or huge.
export function fmt(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
}

export function formatLoss(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v >= 100 ? v.toExponential(2) : v.toFixed(3);
}

export function formatAcc(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(1)}%`;
}
