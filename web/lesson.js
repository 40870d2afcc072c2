// The text beside the experiment: the preset's title, its description and
// what to look at. Plain text only (textContent); blank lines separate paragraphs.
function paragraphs(text) {
  return String(text || '').split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean).map((t) => {
    const p = document.createElement('p');
    p.textContent = t;
    return p;
  });
}

export class Lesson {
  constructor(titleNode, textNode, lookNode, changesNode) {
    this.titleNode = titleNode;
    this.textNode = textNode;
    this.lookNode = lookNode;
    this.changesNode = changesNode;
  }

  show(preset) {
    this.titleNode.textContent = preset ? String(preset.title || preset.name) : 'Custom experiment';
    this.textNode.replaceChildren(...paragraphs(preset && preset.description));
    const look = preset && typeof preset.look === 'string' ? preset.look.trim() : '';
    this.lookNode.hidden = look === '';
    const heading = document.createElement('strong');
    heading.textContent = 'What to look at';
    this.lookNode.replaceChildren(heading, ...paragraphs(look));
  }

  // Which settings now differ from the preset (the text describes the preset).
  showChanges(keys) {
    this.changesNode.hidden = keys.length === 0;
    this.changesNode.textContent = keys.length ? `Changed from this preset: ${keys.join(', ')}.` : '';
  }
}
