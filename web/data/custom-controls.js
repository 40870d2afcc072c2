// The settings column while the data is the learner's own: the dataset picker
// says "Your data", and the generator's settings (points, noise, shift,
// scale), which do not apply to given points, are disabled with a note.
// Works on the controls' markup (each control's root carries data-key), so it
// needs nothing from web/controls.js.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

const GENERATOR_KEYS = ['data.points', 'data.noise', 'data.shift', 'data.scale'];

export function showCustomData(container, config) {
  if (!container) return;
  const custom = config?.data?.name === 'custom';
  const picker = container.querySelector('[data-key="data.name"]');
  const select = picker && picker.querySelector('select');
  if (select) {
    let option = select.querySelector('option[value="custom"]');
    if (custom && !option) {
      option = el('option', { value: 'custom' }, t('data.customOption'));
      select.prepend(option);
    }
    // Choosing "custom" without points means nothing: the option is there
    // only while the data is the learner's.
    if (!custom && option) option.remove();
    if (custom) select.value = 'custom';
  }
  if (picker) {
    let note = picker.querySelector('.data-custom-note');
    if (custom && !note) {
      note = el('p', 'control-note data-custom-note', t('data.customNote'));
      picker.append(note);
    }
    if (!custom && note) note.remove();
  }
  for (const key of GENERATOR_KEYS) {
    const root = container.querySelector(`[data-key="${key}"]`);
    if (!root) continue;
    for (const input of root.querySelectorAll('input, select, button')) input.disabled = custom;
    root.classList.toggle('is-custom-data', custom);
  }
}
