// Every string a learner reads lives in web/i18n/ (one table per language):
// this walks every module in web/ with a JavaScript parser and fails on a
// string literal that looks like words for people (two words, or a
// capitalized word) outside the i18n tables, unless its place says it is not
// text for people (a CSS class, a selector, an event, an import, a key...).
// It also checks that every key the code asks t() for exists in English and
// that German only translates keys English has, with the same placeholders.
// No browser: plain Node, parsing the source.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'acorn';
import de from '../../web/i18n/de.js';
import en from '../../web/i18n/en.js';
import { ROOT } from './helpers.mjs';

const WEB = join(ROOT, 'web');
const SKIP_DIRS = new Set(['i18n', 'vendor', 'wasm']);

// Files whose words are not (yet) in the tables, and why. Each is a known,
// owned exception, not a blind spot: the test still parses them, and a file
// that no longer needs its entry makes the test fail (so the list shrinks).
const FILE_EXCEPTIONS = {
  // Validation messages name a key and its allowed values, like the engine's
  // own (which arrive in English from C++ and are shown as they are).
  'web/widget-keys.js': 'validation messages, in English like the engine\'s',
  // Developer-facing: errors from the worker protocol and the engine's loader
  // reach the page only through messages.* keys with {detail}.
  'web/worker.js': 'engine errors (English, like the engine\'s)',
  'web/element/engine.js': 'the engine frame\'s start-up errors (English, like the engine\'s; shown through messages.* with {detail})',
  // Replies to host pages' scripts (iframe protocol 1, window.bnlab): for
  // developers, in English like the engine's messages they pass on.
  'web/embed/frame-messages.js': 'protocol replies to host scripts',
  'web/embed/settings.js': 'protocol replies to host scripts (the set command)',
  'web/runs/ops.js': 'script API replies (setRun and its kin)',
  'web/export/view-keys.js': 'validation messages of page keys, in English like the widget keys\' and the engine\'s',
};

// Calls whose string arguments are never text for people.
const CODE_CALLS = new Set(['querySelector', 'querySelectorAll', 'closest', 'matches', 'addEventListener', 'removeEventListener',
  'getPropertyValue', 'setProperty', 'removeProperty', 'matchMedia', 'getContext', 'createElement', 'createElementNS', 'add', 'remove',
  'toggle', 'contains', 't', 'getAttribute', 'hasAttribute', 'removeAttribute', 'toggleAttribute', 'call', 'postMessage', 'import',
  'log', 'warn', 'error', 'debug', 'info', 'has', 'get', 'set', 'delete', 'startsWith', 'endsWith', 'includes', 'split', 'join',
  'replace', 'padStart', 'padEnd', 'toLocaleString', 'mark', 'measure', 'observe', 'supports',
  'load']);  // (document.fonts.load takes a CSS font)
// Attributes and properties that carry text for people.
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'text', 'textContent', 'innerText', 'ariaLabel', 'caption']);
// Object property keys whose values are code, never text.
const CODE_KEYS = new Set(['className', 'class', 'id', 'type', 'role', 'name', 'kind', 'key', 'for', 'href', 'font', 'd', 'viewBox',
  'mode', 'inputmode', 'value', 'section', 'method', 'event', 'dataset', 'focusable', 'aria-live', 'aria-hidden', 'aria-atomic',
  'aria-pressed', 'aria-expanded', 'aria-controls', 'aria-haspopup', 'aria-keyshortcuts', 'aria-labelledby', 'aria-describedby', 'scope']);

// Single strings known not to be text for people, by file.
const STRING_EXCEPTIONS = {
  'web/a11y/commit.js': ['input[type="range"], input[type="number"], select'],  // a selector
  'web/app.js': ['no preset',  // an internal marker, never shown
    'the training engine is not running', 'refused by the engine'],  // applySettings' replies to host scripts
  'web/engine-client.js': ['the training engine was stopped'],  // a rejected call's error (shown through messages.* with {detail})
  'web/runs/index.js': ['the training engine is not running', 'refused by the engine',  // script API replies
    'settings: {} is not an object (allowed: {"dotted.key": value, ...})', 'compare: {} is not a knob (allowed: {})'],
  'web/element/engine-port.js': ['BN Lab engine'],  // the hidden engine frame's title (aria-hidden, never focused)
  'web/embed/fit.js': ['.stats, .milestone, .counter, .toolbar, .diverged-banner, canvas, .u-wrap, .u-legend'],  // a selector
  'web/export/files.js': ['bnlab run --config {}{}'],  // a command line
  'web/export/picture.js': ['system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'],  // a font stack
  'web/panels.js': ['panel-{}-title'],  // an id
  'web/runs/editor.js': ['run{}-name'],  // an id
  // The snippets a teacher copies: HTML code.
  'web/share-dialog.js': ['<iframe src="{}" title="{}" ', 'width="100%" height="{}" loading="lazy" allow="fullscreen"></iframe>',
    '<script type="module" src="{}"></script>\n', '<bn-lab {}></bn-lab>'],
};

const looksLikeWords = (text) => {
  const s = text.replace(/\{\}/g, ' ').trim();
  if (!/[A-Za-zÀ-ɏ]{2}/.test(s)) return false;
  if (/^(NaN|Infinity)$/.test(s)) return false;  // numbers' names, the same in every language
  if (/^[a-z][\w-]*(\.[\w-]+)+$/i.test(s)) return false;  // a dotted key (i18n, config)
  if (/^--[\w-]+$/.test(s) || /^\(.*\)$/.test(s)) return false;  // a CSS property or media query
  if (/^[a-z]+:\/\//.test(s) || /\\[a-zA-Z]+/.test(s)) return false;  // a URL, TeX
  if (/^[MmLlHhVvCcSsQqTtAaZz0-9 .,\-]+$/.test(s)) return false;  // an SVG path
  if (/^[\w.-]+\.(m?js|css|wasm|json|html)$/.test(s) || /^\.{0,2}\//.test(s)) return false;  // a file
  if (/(^|\s)(var\(|rgb|px\b|#[0-9a-f]{3})/i.test(s)) return false;  // CSS values
  const words = s.split(/\s+/).filter((w) => /[A-Za-zÀ-ɏ]{2}/.test(w));
  return words.length >= 2 || /^[A-Z][a-zß-ÿ]+[.!?:]?$/.test(words[0] || '');
};

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) { if (!SKIP_DIRS.has(entry.name)) yield* jsFiles(join(dir, entry.name)); }
    else if (entry.name.endsWith('.js')) yield join(dir, entry.name);
  }
}

// Every node with its parent chain (a generic walk: no node type is missed).
function walk(node, parents, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node, parents);
  const next = [node, ...parents];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) for (const child of value) walk(child, next, visit);
    else if (value && typeof value.type === 'string') walk(value, next, visit);
  }
}

const calleeName = (call) => (call.callee.type === 'Identifier' ? call.callee.name
  : call.callee.type === 'MemberExpression' && !call.callee.computed ? call.callee.property.name : '');

// Whether the string at `node` (with its parents) is code rather than text.
function isCode(node, parents) {
  const [parent, grand] = parents;
  if (!parent) return false;
  if (['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].includes(parent.type)) return true;
  if (parent.type === 'Property' && parent.key === node && !parent.computed) return true;
  if (parent.type === 'Property' && parent.value === node) {
    const key = parent.key.name ?? parent.key.value;
    if (TEXT_ATTRIBUTES.has(key)) return false;
    if (CODE_KEYS.has(key) || String(key).startsWith('data-')) return true;
  }
  if (parent.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(parent.operator)) return true;
  if (parent.type === 'SwitchCase') return true;
  if (parent.type === 'MemberExpression' && parent.property === node) return true;
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') {
    const prop = parent.left.property.name;
    if (TEXT_ATTRIBUTES.has(prop)) return false;
    if (['className', 'font', 'id', 'type', 'value', 'cssText'].includes(prop)) return true;
    if (parent.left.object.type === 'MemberExpression' && parent.left.object.property.name === 'style') return true;
  }
  // A call: el(tag, 'class names', ...children), setAttribute('aria-label', text), code calls.
  const call = parent.type === 'CallExpression' || parent.type === 'NewExpression' ? parent : null;
  if (call) {
    const name = calleeName(call);
    const index = call.arguments.indexOf(node);
    if (name === 'setAttribute') return index === 0 || !TEXT_ATTRIBUTES.has(call.arguments[0].value);
    if (name === 'el' || name === 'svg') return index <= 1 && !(name === 'svg' && index === 2);
    if (CODE_CALLS.has(name)) return true;
    if (call.type === 'NewExpression' && ['Error', 'TypeError', 'RangeError', 'Event', 'CustomEvent', 'URL', 'Worker', 'RegExp', 'Set', 'Map'].includes(name)) return true;
  }
  // A string in a template or concatenation takes its place from the whole.
  if (parent.type === 'TemplateLiteral' || parent.type === 'BinaryExpression' || parent.type === 'ConditionalExpression' || parent.type === 'LogicalExpression') {
    return isCode(parent, parents.slice(1));
  }
  if (parent.type === 'ArrayExpression' && grand) return isCode(parent, parents.slice(1));
  return false;
}

function scan(file) {
  const source = readFileSync(file, 'utf8');
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const found = [];
  const keys = [];
  walk(ast, [], (node, parents) => {
    if (node.type === 'CallExpression' && calleeName(node) === 't' && node.arguments[0]) {
      const a = node.arguments[0];
      if (a.type === 'Literal') keys.push({ key: a.value, line: a.loc.start.line });
      else if (a.type === 'TemplateLiteral') keys.push({ prefix: a.quasis[0].value.cooked, line: a.loc.start.line });
    }
    let text = null;
    if (node.type === 'Literal' && typeof node.value === 'string') text = node.value;
    else if (node.type === 'TemplateLiteral') text = node.quasis.map((q) => q.value.cooked).join('{}');
    if (text === null || parents[0]?.type === 'TemplateLiteral' && node.type === 'TemplateElement') return;
    if (parents[0]?.type === 'TaggedTemplateExpression') return;
    if (looksLikeWords(text) && !isCode(node, parents)) found.push({ line: node.loc.start.line, text });
  });
  return { found, keys };
}

const files = [...jsFiles(WEB)].map((f) => ({ path: relative(ROOT, f), ...scan(f) }));

test('no learner-visible string literal outside web/i18n/', () => {
  const bad = [];
  const exceptionsUsed = new Set();
  for (const f of files) {
    if (Object.hasOwn(FILE_EXCEPTIONS, f.path)) {
      if (f.found.length > 0) exceptionsUsed.add(f.path);
      continue;
    }
    const allowed = STRING_EXCEPTIONS[f.path] || [];
    for (const s of f.found) if (!allowed.includes(s.text)) bad.push(`${f.path}:${s.line}: ${JSON.stringify(s.text.slice(0, 80))}`);
  }
  assert.deepEqual(bad, [], `strings for learners belong in web/i18n/en.js (looked up with t()):\n${bad.join('\n')}`);
  const stale = Object.keys(FILE_EXCEPTIONS).filter((p) => !exceptionsUsed.has(p));
  assert.deepEqual(stale, [], 'these files no longer need their exception: remove them from FILE_EXCEPTIONS');
});

test('the scanner finds words where they are (it can fail)', () => {
  // Parsed the same way as the page's modules.
  const probe = (code) => {
    const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    const hits = [];
    walk(ast, [], (node, parents) => {
      if (node.type === 'Literal' && typeof node.value === 'string' && looksLikeWords(node.value) && !isCode(node, parents)) hits.push(node.value);
    });
    return hits;
  };
  assert.deepEqual(probe(`el('p', 'view-note', 'No run has batch norm.')`), ['No run has batch norm.']);
  assert.deepEqual(probe(`node.setAttribute('aria-label', 'Decision boundary')`), ['Decision boundary']);
  assert.deepEqual(probe(`b.title = 'Reset the run'`), ['Reset the run']);
  assert.deepEqual(probe(`const o = { label: 'Learning rate' }`), ['Learning rate']);
  assert.deepEqual(probe(`el('div', 'toolbar-field toggles'); node.addEventListener('change', f); x.querySelector('.a .b'); import('./x.js');`), []);
  assert.deepEqual(probe(`el('p', {}, t('lesson.custom'))`), []);
});

test('every key the page asks for exists in English; German has no others, with the same placeholders', () => {
  const missing = [];
  for (const f of files) {
    for (const k of f.keys) {
      if (k.key !== undefined && !Object.hasOwn(en, k.key)) missing.push(`${f.path}:${k.line}: ${k.key}`);
      if (k.prefix !== undefined && !Object.keys(en).some((key) => key.startsWith(k.prefix))) missing.push(`${f.path}:${k.line}: ${k.prefix}*`);
    }
  }
  assert.deepEqual(missing, [], 'keys missing from web/i18n/en.js');
  assert.ok(files.reduce((n, f) => n + f.keys.length, 0) > 150, 'the page looks its strings up');
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, text] of Object.entries(de)) {
    assert.ok(Object.hasOwn(en, key), `de.js has ${key}, which en.js does not`);
    assert.deepEqual(placeholders(text), placeholders(en[key]), `${key}: the same {placeholders} in German and English`);
  }
  // German covers at least the toolbar and the messages (the mechanism's
  // proof), the runs' own settings in the panels, the take-away bar and
  // picture, and the settings' names (their labels in the panels' headers).
  const GERMAN = ['toolbar.', 'messages.', 'runs.', 'export.', 'label.', 'controls.'];
  for (const key of Object.keys(en).filter((k) => GERMAN.some((prefix) => k.startsWith(prefix)))) {
    assert.ok(Object.hasOwn(de, key), `de.js translates ${key}`);
  }
});
