// The keyboard help (the `?` key or the toolbar's help button): a modal
// dialog listing every shortcut and how settings apply, with a switch that
// turns the single-key shortcuts off (WCAG 2.1.4: speech-input users say
// words whose letters would otherwise fire them). A native <dialog>: focus
// moves in, Escape closes it, and focus goes back to where it was.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

const STORAGE_KEY = 'bnlab.shortcuts';

// [keys, description key] rows; other parts add theirs (e.g. PLOT_CURSOR_KEYS
// in ./plot-cursor.js, once a panel lets the learner place points).
export const SHORTCUTS = Object.freeze([
  ['help.keySpace', 'help.play'],
  ['S', 'help.step'],
  ['R', 'help.reset'],
  ['D', 'help.describe'],
  ['?', 'help.help'],
  ['help.keyTab', 'help.tab'],
  ['help.keyArrowsEnter', 'help.slider'],
  ['help.keyEscape', 'help.escape'],
]);

// Whether single-key shortcuts are on (remembered where storage is allowed).
export function shortcutsStored() {
  try { return globalThis.localStorage?.getItem(STORAGE_KEY) !== 'off'; } catch { return true; }
}

function store(on) {
  try { globalThis.localStorage?.setItem(STORAGE_KEY, on ? 'on' : 'off'); } catch { /* storage refused: this page only */ }
}

export class HelpOverlay {
  // host: where the dialog lives (the app's root); onShortcuts(on): the switch changed.
  constructor(host, { onShortcuts = () => {}, shortcutsOn = true, rows = SHORTCUTS } = {}) {
    this.onShortcuts = onShortcuts;
    this.returnTo = null;
    const keyText = (k) => (k.startsWith('help.') ? t(k) : k);
    this.table = el('table', 'help-table',
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('help.colKeys')), el('th', { scope: 'col' }, t('help.colAction')))),
      el('tbody'));
    this.addRows(rows, keyText);
    this.toggle = el('input', { type: 'checkbox', id: 'help-shortcuts', checked: shortcutsOn });
    this.toggle.addEventListener('change', () => {
      store(this.toggle.checked);
      this.onShortcuts(this.toggle.checked);
    });
    this.close = el('button', { type: 'button', className: 'text-button help-close' }, t('help.close'));
    this.close.addEventListener('click', () => this.hide());
    this.dialog = el('dialog', { className: 'help-dialog', 'aria-labelledby': 'help-title' },
      el('h2', { id: 'help-title' }, t('help.title')),
      el('p', {}, t('help.intro')),
      this.table,
      el('p', { className: 'help-toggle' }, el('label', { for: 'help-shortcuts' }, this.toggle, ' ', t('help.shortcutsSwitch'))),
      el('p', { className: 'help-note' }, t('help.screenReaders')),
      this.close);
    this.dialog.addEventListener('close', () => this.restoreFocus());
    // A click on the backdrop (outside the dialog's box) closes it too.
    this.dialog.addEventListener('click', (e) => { if (e.target === this.dialog) this.hide(); });
    host.append(this.dialog);
  }

  addRows(rows, keyText = (k) => (k.startsWith('help.') ? t(k) : k)) {
    const body = this.table.tBodies[0];
    for (const [keys, action] of rows) body.append(el('tr', {}, el('td', {}, el('kbd', {}, keyText(keys))), el('td', {}, t(action))));
  }

  isOpen() {
    return this.dialog.open;
  }

  show(returnTo) {
    if (this.dialog.open) return;
    this.returnTo = returnTo || null;
    this.dialog.showModal();
    this.close.focus();
  }

  hide() {
    if (this.dialog.open) this.dialog.close();
  }

  toggleOpen(returnTo) {
    if (this.dialog.open) this.hide();
    else this.show(returnTo);
  }

  restoreFocus() {
    const target = this.returnTo;
    this.returnTo = null;
    if (target && target.isConnected && typeof target.focus === 'function') target.focus();
  }
}
