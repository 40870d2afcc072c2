// The panels' axis labels (web/heatmap.js axisLayout): no two label boxes
// overlap and none leaves the plot, at every panel size the page draws (the
// full page, the widget, a 360 px phone, the take-away picture), over the
// planes the datasets and drawn data use; and each axis keeps labels.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LABEL_GAP, axisLayout, niceTicks } from '../../web/heatmap.js';

// A canvas's measureText for 10 px system-ui, generously: digits about 5.6 px,
// a minus or a point 3-6 px; 6.2 px a character is wider than any of them.
const measure = (text) => 6.2 * [...text].length;
const SIZES = [[520, 520], [340, 340], [300, 300], [220, 220], [160, 160], [140, 140], [120, 120], [512, 512]];
const PLANES = [[-1.1, 1.1, -1.15, 1.15], [-6, 6, -6, 6], [-1.5, 1.5, -1.5, 1.5], [-2.2, 2.2, -1.7, 1.7], [-1, 101, -2, 2], [-0.055, 0.055, -3, 3], [0, 1, 0, 1], [-12.3, 7.7, -0.4, 0.6]];

function overlap(a, b) {
  return !(a[2] + LABEL_GAP <= b[0] || b[2] + LABEL_GAP <= a[0] || a[3] + LABEL_GAP <= b[1] || b[3] + LABEL_GAP <= a[1]);
}

test('no two axis labels overlap, none leaves the plot, and each axis keeps labels', () => {
  for (const [w, h] of SIZES) {
    for (const plane of PLANES) {
      for (const fontPx of [10, 13]) {  // 13: the projector theme's larger type
        const { labels, ticks } = axisLayout(w, h, plane, (s) => measure(s) * fontPx / 10, fontPx);
        const where = `${w}x${h} plane ${plane} font ${fontPx}`;
        for (let i = 0; i < labels.length; i++) {
          const b = labels[i].box;
          if (labels[i].kind !== 'name') assert.ok(b[0] >= 0 && b[1] >= 0 && b[2] <= w && b[3] <= h, `${where}: ${labels[i].text} inside`);
          for (let j = i + 1; j < labels.length; j++) {
            assert.ok(!overlap(b, labels[j].box), `${where}: "${labels[i].text}" (${labels[i].kind}) and "${labels[j].text}" (${labels[j].kind}) overlap`);
          }
        }
        const xs = labels.filter((l) => l.kind === 'x').length, ys = labels.filter((l) => l.kind === 'y').length;
        if (w >= 140) assert.ok(xs >= Math.min(2, ticks.x.length) && ys >= Math.min(2, ticks.y.length), `${where}: ${xs} x and ${ys} y labels`);
        assert.ok(ticks.x.length >= xs && ticks.y.length >= ys, `${where}: every label has its tick`);
      }
    }
  }
});

// The check can fail: the old placement (every tick label drawn) collides at
// the corners, which is what the learner saw.
test('without leaving labels out, the corners collide (the defect this guards)', () => {
  // A tick near each corner: x = -1 at 14 px from the left, y = -1 at 20 px
  // above the bottom and y = 1 at 20 px below the top (under the x₂ name).
  const w = 300, h = 300, [xmin, xmax, ymin, ymax] = [-1.1, 1.1, -1.15, 1.15];
  const boxes = [[20, 3, 20 + measure('x₂'), 13]];
  for (const v of niceTicks(xmin, xmax)) {
    const x = ((v - xmin) / (xmax - xmin)) * w;
    if (x >= 12 && x <= w - 12) boxes.push([x - measure(String(v)) / 2, h - 15, x + measure(String(v)) / 2, h - 5]);
  }
  for (const v of niceTicks(ymin, ymax)) {
    const y = ((ymax - v) / (ymax - ymin)) * h;
    if (y >= 10 && y <= h - 18) boxes.push([8, y - 5, 8 + measure(String(v)), y + 5]);
  }
  const collisions = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)));
  assert.ok(collisions.length > 0, 'all labels at once overlap somewhere');
  const laid = axisLayout(w, h, [xmin, xmax, ymin, ymax], measure, 10).labels;
  assert.ok(laid.length < boxes.length + 1, 'the layout leaves some out');
});
