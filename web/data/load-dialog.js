// The load dialog: paste CSV text or choose a file, then Load. The first
// problem is shown here with its line, and nothing is applied (the old data
// keeps training). A file is passed on as bytes, so invalid UTF-8 is reported
// with its line; a huge paste or file is refused by its size before anything
// is copied to the engine.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';
import { utf8Bytes } from './download.js';

// Pastes longer than this are checked against the engine's size limit before
// they reach the text box (a 50 MB paste would freeze the page there).
const PASTE_CHECK_CHARS = 100000;

export class LoadDialog {
  // root: where to build (the app's root); load(textOrBytes) -> Promise<{ok, error}>;
  // sizeError(bytes) -> Promise<'' | message>
  constructor(root, { load, sizeError }) {
    this.load = load;
    this.sizeError = sizeError;
    this.text = el('textarea', { className: 'data-dialog-text', rows: '10', spellcheck: 'false', 'aria-label': t('data.dialogPaste'), placeholder: 'x1,x2,label\n0.5,-1.2,0\n…' });
    this.file = el('input', { type: 'file', className: 'data-dialog-file', accept: '.csv,.txt,text/csv,text/plain', 'aria-label': t('data.dialogFile') });
    this.error = el('p', { className: 'data-dialog-error', role: 'alert', hidden: true });
    this.loadButton = el('button', { type: 'button', className: 'small-button data-dialog-load' }, t('data.dialogLoad'));
    this.cancelButton = el('button', { type: 'button', className: 'small-button data-dialog-cancel' }, t('data.dialogCancel'));
    const title = el('h2', { className: 'data-dialog-title', id: 'data-dialog-title' }, t('data.dialogTitle'));
    this.dialog = el('dialog', { className: 'data-dialog', 'aria-labelledby': 'data-dialog-title' },
      title,
      el('p', 'data-dialog-help', t('data.dialogHelp')),
      el('label', 'data-dialog-field', t('data.dialogPaste'), this.text),
      el('label', 'data-dialog-field', t('data.dialogFile'), this.file),
      this.error,
      el('div', 'data-dialog-buttons', this.loadButton, this.cancelButton));
    root.append(this.dialog);
    this.text.addEventListener('paste', (e) => this.paste(e));
    this.text.addEventListener('input', () => { this.file.value = ''; });
    this.loadButton.addEventListener('click', () => this.submit());
    this.cancelButton.addEventListener('click', () => this.dialog.close());
  }

  open() {
    this.showError('');
    if (!this.dialog.open) this.dialog.showModal();
    this.text.focus();
  }

  showError(text) {
    this.error.hidden = !text;
    this.error.textContent = text;
  }

  paste(e) {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (text.length <= PASTE_CHECK_CHARS) return;
    e.preventDefault();
    const { selectionStart, selectionEnd } = this.text;
    utf8Bytes(text).then((bytes) => this.sizeError(bytes)).then((error) => {
      if (error) { this.showError(error); return; }
      this.showError('');
      this.text.setRangeText(text, selectionStart, selectionEnd, 'end');
    });
  }

  async submit() {
    this.loadButton.disabled = true;
    try {
      let input = this.text.value;
      const file = this.file.files && this.file.files[0];
      if (file) {
        const error = await this.sizeError(file.size);
        if (error) { this.showError(error); return; }
        input = new Uint8Array(await file.arrayBuffer());
      } else if (input.trim() === '') {
        this.showError(t('data.dialogEmpty'));
        return;
      }
      const result = await this.load(input);
      if (!result.ok) { this.showError(result.error); return; }
      this.showError('');
      this.dialog.close();
    } finally {
      this.loadButton.disabled = false;
    }
  }
}
