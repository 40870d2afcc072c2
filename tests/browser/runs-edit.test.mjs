// Per-run settings in the panels (web/runs/): a run's own learning rate set
// in its panel's editor (the sidebar's controls) changes only that run after
// one shared reset, the panel says so in words (keys on hover), the sidebar's
// note leads to the run's setting, and "use the shared value" takes it back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const STEPS = 60;
const setSlider = (page, selector, index) => page.$eval(selector, (slider, i) => {
  slider.value = String(i);
  slider.dispatchEvent(new Event('input'));
  slider.dispatchEvent(new Event('change'));
}, index);
const losses = async (page) => (await status(page)).runs.map((r) => [r.trainLoss, r.testLoss, r.trainAcc, r.testAcc]);
const runsOf = (page) => page.evaluate(() => window.bnlab.config().runs);

test("a run's learning rate edited in its panel changes only that run, after one shared reset", async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate((n) => window.bnlab.step(n), STEPS);
  const before = await losses(page);

  await page.click('.panel[data-run="1"] .run-edit');
  assert.equal(await page.getAttribute('.panel[data-run="1"] .run-edit', 'aria-expanded'), 'true');
  const slider = '#run1-train-learning_rate';
  assert.equal(await page.inputValue('#ctl-train-learning_rate'), await page.inputValue(slider), 'the editor starts at the shared value');
  const max = Number(await page.getAttribute(slider, 'max'));
  await setSlider(page, slider, max - 4);  // a larger rate than the shared 0.1
  await page.waitForFunction(() => window.bnlab.config().runs[1].set['train.learning_rate'] !== undefined);
  const runs = await runsOf(page);
  const rate = runs[1].set['train.learning_rate'];
  assert.ok(rate > 0.1, `run 1's own rate ${rate}`);
  assert.deepEqual(runs[0].set, { 'model.batchnorm': false }, 'run 0 is untouched');
  assert.equal((await page.evaluate(() => window.bnlab.config())).train.learning_rate, 0.1, 'the shared rate is untouched');
  assert.equal((await status(page)).step, 0, 'one shared reset: every run restarts');
  // The editor stays open on the rebuilt panel, showing the run's own value.
  await page.waitForSelector('#run1-train-learning_rate');
  assert.equal(await page.textContent('.panel[data-run="1"] .control[data-key="train.learning_rate"] output'), String(rate));
  assert.ok(await page.$('.panel[data-run="1"] .control[data-key="train.learning_rate"].is-run-set'));

  // In words on the panel, the keys on hover.
  const words = await page.textContent('.panel[data-run="1"] .panel-overrides');
  assert.equal(words, `Batch normalization: on, Learning rate: ${rate}`);
  assert.equal(await page.getAttribute('.panel[data-run="1"] .panel-overrides', 'title'), `model.batchnorm = true, train.learning_rate = ${rate}`);
  // The link carries the run's override.
  assert.equal(await page.evaluate(() => location.hash), `#run.1.train.learning_rate=${rate}`);

  // Same data, same initial weights, same batches: run 0 is bit for bit what it was.
  await page.evaluate((n) => window.bnlab.step(n), STEPS);
  const after = await losses(page);
  assert.deepEqual(after[0], before[0], 'the other run is bit-identical');
  assert.notDeepEqual(after[1], before[1], 'the edited run changed');

  // The sidebar marks the shared value this run overrides; the run's name leads to its setting.
  const note = '.controls .control[data-key="train.learning_rate"] .control-note';
  assert.match(await page.textContent(note), /with BN/);
  await page.click('.panel[data-run="1"] .run-edit');  // close it first
  assert.equal(await page.isVisible('#run1-train-learning_rate'), false);
  await page.click(`${note} .run-link[data-run="1"]`);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'run1-train-learning_rate');

  // "Use the shared value" drops the override: back to the default pair, same losses as at first.
  await page.click('.panel[data-run="1"] .control[data-key="train.learning_rate"] .run-use-shared');
  await page.waitForFunction(() => window.bnlab.config().runs[1].set['train.learning_rate'] === undefined);
  assert.equal(await page.evaluate(() => location.hash), '', 'the default pair needs no link items');
  await page.evaluate((n) => window.bnlab.step(n), STEPS);
  assert.deepEqual(await losses(page), before);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid edit in a panel is refused whole: a message, nothing applied, nothing reset', async () => {
  const { page, context, problems } = await env.open();
  await page.click('.panel[data-run="0"] .run-edit');
  // Batch norm with a batch of 1 is the engine's to refuse (a clash, not a range).
  await page.click('#run0-model-batchnorm');
  await page.waitForFunction(() => window.bnlab.config().runs[0].set['model.batchnorm'] === true);
  await page.evaluate(() => window.bnlab.step(5));
  const size = '#run0-train-batch_size';
  const config = await page.evaluate(() => window.bnlab.config());
  await setSlider(page, size, 0);  // batch size 1 with BN on
  await page.waitForFunction(() => window.bnlab.messages().length > 0);
  const [text] = await messages(page);
  assert.match(text, /batch_size/);
  assert.deepEqual(await page.evaluate(() => window.bnlab.config()), config, 'nothing applied');
  assert.equal((await status(page)).step, 5, 'the running experiment goes on');
  assert.equal(await page.textContent('.panel[data-run="0"] .control[data-key="train.batch_size"] output'), String(config.train.batch_size),
    'the editor shows the running value again');
  assert.deepEqual(problems, []);
  await context.close();
});
