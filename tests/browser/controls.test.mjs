// The controls: every edit goes through the engine's validation, rebuilds
// both runs together (a fair comparison restarts from step 0), and shows up
// in the URL; the drawing toggles change what is drawn.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, nextFrames, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());
const setSlider = (page, selector, index) => page.$eval(selector, (slider, i) => {
  slider.value = String(i);
  slider.dispatchEvent(new Event('input'));
  slider.dispatchEvent(new Event('change'));
}, index);

test('the network editor reaches 8 hidden layers of 64 neurons', async () => {
  const { page, context, problems } = await env.open();
  for (let layers = 4; layers <= 8; layers++) {
    await page.click('button[aria-label="Add a hidden layer"]');
    await page.waitForFunction((n) => window.bnlab.config().model.hidden.length === n, layers);
  }
  for (let i = 1; i <= 8; i++) {
    const input = page.locator(`input[aria-label="Neurons in hidden layer ${i}"]`);
    await input.fill('64');
    await input.dispatchEvent('change');
    await page.waitForFunction((k) => window.bnlab.config().model.hidden[k - 1] === 64, i);
  }
  await page.click('button[aria-label="One neuron fewer in layer 8"]');
  await page.waitForFunction(() => window.bnlab.config().model.hidden[7] === 63);
  await page.click('button[aria-label="Remove the last hidden layer"]');
  await page.waitForFunction(() => window.bnlab.config().model.hidden.length === 7);
  assert.deepEqual((await config(page)).model.hidden, [64, 64, 64, 64, 64, 64, 64]);
  assert.match(await page.evaluate(() => location.hash), /model\.hidden=64,64,64,64,64,64,64(&|$)/);
  // It trains.
  await page.evaluate(() => window.bnlab.step(5));
  assert.equal((await status(page)).step, 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('log-scale learning rate, batch size up to the whole training set, and a fair restart', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.step(40));
  assert.equal((await status(page)).step, 40);

  await setSlider(page, '#ctl-train-learning_rate', 0);
  await page.waitForFunction(() => window.bnlab.config().train.learning_rate === 1e-4);
  const max = Number(await page.getAttribute('#ctl-train-learning_rate', 'max'));
  await setSlider(page, '#ctl-train-learning_rate', max);
  await page.waitForFunction(() => window.bnlab.config().train.learning_rate === 10);
  assert.equal(await page.textContent('.control[data-key="train.learning_rate"] output'), '10');

  // A changed setting means new networks for every run, all from step 0.
  const s = await status(page);
  assert.equal(s.step, 0);

  const trainSize = await page.evaluate(() => {
    const c = window.bnlab.config();
    return c.data.points - Math.round(c.data.points * c.data.test_fraction);
  });
  const last = Number(await page.getAttribute('#ctl-train-batch_size', 'max'));
  await setSlider(page, '#ctl-train-batch_size', last);
  await page.waitForFunction((n) => window.bnlab.config().train.batch_size === n, trainSize);
  assert.match(await page.textContent('.control[data-key="train.batch_size"] output'), /\(all\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('new seed, input normalization and activation edits reach the hash', async () => {
  const { page, context, problems } = await env.open();
  const seed = (await config(page)).seed;
  await page.click('text=New seed');
  await page.waitForFunction((s) => window.bnlab.config().seed !== s, seed);
  await page.uncheck('#ctl-data-standardize');
  await page.waitForFunction(() => window.bnlab.config().data.standardize === false);
  await page.selectOption('#ctl-model-activation', 'tanh');
  await page.waitForFunction(() => window.bnlab.config().model.activation === 'tanh');
  const hash = await page.evaluate(() => location.hash);
  const c = await config(page);
  assert.match(hash, new RegExp(`seed=${c.seed}(&|$)`));
  assert.match(hash, /data\.standardize=false/);
  assert.match(hash, /model\.activation=tanh/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an edit the engine rejects shows its message and keeps the running experiment', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.step(10));
  await page.fill('#ctl-seed', '-4');
  await page.locator('#ctl-seed').dispatchEvent('change');
  await page.waitForFunction(() => window.bnlab.messages().length > 0);
  assert.match((await messages(page))[0], /seed/);
  assert.equal((await config(page)).seed, 1);
  assert.equal(await page.inputValue('#ctl-seed'), '1', 'the control shows the value in use again');
  assert.equal((await status(page)).step, 10, 'the running experiment was not replaced');
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.deepEqual(problems, []);
  await context.close();
});

// Distinct colors in a panel's boundary canvas.
const heatColors = (page, run) => page.evaluate((i) => {
  const canvas = document.querySelectorAll('.panel canvas.heat')[i];
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const colors = new Set();
  for (let p = 0; p < data.length; p += 4) colors.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
  return colors.size;
}, run);

// A panel's boundary pixels as a digest (FNV-1a), computed in the page. With
// a digest given it is a predicate for page.waitForFunction: the picture is
// (same) or is no longer (!same) the one digested.
function pageHeat({ run, digest, same }) {
  const canvas = document.querySelectorAll('.panel canvas.heat')[run];
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let h = 2166136261;
  for (let p = 0; p < data.length; p++) h = Math.imul(h ^ data[p], 16777619);
  h >>>= 0;
  return digest === undefined ? h : (h === digest) === same;
}
const heatDigest = (page, run) => page.evaluate(pageHeat, { run });

const pointsPixels = (page) => page.evaluate(() => {
  const canvas = document.querySelector('.panel canvas.points');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let p = 3; p < data.length; p += 4) if (data[p] > 0) painted += 1;
  return painted;
});

test('discretize and show-test toggles redraw the panels', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.step(200));
  await nextFrames(page);
  assert.ok(await heatColors(page, 1) > 20, 'a smooth probability map');
  await page.check('#discretize');
  await nextFrames(page);
  assert.ok(await heatColors(page, 1) <= 3, 'two class colors (and at most a gray for missing cells)');

  const withTest = await pointsPixels(page);
  await page.uncheck('#show-test');
  const withoutTest = await pointsPixels(page);
  assert.ok(withoutTest < withTest * 0.8, `test points hidden (${withTest} -> ${withoutTest} painted pixels)`);

  // Drawing with batch statistics asks the engine for the other grid mode: the
  // BN run's boundary changes (its last batch's statistics are not its running
  // averages), the run without BN is the same network either way, and
  // unchecking brings back the very same picture.
  await page.uncheck('#discretize');
  await nextFrames(page);
  const plain = await heatDigest(page, 0), bn = await heatDigest(page, 1);
  await page.check('#batch-stats');
  await page.waitForFunction(pageHeat, { run: 1, digest: bn, same: false }, { timeout: 10000 });
  await nextFrames(page);
  assert.equal(await heatDigest(page, 0), plain, 'without BN: the same boundary in both modes');
  await page.uncheck('#batch-stats');
  await page.waitForFunction(pageHeat, { run: 1, digest: bn, same: true }, { timeout: 10000 });
  assert.equal(await heatDigest(page, 0), plain);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: space plays and pauses', async () => {
  const { page, context, problems } = await env.open();
  await page.locator('body').press(' ');
  await page.waitForFunction(() => window.bnlab.status().playing && window.bnlab.status().step > 0);
  await page.locator('body').press(' ');
  await page.waitForFunction(() => !window.bnlab.status().playing);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing engine is reported on the page, not thrown', async () => {
  const context = await env.browser.newContext();
  await context.route('**/bnlab.wasm', (route) => route.abort());
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url);
  await page.waitForFunction(() => window.bnlab && window.bnlab.messages().length > 0, null, { timeout: 30000 });
  const texts = await messages(page);
  assert.equal(texts.length, 1, texts.join(' | '));
  assert.match(texts[0], /engine/i);
  assert.equal((await status(page)).ready, false);
  assert.equal(await page.isDisabled('#play'), true);
  assert.deepEqual(pageErrors, []);
  await context.close();
});
