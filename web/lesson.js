// The text beside the experiment: the preset's title, its description and
// what to look at. Plain text only; blank lines separate paragraphs.
import { el } from './dom.js';
import { t } from './i18n/index.js';

function paragraphs(text) {
  return String(text || '').split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean).map((s) => el('p', {}, s));
}

export class Lesson {
  // refs: {lessonTitle, lessonText, lessonLook, lessonChanges} from the layout
  // (any may be missing: a widget without the lesson region).
  constructor(refs) {
    this.titleNode = refs.lessonTitle;
    this.textNode = refs.lessonText;
    this.lookNode = refs.lessonLook;
    this.changesNode = refs.lessonChanges;
  }

  show(preset) {
    if (!this.titleNode) return;
    this.titleNode.textContent = preset ? String(preset.title || preset.name) : t('lesson.custom');
    this.textNode.replaceChildren(...paragraphs(preset && preset.description));
    const look = preset && typeof preset.look === 'string' ? preset.look.trim() : '';
    this.lookNode.hidden = look === '';
    this.lookNode.replaceChildren(el('strong', {}, t('lesson.lookHeading')), ...paragraphs(look));
  }

  // Which settings now differ from the preset (the text describes the preset).
  showChanges(keys) {
    if (!this.changesNode) return;
    this.changesNode.hidden = keys.length === 0;
    this.changesNode.textContent = keys.length ? t('lesson.changes', { keys: keys.join(', ') }) : '';
  }
}
