// "Copy link" copies everywhere (web/export/copy.js, shared with the share
// dialog): with the Clipboard API granted; refused (a denied permission); on a
// plain-http host, where the page has no Clipboard API (a real insecure
// origin: this machine's network address); and with execCommand refused too
// (the link stays selected for Ctrl+C). The view options (speed, discretize,
// batch statistics) travel in the link, validated, and survive a reload.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { DIST, messages, nextFrames, setup, waitReadyOn } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const STATE = 'seed=4&data.name=moons';  // in the engine's order (changedSettings)

// Clicks "Copy link"; returns how it went, what a copy event carried, what the bar said.
async function copyLink(page) {
  await page.evaluate(() => {
    window.copied = null;
    delete document.querySelector('.takeaway').dataset.copied;
    document.addEventListener('copy', (event) => {
      const f = event.target;
      window.copied = f.value.slice(f.selectionStart, f.selectionEnd);
    }, { once: true });
  });
  await page.click('.takeaway-link');
  await page.waitForFunction(() => document.querySelector('.takeaway').dataset.copied);
  return page.evaluate(() => {
    const field = document.querySelector('.takeaway-link-text');
    return {
      how: document.querySelector('.takeaway').dataset.copied,
      copied: window.copied,
      said: document.querySelector('.takeaway-status').textContent,
      fieldShown: !field.hidden && field.offsetWidth > 0,
      selected: document.activeElement === field ? field.value.slice(field.selectionStart, field.selectionEnd) : null,
    };
  });
}

const linkOf = (page) => page.evaluate(() => window.location.href.split('#')[0] + window.bnlab.hash());

test('copy link: granted, denied, and refused entirely', async () => {
  const { page, context, problems } = await env.open(STATE);
  const origin = new URL(env.server.url).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const link = await linkOf(page);
  assert.ok(link.endsWith(`#${STATE}`), link);

  let r = await copyLink(page);
  assert.equal(r.how, 'clipboard');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.equal(r.said, 'Copied to the clipboard.');
  assert.equal(r.fieldShown, false, 'no field when the clipboard took it');

  // The permission refused: the Clipboard API rejects, as a denied permission does.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  r = await copyLink(page);
  assert.deepEqual(r, { how: 'command', copied: link, said: 'Copied to the clipboard.', fieldShown: true, selected: link });

  // execCommand refused as well: the link is shown selected, and the learner told.
  await page.evaluate(() => { document.execCommand = () => false; });
  r = await copyLink(page);
  assert.deepEqual(r, { how: 'selected', copied: null, said: 'Selected: press Ctrl+C (⌘C on a Mac) to copy.', fieldShown: true, selected: link });
  assert.deepEqual(problems, []);
  await context.close();
});

// A non-loopback IPv4 address of this machine: http:// there is not a secure context.
function networkAddress() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

test('copy link on a plain-http host (no Clipboard API): selected and copied', async (t) => {
  const address = networkAddress();
  if (!address) {
    t.diagnostic('no non-loopback address on this machine: the denied case above covers the fallback');
    return;
  }
  const server = await startServer({ root: DIST, port: 0, host: address });
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`${server.url}#${STATE}`);
    await waitReadyOn(page);
    assert.deepEqual(await page.evaluate(() => [window.isSecureContext, typeof navigator.clipboard]), [false, 'undefined']);
    const link = await linkOf(page);
    assert.ok(link.startsWith(`http://${address}:`), link);
    const r = await copyLink(page);
    assert.deepEqual(r, { how: 'command', copied: link, said: 'Copied to the clipboard.', fieldShown: true, selected: link });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The boundary canvas of panel i: how many distinct colours it has.
const heatColours = (page, i) => page.evaluate((run) => {
  const c = document.querySelectorAll('#panels .heat')[run];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let k = 0; k < d.length; k += 4) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
  return seen.size;
}, i);
const heatPixels = (page, i) => page.evaluate((run) => {
  const c = document.querySelectorAll('#panels .heat')[run];
  return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
}, i);

test('view options travel in the link, are validated, and survive a reload', async () => {
  const { page, context, problems } = await env.open(STATE);
  await page.evaluate(() => window.bnlab.step(60));
  await nextFrames(page);
  const smooth = await heatColours(page, 1);
  const runningGrid = await heatPixels(page, 1);
  assert.ok(smooth > 20, `a shaded boundary has many colours (${smooth})`);

  await page.selectOption('#speed', '1000');
  await page.check('#discretize');
  await page.check('#batch-stats');
  await page.waitForFunction(() => window.location.hash.includes('batchstats=1'));
  assert.equal(await page.evaluate(() => window.location.hash), `#${STATE}&speed=1000&discretize=1&batchstats=1`);
  assert.equal(await page.evaluate(() => window.bnlab.hash()), `#${STATE}&speed=1000&discretize=1&batchstats=1`);

  // A reload reads them back: the toolbar shows them and the drawing follows.
  await page.reload();
  await waitReadyOn(page);
  assert.deepEqual(await page.evaluate(() => [document.getElementById('speed').value,
    document.getElementById('discretize').checked, document.getElementById('batch-stats').checked]), ['1000', true, true]);
  await page.evaluate(() => window.bnlab.step(60));
  await nextFrames(page);
  assert.ok(await heatColours(page, 1) <= 3, 'discretized: two classes (and at most the "missing" colour)');
  // Batch statistics: the BN run's boundary is drawn differently from the running averages.
  await page.uncheck('#discretize');
  await nextFrames(page);
  const batchGrid = await heatPixels(page, 1);
  assert.equal(batchGrid.length, runningGrid.length);
  assert.notDeepEqual(batchGrid, runningGrid, 'the BN run drawn with batch statistics differs');
  assert.equal(await page.evaluate(() => window.location.hash), `#${STATE}&speed=1000&batchstats=1`);
  // Defaults are not written.
  await page.uncheck('#batch-stats');
  await page.selectOption('#speed', '100');
  await page.waitForFunction((s) => window.location.hash === `#${s}`, STATE);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad view options: one message each, naming the key and what is allowed; nothing else lost', async () => {
  const { page, context, problems } = await env.open(`${STATE}&speed=7&discretize=maybe&batchstats=1`);
  const said = await messages(page);
  assert.ok(said.some((m) => m.includes('speed="7": not allowed (allowed: 1, 3, 10, 30, 100, 300, 1000, 3000, 10000 steps per second)')), said.join('\n'));
  assert.ok(said.some((m) => m.includes('discretize="maybe": not allowed (allowed: 1 or 0)')), said.join('\n'));
  assert.deepEqual(await page.evaluate(() => [document.getElementById('speed').value,
    document.getElementById('discretize').checked, document.getElementById('batch-stats').checked]), ['100', false, true]);
  assert.equal((await page.evaluate(() => window.bnlab.config())).data.name, 'moons');
  assert.equal(await page.evaluate(() => window.bnlab.hash()), `#${STATE}&batchstats=1`);
  assert.deepEqual(problems, []);
  await context.close();
});
