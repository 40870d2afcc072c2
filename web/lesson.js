// The text beside the experiment: the preset's title, its description, what
// to look at and where it comes from (the course notes or a reference beyond
// them); the note on the notes' formulas, opened for the lessons whose
// formula the notes write with a slip; and the masthead's line saying what
// the experiment compares; the lesson's pace (where it pauses, and that it
// has). Text only, with formulas between dollar signs typeset by KaTeX
// (./lesson-math.js); blank lines separate paragraphs.
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { mathNodes, typesetMath } from './lesson-math.js';
import { DEFAULT_PRESET } from './state.js';

function paragraphs(text) {
  return String(text || '').split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean).map((s) => el('p', {}, ...mathNodes(s)));
}

// What a preset compares: its own words, else its runs' names. The opening
// comparison keeps the page's tagline (translated, and saying just that).
export function comparesText(preset) {
  if (!preset || preset.name === DEFAULT_PRESET) return t('app.tagline');
  const what = typeof preset.compares === 'string' ? preset.compares.trim() : '';
  if (what) return t('lesson.compares', { what });
  const runs = preset.config && Array.isArray(preset.config.runs) ? preset.config.runs.map((r) => r && r.name).filter(Boolean) : [];
  return runs.length ? t('lesson.comparesRuns', { runs: runs.join(' · ') }) : t('app.tagline');
}

export class Lesson {
  // refs: {lessonTitle, lessonText, lessonLook, lessonSource, lessonChanges,
  // formulaNote, tagline} from the layout (any may be missing: a widget
  // without the lesson region or the masthead).
  constructor(refs) {
    this.titleNode = refs.lessonTitle;
    this.textNode = refs.lessonText;
    this.lookNode = refs.lessonLook;
    this.sourceNode = refs.lessonSource;
    this.changesNode = refs.lessonChanges;
    this.noteNode = refs.formulaNote;
    this.taglineNode = refs.tagline;
  }

  // Replaces a node of the text below the title by a fresh copy (deep: with
  // its children) before it is filled. A lesson switch changes the text's
  // length; nodes that existed before would move and count as layout shift
  // (docs/PERFORMANCE.md), new ones do not.
  renew(name, deep = false) {
    const node = this[name];
    if (!node || !node.parentNode) return;
    const fresh = node.cloneNode(deep);
    node.replaceWith(fresh);
    this[name] = fresh;
  }

  show(preset) {
    for (const name of ['textNode', 'lookNode', 'sourceNode']) this.renew(name);  // refilled below
    for (const name of ['paceNode', 'changesNode', 'noteNode']) this.renew(name, true);  // kept as they are
    if (this.taglineNode) {
      this.taglineNode.textContent = comparesText(preset);
      this.taglineNode.dataset.preset = preset ? preset.name : '';
    }
    if (!this.titleNode) return;
    this.titleNode.textContent = preset ? String(preset.title || preset.name) : t('lesson.custom');
    this.textNode.replaceChildren(...paragraphs(preset && preset.description));
    const look = preset && typeof preset.look === 'string' ? preset.look.trim() : '';
    this.lookNode.hidden = look === '';
    this.lookNode.replaceChildren(el('strong', {}, t('lesson.lookHeading')), ...paragraphs(look));
    if (this.sourceNode) {
      const source = preset && typeof preset.source === 'string' ? preset.source.trim() : '';
      this.sourceNode.hidden = source === '';
      this.sourceNode.replaceChildren(el('strong', {}, t('lesson.sourceHeading')), ' ', ...mathNodes(source));
    }
    if (this.noteNode) this.noteNode.open = Boolean(preset && preset.formulaNote);
    this.typeset = typesetMath(this.titleNode.parentNode);
  }

  // The lesson's stop ({stop}: it pauses there; null: none, or a link's
  // stop= rules), said under what to look at (web/pace.js).
  showPace(pace) {
    if (!this.lookNode) return;
    if (!this.paceNode) {
      this.paceNode = el('p', { id: 'lesson-pace', className: 'lesson-pace', hidden: true });
      this.lookNode.after(this.paceNode);
    }
    this.pace = pace && pace.stop ? pace : null;
    this.showStopped(null);
  }

  // Play paused at the lesson's stop (step), or went on (null).
  showStopped(step) {
    const node = this.paceNode;
    if (!node) return;
    const stopped = step !== null && step !== undefined;
    node.hidden = !this.pace;
    node.classList.toggle('is-stopped', stopped);
    node.dataset.stoppedAt = stopped ? String(step) : '';
    if (!this.pace) node.textContent = '';
    else node.textContent = stopped ? t('pace.stopped', { step }) : t('pace.willStop', { step: this.pace.stop });
  }

  // Which settings now differ from the preset (the text describes the preset).
  showChanges(keys) {
    if (!this.changesNode) return;
    this.changesNode.hidden = keys.length === 0;
    this.changesNode.textContent = keys.length ? t('lesson.changes', { keys: keys.join(', ') }) : '';
  }
}
