// The lesson / preset picker: the course's lessons in their own group, other
// presets (experiments) before them.
import { el } from './dom.js';
import { t } from './i18n/index.js';

export class PresetPicker {
  constructor(node, onChoose) {
    this.node = node;
    node.addEventListener('change', () => onChoose(node.value));
  }

  fill(presets) {
    const group = (label, list) => (list.length === 0 ? null
      : el('optgroup', { label }, ...list.map((p) => el('option', { value: String(p.name) }, String(p.title || p.name)))));
    this.node.replaceChildren(...[
      group(t('masthead.groupExperiments'), presets.filter((p) => !(p.lesson > 0))),
      group(t('masthead.groupLessons'), presets.filter((p) => p.lesson > 0)),
    ].filter(Boolean));
    this.node.disabled = presets.length === 0;
  }

  select(name) {
    this.node.value = name;
  }
}
