// The share and embed dialog (the masthead's link opens it): the link to
// exactly this state, an iframe snippet and a <bn-lab> snippet that reproduce
// what the reader sees, each with a copy button that works everywhere: the
// Clipboard API where the page may use it, else the text is selected and
// copied with execCommand, else the reader is asked to press Ctrl+C.
// A native modal <dialog>: focus moves in, Escape closes it, focus returns
// to the link that opened it.
import { el } from './dom.js';
import { copyText } from './export/copy.js';
import { t } from './i18n/index.js';
import { DEFAULT_PRESET, buildHash } from './state.js';
import { THEMES } from './theme.js';
import { SHOW_PARTS, widgetItems } from './widget-keys.js';

// A sensible iframe height for the parts shown, from the widget's preferred
// heights at 640 px wide: 445 (panels), 609 with the charts, 542 with the
// lesson; the views want 400 to 1100 more depending on the lesson, and scroll
// inside a shorter frame. Hosts that listen get the exact height anyway
// (resize messages, docs/EMBEDDING.md).
export const FRAME_HEIGHT = { base: 450, charts: 170, views: 400, columns: 560 };

export function frameHeight(parts) {
  let height = FRAME_HEIGHT.base;
  if (parts.includes('charts')) height += FRAME_HEIGHT.charts;
  if (parts.includes('views')) height += FRAME_HEIGHT.views;
  if (parts.includes('controls') || parts.includes('lesson')) height = Math.max(height, FRAME_HEIGHT.columns);
  return height;
}

// Text for an HTML attribute value in double quotes.
export function attr(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

let dialogs = 0;

export class ShareDialog {
  constructor(app) {
    this.app = app;
    this.opener = null;
    const id = `share-${++dialogs}`;
    this.titleId = `${id}-title`;
    this.closeButton = el('button', { type: 'button', className: 'share-close', 'aria-label': t('share.close') }, '×');
    this.closeButton.addEventListener('click', () => this.close());
    this.status = el('p', { className: 'share-status', role: 'status', 'aria-live': 'polite' });

    this.link = this.field(id, 'link', 'input', t('share.link'), t('share.linkHint'));
    this.frame = this.field(id, 'iframe', 'textarea', t('share.iframe'), t('share.iframeHint'));
    this.element = this.field(id, 'element', 'textarea', t('share.element'), t('share.elementHint'));

    this.parts = new Map();
    const partBoxes = SHOW_PARTS.map((part) => {
      const box = el('input', { type: 'checkbox', value: part, className: 'share-part' });
      this.parts.set(part, box);
      return el('label', {}, box, ' ', t(`share.part.${part}`));
    });
    this.lock = el('input', { type: 'checkbox', className: 'share-lock' });
    this.autoplay = el('input', { type: 'checkbox', className: 'share-autoplay' });
    this.theme = el('select', { id: `${id}-theme`, className: 'share-theme' },
      ...THEMES.map((name) => el('option', { value: name }, t(`share.theme.${name}`))));
    const options = el('fieldset', 'share-options',
      el('legend', {}, t('share.options')),
      el('div', 'share-parts', el('span', 'share-parts-label', t('share.parts')), ...partBoxes),
      el('label', {}, this.lock, ' ', t('share.lock')),
      el('label', {}, this.autoplay, ' ', t('share.autoplay')),
      el('div', 'share-theme-row', el('label', { for: `${id}-theme` }, t('share.theme')), this.theme));
    options.addEventListener('change', () => this.update());

    this.dialog = el('dialog', { className: 'share-dialog', 'aria-labelledby': this.titleId },
      el('div', 'share-head', el('h2', { id: this.titleId }, t('share.title')), this.closeButton),
      this.link.block, options, this.frame.block, this.element.block, this.status);
    this.dialog.addEventListener('close', () => {
      if (this.opener && this.opener.isConnected) this.opener.focus();
    });
    app.root.append(this.dialog);
  }

  // One labelled read-only text with its copy button.
  field(prefix, name, tag, label, hint) {
    const id = `${prefix}-${name}`;
    const input = el(tag, { id, readonly: true, spellcheck: 'false', className: 'share-text', ...(tag === 'textarea' ? { rows: 5 } : { type: 'text' }) });
    const copy = el('button', { type: 'button', className: 'small-button share-copy', 'aria-label': t('share.copyLabel', { what: label }) }, t('share.copy'));
    copy.addEventListener('click', () => this.copy(input));
    const block = el('section', `share-block share-${name}`,
      el('label', { for: id, className: 'share-label' }, label),
      el('p', 'share-hint', hint),
      el('div', 'share-row', input, copy));
    return { input, copy, block };
  }

  open(opener) {
    this.opener = opener || null;
    // The parts: a widget's own, or on the full page the charts, and the
    // views if the reader has some open (what the reader sees, made compact).
    const w = this.app.widget;
    const views = this.app.views ? this.app.views.currentRequest().names : [];
    const seen = w.embed ? w.show : ['charts', ...(views.length > 0 ? ['views'] : [])];
    for (const [part, box] of this.parts) box.checked = seen.includes(part);
    this.lock.checked = w.lock;
    this.autoplay.checked = w.autoplay;
    this.theme.value = w.theme;
    this.status.textContent = '';
    this.update();
    this.dialog.showModal();
    this.link.input.focus();
    this.link.input.select();
  }

  close() {
    this.dialog.close();
  }

  // The widget keys the snippets carry: the page's own (language, stop) and
  // the reader's choices here.
  widget() {
    return {
      ...this.app.widget,
      embed: true,
      show: SHOW_PARTS.filter((part) => this.parts.get(part).checked),
      lock: this.lock.checked,
      autoplay: this.autoplay.checked,
      theme: this.theme.value,
      origin: null,
    };
  }

  // The snippets for the current state and choices.
  snippets() {
    const app = this.app;
    const base = app.pageUrl.split('#')[0];
    const widget = this.widget();
    const preset = app.presets.find((p) => p.name === app.presetName);
    const title = t('share.frameTitle', { title: preset ? String(preset.title || preset.name) : app.presetName });
    const frame = `<iframe src="${attr(base + app.currentHash(widget))}" title="${attr(title)}" `
      + `width="100%" height="${frameHeight(widget.show)}" loading="lazy" allow="fullscreen"></iframe>`;
    // The element: preset and settings (a hash string: the settings that
    // differ from the preset, and the views) plus the widget keys as attributes.
    const settings = buildHash(DEFAULT_PRESET, app.changes,
      [...app.dataEditor.hashItems(), ...(app.views ? app.views.hashItems() : [])]).replace(/^#/, '');
    const attributes = [['preset', app.presetName], ...(settings ? [['settings', settings]] : []),
      ...widgetItems({ ...widget, embed: false })];
    const element = `<script type="module" src="${attr(new URL('bn-lab.js', base).href)}"></script>\n`
      + `<bn-lab ${attributes.map(([k, v]) => `${k}="${attr(v)}"`).join(' ')}></bn-lab>`;
    return { link: base + app.currentHash(), frame, element };
  }

  update() {
    const s = this.snippets();
    this.link.input.value = s.link;
    this.frame.input.value = s.frame;
    this.element.input.value = s.element;
  }

  // Copies a field's text (./export/copy.js); says how (data-copied:
  // clipboard, command or selected, for tests).
  async copy(input) {
    const how = await copyText(input);
    this.dialog.dataset.copied = how;
    this.status.textContent = how === 'selected' ? t('share.pressCopy') : t('share.copied');
    return how;
  }
}
