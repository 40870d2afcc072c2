// Hidden layers and neurons per layer, edited like TF Playground: add or
// remove layers, and per layer add or remove neurons (or type a number).
// Reports the whole list of widths; the engine validates it. The limits are
// the engine's (schema(): model.hidden's maxItems and item bounds).
import { el } from './dom.js';

const NEW_LAYER_WIDTH = 8;

export class NetworkEditor {
  constructor(root, onChange, { maxLayers, minWidth, maxWidth }) {
    this.onChange = onChange;
    this.limits = { maxLayers, minWidth, maxWidth };
    this.widths = [];
    const head = el('div', { class: 'control-head' });
    this.count = el('output', { class: 'control-value', id: 'hidden-layer-count' });
    const minus = el('button', { type: 'button', class: 'small-button', 'aria-label': 'Remove the last hidden layer', title: 'Remove a layer' }, '−');
    const plus = el('button', { type: 'button', class: 'small-button', 'aria-label': 'Add a hidden layer', title: 'Add a layer' }, '+');
    minus.addEventListener('click', () => this.widths.length > 0 && this.emit(this.widths.slice(0, -1)));
    plus.addEventListener('click', () => this.widths.length < this.limits.maxLayers
      && this.emit([...this.widths, this.widths.length ? this.widths[this.widths.length - 1] : NEW_LAYER_WIDTH]));
    const buttons = el('span', { class: 'layer-buttons' });
    buttons.append(minus, this.count, plus);
    head.append(el('span', { class: 'control-label' }, 'Hidden layers'), buttons);
    this.layers = el('div', { class: 'layers', role: 'group', 'aria-label': 'Neurons per hidden layer' });
    this.diagram = el('p', { class: 'network-diagram', 'aria-hidden': 'true' });
    root.append(head, this.layers, this.diagram);
  }

  emit(widths) {
    this.onChange(widths);
  }

  show(widths) {
    this.widths = widths.slice();
    this.count.textContent = String(widths.length);
    const { minWidth, maxWidth } = this.limits;
    const cards = widths.map((w, i) => {
      const card = el('div', { class: 'layer' });
      const input = el('input', { type: 'number', min: minWidth, max: maxWidth, step: 1, value: String(w),
        'aria-label': `Neurons in hidden layer ${i + 1}` });
      const up = el('button', { type: 'button', class: 'tiny-button', 'aria-label': `One more neuron in layer ${i + 1}` }, '+');
      const down = el('button', { type: 'button', class: 'tiny-button', 'aria-label': `One neuron fewer in layer ${i + 1}` }, '−');
      const set = (value) => {
        const next = this.widths.slice();
        next[i] = value;
        this.emit(next);
      };
      up.addEventListener('click', () => w < maxWidth && set(w + 1));
      down.addEventListener('click', () => w > minWidth && set(w - 1));
      input.addEventListener('change', () => {
        const n = Number(input.value);
        if (Number.isInteger(n) && n >= minWidth && n <= maxWidth) set(n);
        else { input.value = String(w); }  // out of range: keep the old width
      });
      card.append(up, input, down, el('span', { class: 'layer-index' }, `L${i + 1}`));
      return card;
    });
    this.layers.replaceChildren(...cards);
    this.diagram.textContent = ['x', ...widths.map(String), 'out'].join(' → ');
  }
}
