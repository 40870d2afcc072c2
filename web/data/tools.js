// The data tools above the panels: add / erase (one pressed at a time, or
// none: the panels are then only looked at), the class to add, clear all,
// load a CSV, download the data, and one status line that says what the
// networks train on. It reports what the learner asks for and shows what it
// is told; DataEditor (./editor.js) decides.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

export class DataTools {
  // on: {mode('add'|'erase'|'off'), label(k), addClass(), clear(), load(), download()}
  constructor(container, on, maxClasses) {
    this.container = container;
    this.maxClasses = maxClasses;
    this.on = on;
    container.setAttribute('role', 'toolbar');
    container.setAttribute('aria-label', t('data.toolsLabel'));
    this.addButton = el('button', { type: 'button', className: 'small-button data-add', 'aria-pressed': 'false', title: t('data.addTitle') }, t('data.add'));
    this.eraseButton = el('button', { type: 'button', className: 'small-button data-erase', 'aria-pressed': 'false', title: t('data.eraseTitle') }, t('data.erase'));
    this.addButton.addEventListener('click', () => on.mode(this.mode === 'add' ? 'off' : 'add'));
    this.eraseButton.addEventListener('click', () => on.mode(this.mode === 'erase' ? 'off' : 'erase'));
    this.classGroup = el('div', { className: 'data-classes', role: 'radiogroup', 'aria-label': t('data.classes') });
    this.moreButton = el('button', { type: 'button', className: 'small-button data-more', title: t('data.addClassTitle', { max: maxClasses }), 'aria-label': t('data.addClassTitle', { max: maxClasses }) }, t('data.addClass'));
    this.moreButton.addEventListener('click', () => on.addClass());
    this.clearButton = el('button', { type: 'button', className: 'small-button data-clear', title: t('data.clearTitle') }, t('data.clear'));
    this.clearButton.addEventListener('click', () => on.clear());
    this.loadButton = el('button', { type: 'button', className: 'small-button data-load', title: t('data.loadTitle'), 'aria-haspopup': 'dialog' }, t('data.load'));
    this.loadButton.addEventListener('click', () => on.load());
    this.downloadButton = el('button', { type: 'button', className: 'small-button data-download', title: t('data.downloadTitle') }, t('data.download'));
    this.downloadButton.addEventListener('click', () => on.download());
    this.status = el('p', { className: 'data-status', 'aria-live': 'polite' });
    this.link = el('p', { className: 'data-link-note', hidden: true });
    this.help = el('p', { className: 'data-help', hidden: true }, t('data.keyboardHelp'));
    container.append(
      el('div', 'data-row',
        el('span', 'data-label', t('data.label')),
        this.addButton, this.eraseButton,
        el('span', 'data-classes-label', t('data.classes')), this.classGroup, this.moreButton,
        this.clearButton, this.loadButton, this.downloadButton),
      this.status, this.link, this.help);
    this.mode = 'off';
    this.classButtons = [];
  }

  // state: {mode, label, classes, status, state, points, link, enabled}
  show(state) {
    this.mode = state.mode;
    this.addButton.setAttribute('aria-pressed', String(state.mode === 'add'));
    this.eraseButton.setAttribute('aria-pressed', String(state.mode === 'erase'));
    if (this.classButtons.length !== state.classes) {
      this.classButtons = Array.from({ length: state.classes }, (_, k) => {
        const button = el('button', {
          type: 'button', className: 'data-class', role: 'radio', dataset: { label: String(k) },
          title: t('data.classTitle', { n: k + 1 }), 'aria-label': t('data.className', { n: k + 1 }),
        });
        button.style.setProperty('--swatch', `var(--class-${k})`);
        button.addEventListener('click', () => this.on.label(k));
        return button;
      });
      this.classGroup.replaceChildren(...this.classButtons);
    }
    this.classButtons.forEach((b, k) => b.setAttribute('aria-checked', String(k === state.label)));
    this.moreButton.disabled = !state.enabled || state.classes >= this.maxClasses;
    for (const b of [this.addButton, this.eraseButton, this.clearButton, this.loadButton, this.downloadButton, ...this.classButtons]) {
      if (b !== this.moreButton) b.disabled = !state.enabled;
    }
    this.status.textContent = state.status;
    this.status.dataset.state = state.state;
    this.status.dataset.points = String(state.points);
    this.link.hidden = !state.link;
    this.link.textContent = state.link || '';
    this.help.hidden = state.mode === 'off';
  }
}
