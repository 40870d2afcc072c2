// The compare picker (web/runs/compare.js): one knob, one step. For every
// knob it builds the runs it promises (one per value, named by it, from the
// "based on" run's own settings with the knob set), through the page's form;
// a value the engine cannot read is refused whole.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());

async function compare(page, knob, values, base) {
  await page.selectOption('#compare-knob', knob);
  if (values !== undefined) await page.fill('#compare-values', values);
  if (base !== undefined) await page.selectOption('#compare-base', String(base));
  const before = JSON.stringify(await config(page));
  await page.click('.compare-apply');
  await page.waitForFunction((b) => JSON.stringify(window.bnlab.config()) !== b || window.bnlab.messages().length > 0, before);
}

test('the compare picker builds the runs it promises for every knob', async () => {
  const { page, context, problems } = await env.open();
  const names = async (key) => page.$$eval(`#ctl-${key.replace(/\./g, '-')} option`, (os) => os.map((o) => o.value));
  const trainSize = await page.evaluate(() => {
    const c = window.bnlab.config();
    return c.data.points - Math.round(c.data.points * c.data.test_fraction);
  });
  const base = { 'model.batchnorm': false };  // run 0, "without BN", is the default base
  const expect = {
    batchnorm: [['without BN', { 'model.batchnorm': false }], ['with BN', { 'model.batchnorm': true }]],
    placement: ['before', 'after'].map((v) => [v, { 'model.batchnorm': true, 'model.bn_placement': v }]),
    standardize: [['raw inputs', { ...base, 'data.standardize': false }], ['normalized inputs', { ...base, 'data.standardize': true }]],
    batch_size: [4, 16, 64, trainSize].map((v) => [String(v), { ...base, 'train.batch_size': v }]),
    learning_rate: [0.03, 0.1, 0.3, 1].map((v) => [String(v), { ...base, 'train.learning_rate': v }]),
    optimizer: (await names('train.optimizer')).map((v) => [v, { ...base, 'train.optimizer': v }]),
    activation: (await names('model.activation')).map((v) => [v, { ...base, 'model.activation': v }]),
    init: (await names('model.init')).map((v) => [v, { ...base, 'model.init': v }]),
  };
  assert.deepEqual(expect.optimizer.map(([n]) => n), ['sgd', 'momentum', 'rmsprop', 'adam']);
  for (const [knob, runs] of Object.entries(expect)) {
    if (knob === 'batchnorm') continue;  // last: it brings the default pair back
    await compare(page, knob);
    // The views may say that the unit they showed is gone (runs without BN); nothing else may be said.
    assert.deepEqual((await messages(page)).filter((m) => !m.startsWith('View: ')), [], knob);
    assert.deepEqual((await config(page)).runs, runs.map(([name, set]) => ({ name, set })), knob);
    // The panels are rebuilt on the next frame: wait for their titles (a timeout here is a failure).
    const titles = runs.map(([name]) => name);
    await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.panel-title')].map((t) => t.textContent)) === JSON.stringify(want), titles);
    // The runs train.
    await page.evaluate(() => window.bnlab.step(3));
    const s = await status(page);
    assert.equal(s.runs.length, runs.length);
    assert.ok(s.runs.every((r) => Number.isFinite(r.trainLoss)), knob);
    // Back to the preset's runs for the next knob.
    assert.equal(await page.evaluate(() => window.bnlab.openPreset('default')), true);  // resolves once it runs
  }
  // Batch norm from a run with its own learning rate: the default pair with that rate;
  // then from the preset's run 0: exactly the preset's runs, so the link has no runs item.
  await page.evaluate(() => window.bnlab.setRun(1, { 'train.learning_rate': 0.3 }));
  await compare(page, 'batchnorm', undefined, 1);
  assert.deepEqual((await config(page)).runs, expect.batchnorm.map(([name, set]) => ({ name, set: { ...set, 'train.learning_rate': 0.3 } })));
  await page.evaluate(() => window.bnlab.setRun(0, { 'train.learning_rate': null }));
  await compare(page, 'batchnorm', undefined, 0);
  assert.deepEqual((await config(page)).runs, expect.batchnorm.map(([name, set]) => ({ name, set })));
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typed values: the learning-rate race from "with BN", and a bad value refused whole', async () => {
  const { page, context, problems } = await env.open();
  await compare(page, 'learning_rate', '0.03, 0.1, 0.3, 1', 1);
  const runs = (await config(page)).runs;
  assert.deepEqual(runs, [0.03, 0.1, 0.3, 1].map((v) => ({ name: String(v), set: { 'model.batchnorm': true, 'train.learning_rate': v } })));
  const hash = await page.evaluate(() => location.hash);
  console.log(`# link after the four-rate compare: ${hash.length} characters`);

  await page.fill('#compare-values', '0.1, abc');
  await page.click('.compare-apply');
  await page.waitForFunction(() => window.bnlab.messages().length > 0);
  const [text] = await messages(page);
  assert.match(text, /^Compare learning rate: .*train\.learning_rate.*abc/);
  assert.deepEqual((await config(page)).runs, runs, 'nothing applied');
  await page.click('#messages .message-close');

  // Nine values: more runs than colours.
  await page.fill('#compare-values', '1,2,3,4,5,6,7,8,9');
  await page.click('.compare-apply');
  await page.waitForFunction(() => window.bnlab.messages().length > 0);
  assert.match((await messages(page))[0], /9 are too many \(allowed: up to 8/);
  assert.deepEqual((await config(page)).runs, runs, 'nothing applied');
  assert.deepEqual(problems, []);
  await context.close();
});
