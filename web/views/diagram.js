// Lesson 3: each run's network drawn as
//   X -> W[1] -> Z[1] -> BN(γ[1], β[1]) -> Z̃[1] -> g -> A[1] -> ... -> ŷ
// one row per layer, from the normalized config: where BN sits (before or
// after g) and which dense layers have no bias b (those feeding a BN).
import { t } from '../i18n/index.js';
import { runSwatch } from '../markers.js';
import { el, svg, viewFrame } from './dom.js';
import { networkSteps } from './model.js';

const ROW = 44;
const CHAR = 7.2;   // px per character at 12px, for box widths
const PAD = 10;
const GAP = 22;     // room for an arrow between items

const actName = (fn) => t(`view.diagram.act.${fn}`);

// The items of one row: boxes (operations) and plain labels (tensors).
function rowItems(layer, l, first) {
  const items = first ? [{ text: 'X', kind: 'tensor' }] : [{ text: `A[${l - 1}]`, kind: 'tensor' }];
  let tensor = `Z[${l}]`;
  for (const step of layer) {
    if (step.kind === 'dense') {
      items.push({ text: step.bias ? `W[${l}], b[${l}]` : t('view.diagram.noBias', { l }), kind: step.bias ? 'dense' : 'dense-nobias' });
      items.push({ text: `Z[${l}]`, kind: 'tensor' });
      tensor = `Z[${l}]`;
    } else if (step.kind === 'bn') {
      items.push({ text: `BN(γ[${l}], β[${l}])`, kind: 'bn' });
      tensor = tensor.startsWith('Z') ? `Z̃[${l}]` : `Ã[${l}]`;
      items.push({ text: tensor, kind: 'tensor' });
    } else if (step.kind === 'dropout') {  // training only; the next row starts from its output
      items.push({ text: t('view.diagram.dropout'), kind: 'act' });
    } else {
      items.push({ text: `g = ${actName(step.label)}`, kind: 'act' });
      tensor = `A[${l}]`;
      items.push({ text: tensor, kind: 'tensor' });
    }
  }
  return items;
}

function drawRow(group, items, y) {
  let x = 8;
  items.forEach((item, i) => {
    if (i > 0) {
      group.append(svg('text', { x: x + 4, y: y + 4, class: 'd-arrow' }, '→'));
      x += GAP;
    }
    const w = item.text.length * CHAR + (item.kind === 'tensor' ? 0 : 2 * PAD);
    if (item.kind !== 'tensor') {
      group.append(svg('rect', { x, y: y - 13, width: w, height: 26, rx: 5, class: `d-box d-${item.kind}` }));
    }
    group.append(svg('text', { x: x + (item.kind === 'tensor' ? 0 : PAD), y: y + 4, class: `d-text d-${item.kind}-text` }, item.text));
    x += w;
  });
  return x;
}

export class DiagramView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('diagram', t('view.diagram.title'), t('view.diagram.caption'));
    this.body = el('div', 'diagrams');
    this.root.append(this.body);
    this.model = [];
  }

  setExperiment() {
    const { runs } = this.host.exp;
    const classes = this.host.exp.classes || 2;
    this.model = runs.map((r) => networkSteps(r, 2, classes > 2 ? classes : 1));
    this.body.replaceChildren(...runs.map((run, i) => this.drawRun(run, i, this.model[i], classes)));
  }

  drawRun(run, i, model, classes) {
    const fig = el('figure', 'diagram');
    fig.dataset.run = String(i);
    const cap = el('figcaption');
    cap.append(runSwatch(i, 12), el('span', '', run.name));
    const rows = model.layers.map((layer, k) => rowItems(layer, k + 1, k === 0));
    const L = model.layers.length + 1;
    const outAct = classes > 2 ? 'softmax' : 'sigmoid';
    rows.push([{ text: `A[${L - 1}]`, kind: 'tensor' }, { text: `W[${L}], b[${L}]`, kind: 'dense' },
      { text: `Z[${L}]`, kind: 'tensor' }, { text: outAct, kind: 'act' }, { text: 'ŷ', kind: 'tensor' }]);
    const image = svg('svg', { class: 'diagram-svg', role: 'img', 'aria-label': t('view.diagram.label', { name: run.name, text: rows.map((items) => items.map((x) => x.text).join(' → ')).join('; ') }) });
    let width = 0;
    rows.forEach((items, k) => {
      const g = svg('g', { class: 'd-row', 'data-layer': String(k + 1) });
      width = Math.max(width, drawRow(g, items, 22 + k * ROW));
      image.append(g);
    });
    const height = rows.length * ROW + 4;
    image.setAttribute('viewBox', `0 0 ${Math.ceil(width + 8)} ${height}`);
    image.setAttribute('width', String(Math.ceil(width + 8)));
    image.setAttribute('height', String(height));
    fig.append(cap, image);
    return fig;
  }

  update() {}
  draw() {}

  // Per run, per hidden layer: the order of operations and whether the dense layer has b.
  data() {
    const { runs } = this.host.exp;
    return runs.map((run, i) => ({
      name: run.name,
      layers: this.model[i].layers.map((steps) => ({ order: steps.map((s) => s.kind), bias: steps[0].bias })),
      text: [...this.body.querySelectorAll(`figure[data-run="${i}"] .d-row`)].map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent).filter((t) => t !== '→')),
    }));
  }

  destroy() {}
}
