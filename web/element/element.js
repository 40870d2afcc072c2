// The <bn-lab> custom element itself (docs/DESIGN.md, "Embedding"; the
// teacher's guide is docs/EMBEDDING.md), loaded by ./bn-lab.js, which
// bundles to the root of dist/ (scripts/build-element.mjs):
//
//   <script type="module" src="https://bnlab.example/bn-lab.js"></script>
//   <bn-lab preset="covariate-shift" settings="train.learning_rate=0.3&seed=7" show="charts"></bn-lab>
//
// Attributes: the widget keys (web/widget-keys.js) plus `preset` and
// `settings` (a hash string); a change applies like a hash change. Methods
// status(), play(), pause(), step(n), reset() (and, as in window.bnlab,
// messages(), config(), hash()); events bnlab-ready and
// bnlab-status with the status as detail. Each element mounts its own App
// (web/app.js, its own worker) in its own shadow root, only once it is
// scrolled into view, and pauses while out of view or while the tab is hidden,
// resuming what it was doing. An element is a widget: embed=1 unless embed="0".
import { App } from '../app.js';
import { setWorkerFactory } from '../engine-client.js';
import { setLanguage, t } from '../i18n/index.js';
import { parseHash } from '../state.js';
import { resolveTheme } from '../theme.js';
import { WIDGET_KEYS, isWidgetKey, parseWidgetKeys } from '../widget-keys.js';
import { elementStyleSheet, registerKatexFonts } from './styles.js';

// BN Lab's dist/ (where bn-lab.js is) and the engine frame's preload: set
// by defineBnLab(), from bn-lab.js (this file ends up in a chunk; the engine
// port stays in bn-lab.js alone, so that nothing delays the frame).
let BASE = null;
let preloadEngine = () => {};

const STATE_ATTRIBUTES = ['preset', 'settings'];
// Starts a little before the element scrolls in, so it is ready when seen.
const VIEW_MARGIN = '100px';

// The element's state source (like web/location-state.js for the page): the
// hash text built from the attributes; the app writes its own changes back
// here (not into the attributes); an attribute change replaces the state.
class AttributeState {
  constructor(element) {
    this.element = element;
    this.listeners = new Set();
    this.current = element.hashFromAttributes();
  }

  read() { return this.current; }

  write(hash) { this.current = hash; }

  subscribe(listener) { this.listeners.add(listener); }

  reload() {
    this.current = this.element.hashFromAttributes();
    for (const listener of this.listeners) listener();
  }
}

// The hash's items that are (keep) or are not widget keys.
function withoutWidgetKeys(hash, { keep = false } = {}) {
  return String(hash).replace(/^#/, '').split('&').filter((item) => {
    if (!item) return false;
    let key = item.split('=')[0];
    try { key = decodeURIComponent(key); } catch { /* left as it is: parseHash reports it */ }
    return isWidgetKey(key) === keep;
  }).join('&');
}

// One observer for every element on the page.
let observer = null;
function viewObserver() {
  if (!observer) {
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) entry.target.inView(entry.isIntersecting);
    }, { rootMargin: VIEW_MARGIN });
  }
  return observer;
}

export class BnLabElement extends HTMLElement {
  static get observedAttributes() { return [...STATE_ATTRIBUTES, ...WIDGET_KEYS]; }

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    this.shadow.adoptedStyleSheets = [elementStyleSheet()];
    this.app = null;
    this.source = null;
    this.visible = false;
    this.autoPaused = false;  // paused by us (out of view, hidden tab), to resume
    this.playWanted = false;  // play() before the engine started
    this.announced = false;
    this.onVisibility = () => this.runWhenSeen();
  }

  connectedCallback() {
    clearTimeout(this.teardownTimer);
    preloadEngine();
    if (!this.app) this.showIdle();
    viewObserver().observe(this);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  disconnectedCallback() {
    viewObserver().unobserve(this);
    document.removeEventListener('visibilitychange', this.onVisibility);
    // Moved within the page: connectedCallback follows at once. Removed: stop.
    this.teardownTimer = setTimeout(() => { if (!this.isConnected) this.stop(); }, 0);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.app) return;  // read at start
    if (STATE_ATTRIBUTES.includes(name)) this.source.reload();
    else this.rebuild();  // a widget key changes which parts exist
  }

  // ---- the state ------------------------------------------------------------

  // settings (a hash string), then preset, then the widget-key attributes:
  // later items win, so an attribute beats the same key inside settings.
  hashFromAttributes() {
    const items = [];
    const settings = this.getAttribute('settings');
    if (settings) items.push(settings.trim().replace(/^#/, ''));
    const pair = (key, value) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
    if (this.hasAttribute('preset')) items.push(pair('preset', this.getAttribute('preset')));
    for (const key of WIDGET_KEYS) {
      if (this.hasAttribute(key)) items.push(pair(key, this.getAttribute(key)));
    }
    return items.filter(Boolean).join('&');
  }

  widgetKeys() {
    const items = parseHash(this.hashFromAttributes()).widget;
    if (!items.some(([key]) => key === 'embed')) items.unshift(['embed', '1']);
    return parseWidgetKeys(items);
  }

  // ---- life cycle -------------------------------------------------------------

  showIdle() {
    const { widget } = this.widgetKeys();
    setLanguage(widget.lang);
    const idle = document.createElement('div');
    idle.className = 'bnlab bnlab-idle';
    idle.dataset.theme = resolveTheme(widget.theme);
    idle.textContent = t('element.waiting');
    this.shadow.replaceChildren(idle);
  }

  inView(visible) {
    this.visible = visible;
    if (visible && !this.app) this.start();
    else this.runWhenSeen();
  }

  // Out of view or in a hidden tab: pause, and resume once seen again.
  runWhenSeen() {
    const app = this.app;
    if (!app) return;
    const seen = this.visible && document.visibilityState !== 'hidden';
    if (!seen && app.playing) {
      this.autoPaused = true;
      app.pause();
    } else if (seen && this.autoPaused) {
      this.autoPaused = false;
      app.play();
    }
  }

  start() {
    const { widget, errors } = this.widgetKeys();
    setLanguage(widget.lang);
    registerKatexFonts(new URL('web/vendor/katex/', BASE));
    performance.mark('bnlab:element-start', { detail: { element: this.id } });
    const root = document.createElement('div');
    root.className = 'is-starting';
    root.lang = widget.lang;
    this.shadow.replaceChildren(root);
    this.source = new AttributeState(this);
    const app = new App(root, { source: this.source, widget, keyTarget: root });
    this.app = app;
    performance.mark('bnlab:app-built', { detail: { element: this.id, client: app.engine.id } });
    this.announced = false;
    app.onStatus((status, reason) => {
      if (reason === 'ready') root.classList.remove('is-starting');
      if (reason === 'ready' && !this.announced) {
        this.announced = true;
        this.emit('bnlab-ready', status);
        if (this.playWanted) { this.playWanted = false; this.play(); }
        return;
      }
      this.emit('bnlab-status', status);
    });
    app.start().then(() => {
      for (const e of errors) app.messages.add(t('element.attribute', { text: e }));
    });
  }

  // A widget key changed: a new layout (and engine), keeping the state so
  // far (preset, settings, views) with the attributes' widget keys.
  rebuild() {
    const kept = this.source ? withoutWidgetKeys(this.source.read()) : '';
    this.stop();
    if (!this.visible) return;
    this.start();
    const widgetItems = withoutWidgetKeys(this.hashFromAttributes(), { keep: true });
    this.source.current = [kept, widgetItems].filter(Boolean).join('&');
  }

  stop() {
    if (this.app) this.app.destroy();
    this.app = null;
    this.autoPaused = false;
    if (this.isConnected) this.showIdle();
  }

  emit(type, status) {
    this.dispatchEvent(new CustomEvent(type, { detail: status, bubbles: true, composed: true }));
  }

  // ---- methods (the same as window.bnlab's) -----------------------------------

  status() {
    if (this.app) return this.app.status();
    return { ready: false, playing: false, step: 0, epoch: 0, preset: parseHash(this.hashFromAttributes()).preset || 'default', runs: [] };
  }

  async play() {
    this.autoPaused = false;
    if (!this.app || !this.app.ready) { this.playWanted = true; return false; }
    await this.app.play();
    return true;
  }

  async pause() {
    this.autoPaused = false;
    this.playWanted = false;
    if (!this.app) return false;
    await this.app.pause();
    return true;
  }

  async step(n = 1) {
    if (!this.app || !this.app.ready) return false;
    await this.app.step(n);
    return true;
  }

  async reset() {
    if (!this.app || !this.app.ready) return false;
    await this.app.reset();
    return true;
  }

  // Extensions, as in window.bnlab: the messages shown, the running config,
  // the state as hash text.
  messages() { return this.app ? this.app.messages.texts() : []; }

  config() { return this.app && this.app.config ? JSON.parse(JSON.stringify(this.app.config)) : null; }

  hash() { return this.app ? this.app.currentHash() : this.hashFromAttributes(); }
}

// Defines <bn-lab> (once): BN Lab's files are found from `base` (dist/);
// preload() inserts the engine frame; workerFactory starts a worker through it.
export function defineBnLab({ base, preload, workerFactory }) {
  if (customElements.get('bn-lab')) return;
  BASE = base;
  preloadEngine = preload;
  setWorkerFactory(workerFactory);
  customElements.define('bn-lab', BnLabElement);
}
