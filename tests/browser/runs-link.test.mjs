// Links carry the runs readably and no longer than they must: a run's own
// values as run.<i>.<key> items (the engine's codec writes and reads them),
// only what differs from the preset's runs; hand-written items open as
// written; a bad item is reported and the rest applies. Prints the lengths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());
const hash = (page) => page.evaluate(() => location.hash);

test('the link says what each run sets on its own, and reopens to the same runs', async () => {
  const { page, context, problems } = await env.open();
  const lengths = [];
  const check = async (label, expected) => {
    const h = await hash(page);
    if (expected !== undefined) assert.equal(h, expected, label);
    lengths.push(`${label}: ${h.length}`);
    const kept = await config(page);
    const again = await env.open(h);
    assert.deepEqual(await config(again.page), kept, label);
    assert.deepEqual(await messages(again.page), [], label);
    assert.deepEqual(again.problems, [], label);
    await again.context.close();
  };
  assert.deepEqual(await page.evaluate(() => window.bnlab.setRun(1, { 'train.learning_rate': 0.3 })), { ok: true });
  await check('one run\'s learning rate', '#run.1.train.learning_rate=0.3');
  assert.deepEqual(await page.evaluate(() => window.bnlab.addRun(1)), { ok: true });
  await check('and a copy of it',
    '#run.1.train.learning_rate=0.3&run.2.name=with%20BN%20copy&run.2.model.batchnorm=true&run.2.train.learning_rate=0.3');
  assert.deepEqual(await page.evaluate(() => window.bnlab.compare('learning_rate', '0.03, 0.1, 0.3, 1', 1)), { ok: true });
  await check('the four-rate compare');
  assert.match(await hash(page), /^#run\.0\.name=0\.03&run\.0\.model\.batchnorm=true&run\.0\.train\.learning_rate=0\.03&run\.1\.name=0\.1&/);
  assert.deepEqual(await page.evaluate(() => window.bnlab.setRun(1, { 'model.batchnorm': null })), { ok: true });
  await check('a dropped own value (the JSON form)');
  assert.match(decodeURIComponent(await hash(page)), /^#runs=\[\{"name":"0\.03"/);
  assert.deepEqual(await page.evaluate(() => window.bnlab.removeRun(0)), { ok: true });
  console.log(`# link lengths (characters): ${lengths.join('; ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('hand-written run items open as written; a bad one is reported and the others apply', async () => {
  const { page, context, problems } = await env.open('run.2.name=fast&run.2.model.batchnorm=true&run.2.train.learning_rate=1&run.0.train.optimizer=adam');
  const runs = (await config(page)).runs;
  assert.deepEqual(runs, [
    { name: 'without BN', set: { 'model.batchnorm': false, 'train.optimizer': 'adam' } },
    { name: 'with BN', set: { 'model.batchnorm': true } },
    { name: 'fast', set: { 'model.batchnorm': true, 'train.learning_rate': 1 } },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('.panel').length === 3);
  assert.equal(await page.textContent('.panel[data-run="2"] .panel-overrides'), 'Batch normalization: on, Learning rate: 1');
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();

  const bad = await env.open('run.1.train.learning_rate=0.3&run.5.name=x&run.0.data.name=xor');
  const texts = await messages(bad.page);
  assert.equal(texts.length, 2, texts.join(' | '));
  assert.match(texts[0], /run\.5\.name: there is no run 4 before it/);
  assert.match(texts[1], /run\.0\.data\.name.*cannot differ between runs/);
  assert.equal((await config(bad.page)).runs[1].set['train.learning_rate'], 0.3, 'the good item applies');
  assert.equal((await config(bad.page)).runs.length, 2);
  assert.deepEqual(bad.problems, []);
  await bad.context.close();
});
