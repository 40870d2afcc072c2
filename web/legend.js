// The decision boundaries' legend, under the panels: what each colour means
// (one swatch per class of the data), that pale means unsure (an even,
// neutral panel is a network predicting every class equally, not a picture
// missing), and which dots are training points and which test points.
// Colours are the theme's tokens (CSS custom properties).
import { el } from './dom.js';
import { t } from './i18n/index.js';

export class Legend {
  constructor(node) {
    this.node = node;
    this.classes = 0;
  }

  // data: the experiment's data description ({classes}); 2 when unknown.
  show(data) {
    const classes = data && Number.isInteger(data.classes) && data.classes >= 2 ? data.classes : 2;
    if (!this.node || classes === this.classes) return;
    this.classes = classes;
    const item = (swatch, text) => el('span', 'legend-item', swatch, ' ', text);
    const classSwatch = (c) => {
      const s = el('span', 'legend-swatch');
      s.style.background = `var(--class-${c})`;
      return s;
    };
    const dot = (kind) => el('span', `legend-dot legend-dot-${kind}`);
    const items = Array.from({ length: classes }, (_, c) => item(classSwatch(c), t('legend.class', { n: c })));
    const unsure = el('span', 'legend-swatch legend-unsure');
    items.push(item(unsure, t('legend.unsure')), item(dot('train'), t('legend.train')), item(dot('test'), t('legend.test')));
    this.node.replaceChildren(el('span', 'legend-title', t('legend.title')), ...items);
    this.node.dataset.classes = String(classes);
  }
}
