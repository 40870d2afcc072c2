// "Picture (PNG)": the panels as one image at print resolution. The file is
// decoded: its size (at least 512 pixels per panel, both ways, for the
// preset's number of runs), and its pixels (both class colours cover a large
// part of it: boundaries were painted, not a blank or transparent layer).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
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

// The page decodes the same bytes: pixel counts near each class colour, and opacity.
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
  const root = document.getElementById('bnlab');
  const hex = (name) => getComputedStyle(root).getPropertyValue(name).trim();
  const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const classes = [rgb(hex('--class-0')), rgb(hex('--class-1'))];
  const near = [0, 0];
  let transparent = 0;
  const colours = new Map();
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] < 255) transparent += 1;
    const key = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
    colours.set(key, (colours.get(key) || 0) + 1);
    classes.forEach((c, k) => { if (Math.abs(px[i] - c[0]) + Math.abs(px[i + 1] - c[1]) + Math.abs(px[i + 2] - c[2]) < 30) near[k] += 1; });
  }
  const top = [...colours.values()].sort((a, b) => b - a).slice(0, 3);
  return { width: bitmap.width, height: bitmap.height, pixels: px.length / 4, near, transparent, colours: colours.size, top };
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
    const { page, context, problems } = await env.open(preset === 'default' ? 'discretize=1' : `preset=${preset}`);
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
    const panelArea = runs * 512 * 512;
    if (preset === 'default') {
      // Discretized: two flat colours (one per class) and the background
      // cover most of the picture; both boundary colours a large part of it.
      const [, second, third] = d.top;
      assert.ok(second > 0.1 * panelArea && third > 0.1 * panelArea && d.top[0] + second + third > 0.6 * d.pixels, JSON.stringify(d.top));
    } else {
      // Shaded: confident regions are near the class colours in every panel.
      assert.ok(d.near[0] > 0.05 * panelArea && d.near[1] > 0.05 * panelArea, JSON.stringify(d.near));
    }
    assert.ok(d.colours > 50, `text, points and boundaries: ${d.colours} colours`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
