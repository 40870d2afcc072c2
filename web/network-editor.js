// Hidden layers and neurons per layer, edited like TF Playground: add or
// remove layers, and per layer add or remove neurons (or type a number).
// Reports the whole list of widths; the engine validates it. The limits are
// the engine's (schema(): model.hidden's maxItems and item bounds). Every change
// rebuilds the layer cards: the focused button or field is focused again
// afterwards, so a keyboard user keeps their place.
import { el } from './dom.js';
import { t } from './i18n/index.js';

const NEW_LAYER_WIDTH = 8;

export class NetworkEditor {
  constructor(root, onChange, { maxLayers, minWidth, maxWidth }) {
    this.root = root;
    this.onChange = onChange;
    this.limits = { maxLayers, minWidth, maxWidth };
    this.widths = [];
    const head = el('div', { class: 'control-head' });
    this.count = el('output', { class: 'control-value', id: 'hidden-layer-count' });
    const minus = el('button', { type: 'button', class: 'small-button', 'aria-label': t('network.removeLayer'), title: t('network.removeLayerTitle') }, '−');
    const plus = el('button', { type: 'button', class: 'small-button', 'aria-label': t('network.addLayer'), title: t('network.addLayerTitle') }, '+');
    minus.addEventListener('click', () => this.widths.length > 0 && this.emit(this.widths.slice(0, -1)));
    plus.addEventListener('click', () => this.widths.length < this.limits.maxLayers
      && this.emit([...this.widths, this.widths.length ? this.widths[this.widths.length - 1] : NEW_LAYER_WIDTH]));
    const buttons = el('span', { class: 'layer-buttons' });
    buttons.append(minus, this.count, plus);
    head.append(el('span', { class: 'control-label', id: 'hidden-layers-label' }, t('network.label')), buttons);
    this.layers = el('div', { class: 'layers', role: 'group', 'aria-label': t('network.layersLabel') });
    this.diagram = el('p', { class: 'network-diagram', 'aria-hidden': 'true' });
    root.append(head, this.layers, this.diagram);
  }

  // The widths asked for become the editor's at once, so a second edit made
  // before the engine's answer builds on the first (the engine's answer,
  // accepted or refused, arrives through show() afterwards).
  emit(widths) {
    this.widths = widths.slice();
    this.onChange(widths);
  }

  show(widths) {
    // Which card part had focus (by its data-focus key), to focus it again.
    const active = this.root.getRootNode().activeElement;
    const focusKey = active && this.layers.contains(active) ? active.dataset.focus : null;
    this.widths = widths.slice();
    this.count.textContent = String(widths.length);
    const { minWidth, maxWidth } = this.limits;
    const cards = widths.map((w, i) => {
      const card = el('div', { class: 'layer' });
      const input = el('input', { type: 'number', min: minWidth, max: maxWidth, step: 1, value: String(w),
        'aria-label': t('network.width', { n: i + 1 }), 'data-focus': `width-${i}` });
      const up = el('button', { type: 'button', class: 'tiny-button', 'aria-label': t('network.moreNeurons', { n: i + 1 }), 'data-focus': `up-${i}` }, '+');
      const down = el('button', { type: 'button', class: 'tiny-button', 'aria-label': t('network.fewerNeurons', { n: i + 1 }), 'data-focus': `down-${i}` }, '−');
      const set = (value) => {
        if (value === this.widths[i]) return;  // nothing changes (a repeated change event): no restart
        const next = this.widths.slice();
        next[i] = value;
        this.emit(next);
      };
      up.addEventListener('click', () => this.widths[i] < maxWidth && set(this.widths[i] + 1));
      down.addEventListener('click', () => this.widths[i] > minWidth && set(this.widths[i] - 1));
      input.addEventListener('change', () => {
        const n = Number(input.value);
        if (Number.isInteger(n) && n >= minWidth && n <= maxWidth) set(n);
        else { input.value = String(w); }  // out of range: keep the old width
      });
      card.append(up, input, down, el('span', { class: 'layer-index', 'aria-hidden': 'true' }, t('network.layerShort', { n: i + 1 })));
      return card;
    });
    this.layers.replaceChildren(...cards);
    this.diagram.textContent = [t('network.input'), ...widths.map(String), t('network.output')].join(' → ');
    if (focusKey) {
      const again = this.layers.querySelector(`[data-focus="${focusKey}"]`);
      if (again) again.focus();
    }
  }
}
