// The lesson / preset picker: the course's lessons in their own group, other
// presets (experiments) before them. Opening a lesson replaces the
// experiment, so arrow keys only move the choice: Enter or leaving the list
// opens it (web/a11y/commit.js), and a pick from the open list opens at once.
import { applyOnCommit } from './a11y/commit.js';
import { el } from './dom.js';
import { t } from './i18n/index.js';

export class PresetPicker {
  constructor(node, onChoose) {
    this.node = node;
    node.addEventListener('change', () => onChoose(node.value));
    applyOnCommit(node.parentNode || node, { hint: () => t('masthead.presetPending') });
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
