// A link carries the learner's points (the data.custom item, web/data/codec.js):
// a link to drawn data reopens to the same experiment, bit for bit; data a link
// cannot carry says so (and the link then says what happened when opened).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeData } from '../../web/data/codec.js';
import { messages, setup, status } from './helpers.mjs';
import { csvOf, dataState, downloadData, loadData, screenOf, twoClusters, waitTrained } from './data-helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const hashOf = (page) => page.evaluate(() => location.hash.replace(/^#/, ''));
const itemOf = (hash, key) => hash.split('&').find((i) => i.startsWith(`${key}=`));

// Steps the page, then reads status and config.
async function afterSteps(page, n) {
  await page.evaluate((k) => window.bnlab.step(k), n);
  return { status: await status(page), config: await page.evaluate(() => window.bnlab.config()) };
}

test('a link with drawn points reopens to the same losses, bit for bit', async () => {
  const { page, context, problems } = await env.open('seed=5');
  await page.click('.data-add');
  const PLANE = [-6, 6, -6, 6];
  const points = [];
  for (let i = 0; i < 14; i++) {
    const label = i % 2;
    await page.click(`.data-class[data-label="${label}"]`);
    const x = -5 + (i * 10) / 13, y = label ? 2 + Math.sin(i) : -2 + Math.cos(i);
    const at = await screenOf(page, x, y, PLANE);
    await page.mouse.click(at.x, at.y);
    points.push([x, y, label]);
  }
  // 400 spiral points + 14 drawn
  await waitTrained(page, 414);
  const hash = await hashOf(page);
  assert.ok(itemOf(hash, 'data.custom'), hash);
  assert.equal(await page.getAttribute('#permalink', 'href'), `#${hash}`);
  const first = await afterSteps(page, 120);
  const data = (await downloadData(page)).text;

  const reopened = await env.open(hash);
  const again = await afterSteps(reopened.page, 120);
  assert.deepEqual(again.status.runs, first.status.runs);
  assert.equal(again.status.step, 120);
  assert.deepEqual(again.config, first.config);
  assert.equal((await downloadData(reopened.page)).text, data);
  assert.equal(await hashOf(reopened.page), hash);
  assert.equal((await dataState(reopened.page)).state, 'custom');
  assert.deepEqual(await messages(reopened.page), []);
  assert.deepEqual(reopened.problems, []);
  await reopened.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('500 and 2,000 points on the grid fit in a link; 3,000 do not, and the page says so', async () => {
  const { page, context, problems } = await env.open();
  for (const n of [500, 2000]) {
    const rows = twoClusters(n, n);
    assert.deepEqual(await loadData(page, csvOf(rows)), { ok: true, points: n });
    await waitTrained(page, n);
    const hash = await hashOf(page);
    const item = itemOf(hash, 'data.custom');
    assert.ok(item, `${n} points: ${hash.slice(0, 80)}`);
    console.log(`# ${n} points: data.custom is ${item.length - 'data.custom='.length} characters, the hash ${hash.length}`);
    assert.ok(await page.$eval('.data-link-note', (p) => p.hidden));
    // The item holds exactly the points, in order (reopening it is the test above).
    const decoded = decodeData(decodeURIComponent(item.slice('data.custom='.length)));
    // (-0 in the file comes back as 0: the same number for training)
    assert.deepEqual(decoded.data.points, rows.map((r) => r.map((v) => (v === 0 ? 0 : v))));
  }
  assert.deepEqual(await loadData(page, csvOf(twoClusters(3000, 3))), { ok: true, points: 3000 });
  await waitTrained(page, 3000);
  const hash = await hashOf(page);
  assert.equal(itemOf(hash, 'data.custom'), undefined);
  assert.match(await page.textContent('.data-link-note'), /A link cannot carry 3000 points: download the data CSV/);
  // Opened anyway, the link says what happened and shows the preset's data.
  const reopened = await env.open(hash);
  assert.deepEqual(await messages(reopened.page), [
    "Link: data.name=custom but the link carries no points (data.custom=…); showing the preset's data."]);
  assert.equal((await reopened.page.evaluate(() => window.bnlab.config())).data.name, 'spiral');
  assert.deepEqual(reopened.problems, []);
  await reopened.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('coordinates a link cannot carry exactly are said so; broken items give a message', async () => {
  const { page, context, problems } = await env.open();
  const exact = twoClusters(40).map(([x, y, k], i) => [i === 7 ? Math.PI : x, y, k]);
  assert.deepEqual(await loadData(page, csvOf(exact)), { ok: true, points: 40 });
  await waitTrained(page, 40);
  assert.match(await page.textContent('.data-link-note'), /cannot carry these coordinates exactly/);
  assert.equal(itemOf(await hashOf(page), 'data.custom'), undefined);
  // Drawing on top of loaded data keeps the loaded points exactly.
  await page.click('.data-add');
  const box = await page.locator('.panel[data-run="0"] .plot').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await waitTrained(page, 41);
  const { rows } = await downloadData(page);
  assert.deepEqual(rows.slice(0, 40), exact);
  assert.equal(rows[40][2], 0);
  await context.close();

  // Broken items, each followed (hashchange) in one page.
  const opened = await env.open();
  for (const [item, expected] of [
    ['data.custom=1e-2,1e-2,AQ', /^Link: data\.custom: the points end too early/],
    ['data.custom=3e-2,1e-2,AQA', /^Link: data\.custom: a step must read 1, 2 or 5/],
    ['data.custom=1e-2,1e-2,A$Q', /^Link: data\.custom: the points are not base64url/],
    ['data.custom=hello', /^Link: data\.custom: expected three parts/],
  ]) {
    await opened.page.evaluate((h) => { location.hash = h; }, `data.name=custom&seed=4&${item}`);
    await opened.page.waitForFunction(() => window.bnlab.config().seed === 4 && window.bnlab.messages().length > 0);
    const texts = await messages(opened.page);
    assert.equal(texts.length, 1, texts.join('\n'));
    assert.match(texts[0], expected);
    assert.equal((await opened.page.evaluate(() => window.bnlab.config())).data.name, 'spiral');
    await opened.page.evaluate(() => { location.hash = ''; });
    await opened.page.waitForFunction(() => window.bnlab.config().seed === 1);
  }
  assert.deepEqual(opened.problems, []);
  await opened.context.close();
  assert.deepEqual(problems, []);
});
