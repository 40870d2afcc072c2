// "Picture (PNG)": the panels as one image at print resolution. The file is
// decoded: its size (at least 512 pixels per panel, both ways, for the
// preset's number of runs), and its pixels (opaque; the two flat colours of the
// discretized boundaries cover a large part of it: painted, not a blank or
// transparent layer). Without a page: the legend draws each class's marker
// shape (as the panels' points), and settings read as words.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { drawLegend, settingsInWords, sharedInWords } from '../../web/export/picture.js';
import { classShape, tracePath } from '../../web/markers.js';
import { artifactPath, setup } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// Width, height, bit depth and colour type from the PNG's IHDR chunk.
function pngHeader(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, 'a PNG file');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// The page decodes the same bytes: opacity, the colours and the most common ones.
const decodeIn = (page, bytes) => page.evaluate(async (b64) => {
  const bin = atob(b64);
  const data = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
  const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }));
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let transparent = 0;
  const colours = new Map();
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] < 255) transparent += 1;
    const key = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
    colours.set(key, (colours.get(key) || 0) + 1);
  }
  const top = [...colours.values()].sort((a, b) => b - a).slice(0, 3);
  return { width: bitmap.width, height: bitmap.height, pixels: px.length / 4, transparent, colours: colours.size, top };
}, bytes.toString('base64'));

async function savePicture(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.takeaway-picture')]);
  assert.equal(download.suggestedFilename(), 'bnlab-panels.png');
  const bytes = await readFile(await download.path());
  await download.saveAs(artifactPath(name));
  return bytes;
}

for (const [preset, runs, cols, rows] of [['default', 2, 2, 1], ['learning-rate-race', 8, 4, 2]]) {
  test(`the picture of ${preset}: ${runs} panels of at least 512 pixels, painted`, async () => {
    // Discretized: each panel's boundary in two flat colours, easy to count.
    const { page, context, problems } = await env.open(`${preset === 'default' ? '' : `preset=${preset}&`}discretize=1`);
    await page.evaluate(() => window.bnlab.step(120));
    const bytes = await savePicture(page, `export-picture-${preset}.png`);
    const head = pngHeader(bytes);
    assert.ok(head.width >= cols * 512 && head.height >= rows * 512, `${head.width} x ${head.height}`);
    const said = await page.evaluate(() => document.querySelector('.takeaway-status').textContent);
    assert.equal(said, `Saved the picture (${head.width} × ${head.height} pixels, step 120).`);
    assert.equal(await page.evaluate(() => document.querySelector('.takeaway').dataset.side), '512', 'the engine drew 512 x 512 cells a panel');
    const d = await decodeIn(page, bytes);
    assert.equal(d.width, head.width);
    assert.equal(d.height, head.height);
    assert.equal(d.transparent, 0, 'opaque: ready for a slide');
    // Two flat colours (one per class) and the background cover most of the
    // picture; each boundary colour over 5% of the panels' area (the points
    // alone are under 1%; a blank or transparent boundary fails).
    const panelArea = runs * 512 * 512;
    const [, second, third] = d.top;
    assert.ok(second > 0.05 * panelArea && third > 0.05 * panelArea && d.top[0] + second + third > 0.6 * d.pixels, JSON.stringify(d.top));
    assert.ok(d.colours > 50, `text, points and boundaries: ${d.colours} colours`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// A canvas context that records the path calls (and the text) it is given.
function recorder() {
  const calls = [];
  const ctx = new Proxy({ measureText: (text) => ({ width: 8 * String(text).length }) }, {
    get: (target, key) => (key in target ? target[key] : (...args) => calls.push([key, ...args])),
    set: () => true,
  });
  return { ctx, calls };
}

test('the legend draws each class in its marker shape, and settings read as words', () => {
  const palette = { classes: ['1,2,3', '4,5,6', '7,8,9', '9,9,9'], lineScale: 1, pointTest: '#000', pointTrain: '#fff' };
  const { ctx, calls } = recorder();
  drawLegend(ctx, 0, 0, 4, { showTest: true, discretize: false }, palette, { ink: '#000', muted: '#666' });
  // Each legend item: its path (from beginPath to fill), then its words.
  const items = [];
  calls.forEach((c, i) => { if (c[0] === 'beginPath') items.push(calls.slice(i + 1, calls.findIndex((d, j) => j > i && d[0] === 'fill'))); });
  const shapeOf = (path) => path.map((c) => c[0]).join(' ');
  for (let c = 0; c < 4; c++) {
    const expected = recorder();
    tracePath(expected.ctx, classShape(c), 0, 0, 6);
    assert.equal(shapeOf(items[c]), shapeOf(expected.calls), `class ${c}: a ${classShape(c)}`);
  }
  assert.notEqual(shapeOf(items[1]), shapeOf(items[0]), 'class 1 is not a circle');
  const words = calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
  assert.deepEqual(words.slice(0, 6), ['class 0', 'class 1', 'class 2', 'class 3', 'training point', 'test point (outlined)']);
  // Enum values in words, as in the panels' headers (not "relu", "sgd").
  assert.deepEqual(settingsInWords([{ key: 'model.batchnorm', value: true, text: 'true' }, { key: 'train.optimizer', value: 'adam', text: 'adam' },
    { key: 'train.learning_rate', value: 0.3, text: '0.3' }]), ['Batch normalization: on', 'Optimizer: Adam', 'Learning rate: 0.3']);
  const shared = sharedInWords({ data: { name: 'moons', points: 400 }, model: { hidden: [8, 8], activation: 'relu' }, train: { optimizer: 'sgd' }, seed: 1 });
  assert.deepEqual(shared, ['Dataset: Two moons', 'Points (train + test): 400', 'Hidden layers: 8, 8', 'Activation: ReLU', 'Optimizer: SGD', 'Seed: 1']);
});
