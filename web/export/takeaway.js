// The take-away bar under the panels: the panels as a picture (PNG, print
// resolution), the curves (CSV, the CLI's format), the experiment (a config
// file for `bnlab run --config`) and a link to this exact state, copied
// wherever the page runs (./copy.js). The bar's data-* attributes say what
// it did last (for tests): data-saved (file name), data-copied (how),
// data-side (the picture's grid cells per panel side).
import { el } from '../dom.js';
import { t } from '../i18n/index.js';
import { copyText } from './copy.js';
import { FILES, cliCommand, configFileOf, curvesOf, saveBlob } from './files.js';
import { panelsPicture } from './picture.js';

export class Takeaway {
  // after: the node the bar follows (the panels).
  constructor(app, after) {
    this.app = app;
    const button = (name, onClick) => {
      const b = el('button', { type: 'button', className: `small-button takeaway-${name}`, title: t(`export.${name}Title`) }, t(`export.${name}`));
      b.addEventListener('click', () => this.run(b, onClick));
      return b;
    };
    this.buttons = [
      button('picture', () => this.savePicture()),
      button('curves', () => this.saveCurves()),
      button('config', () => this.saveConfig()),
      button('link', () => this.copyLink()),
    ];
    // Shown only when the clipboard is refused: the link, selected.
    this.linkField = el('input', { type: 'text', readonly: true, spellcheck: 'false', className: 'takeaway-link-text', 'aria-label': t('export.linkField'), hidden: true });
    this.status = el('p', { className: 'takeaway-status', role: 'status', 'aria-live': 'polite' });
    this.hint = el('p', 'takeaway-hint');
    this.root = el('div', { className: 'takeaway', role: 'group', 'aria-label': t('export.label') },
      el('span', 'takeaway-label', t('export.label')), ...this.buttons, this.linkField, this.status, this.hint);
    after.after(this.root);
  }

  // One action at a time; a failure is said in the bar, never thrown.
  async run(button, action) {
    if (this.busy) return;
    this.busy = true;
    for (const b of this.buttons) b.disabled = true;
    try {
      await action();
    } catch (err) {
      this.say(t('export.failed', { detail: String(err && err.message ? err.message : err) }));
    } finally {
      this.busy = false;
      for (const b of this.buttons) b.disabled = false;
    }
  }

  say(text) {
    this.status.textContent = text;
  }

  saved(name) {
    this.root.dataset.saved = name;
  }

  async savePicture() {
    this.say(t('export.drawing'));
    const picture = await panelsPicture(this.app);
    if (picture.error) { this.say(picture.error); return; }
    saveBlob(this.app.root, FILES.picture, picture.blob);
    this.saved(FILES.picture);
    this.root.dataset.side = String(picture.side);  // cells per panel side the engine computed
    this.say(t('export.pictureSaved', { width: picture.width, height: picture.height, step: picture.step }));
  }

  async saveCurves() {
    const curves = await curvesOf(this.app);
    saveBlob(this.app.root, FILES.curves, new Blob([curves.text], { type: 'text/csv' }));
    this.saved(FILES.curves);
    this.say(t('export.curvesSaved', { rows: curves.rows, every: curves.every }));
  }

  async saveConfig() {
    const text = configFileOf(this.app);
    if (!text) return;
    saveBlob(this.app.root, FILES.config, new Blob([text], { type: 'application/json' }));
    this.saved(FILES.config);
    this.say(t('export.configSaved'));
    this.showHint();
  }

  // The command line that reproduces the experiment (custom data: with the data CSV).
  showHint() {
    const config = this.app.config;
    const custom = config && config.data && config.data.name === 'custom';
    this.hint.textContent = t(custom ? 'export.cliHintData' : 'export.cliHint', { command: cliCommand(config) });
  }

  async copyLink() {
    const url = this.app.pageUrl.split('#')[0] + this.app.currentHash();
    const how = await copyText(this.linkField, url);
    this.root.dataset.copied = how;
    this.say(how === 'selected' ? t('share.pressCopy') : t('share.copied'));
  }
}
