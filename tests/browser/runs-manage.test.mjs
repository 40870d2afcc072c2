// Runs: window.bnlab.setRun's contract (docs/DESIGN.md "Runs": {ok:true} or
// {ok:false, error}, all or nothing, a shared reset), adding a run (a copy of
// one, up to 8), removing one (down to 1), renaming (the engine's run-name
// rules, unique names), and a link that brings all of it back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());
const setRun = (page, index, settings) => page.evaluate(([i, s]) => window.bnlab.setRun(i, s), [index, settings]);

test('setRun: ok, refusals name the field and change nothing, null goes back to the shared value', async () => {
  const { page, context, problems } = await env.open();
  assert.deepEqual(await setRun(page, 0, { 'train.learning_rate': 0.3, 'train.optimizer': 'adam' }), { ok: true });
  let c = await config(page);
  assert.deepEqual(c.runs[0].set, { 'model.batchnorm': false, 'train.learning_rate': 0.3, 'train.optimizer': 'adam' });
  assert.deepEqual(c.runs[1].set, { 'model.batchnorm': true });
  await page.evaluate(() => window.bnlab.step(7));

  const refusals = [
    [0, { 'train.learning_rate': -1 }, /runs\[0\]\.set\.train\.learning_rate: -1 is out of range/],
    [1, { 'train.learning_rate': 0.2, 'train.optimizer': 'nope' }, /runs\[1\]\.set\.train\.optimizer/],  // the good half is not applied either
    [1, { 'data.name': 'xor' }, /data\.name.*cannot differ between runs/],
    [1, { 'model.no_such_key': 1 }, /no_such_key/],
    [2, { 'train.learning_rate': 0.2 }, /run index 2 is not allowed \(allowed: an integer 0\.\.1\)/],
    [-1, {}, /run index -1/],
    [0, 'train.learning_rate=0.2', /settings: .* is not an object/],
    [0, ['train.learning_rate', 0.2], /is not an object/],
  ];
  for (const [index, settings, pattern] of refusals) {
    const r = await setRun(page, index, settings);
    assert.equal(r.ok, false, JSON.stringify(settings));
    assert.match(r.error, pattern);
    assert.deepEqual(await config(page), c, 'nothing applied');
  }
  assert.equal((await status(page)).step, 7, 'no reset for a refused change');
  assert.deepEqual(await messages(page), [], 'the API returns its refusals; it does not show them');

  assert.deepEqual(await setRun(page, 0, { 'train.optimizer': null }), { ok: true });
  c = await config(page);
  assert.deepEqual(c.runs[0].set, { 'model.batchnorm': false, 'train.learning_rate': 0.3 });
  assert.equal((await status(page)).step, 0, 'a change resets every run');
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy a run up to 8, remove down to 1, rename by the engine rules; the link brings it back', async () => {
  const { page, context, problems } = await env.open();
  await setRun(page, 1, { 'train.learning_rate': 0.3 });
  await page.click('.panel[data-run="1"] .run-copy');
  await page.waitForFunction(() => window.bnlab.config().runs.length === 3);
  let runs = (await config(page)).runs;
  assert.deepEqual(runs[2], { name: 'with BN copy', set: { 'model.batchnorm': true, 'train.learning_rate': 0.3 } });
  await page.waitForFunction(() => document.querySelectorAll('.panel').length === 3);
  assert.equal(await page.textContent('.panel[data-run="2"] .panel-title'), 'with BN copy');
  // Copies of copies get names of their own, up to 8 runs (one colour each).
  for (let n = 4; n <= 8; n++) assert.deepEqual(await page.evaluate(() => window.bnlab.addRun(2)), { ok: true });
  runs = (await config(page)).runs;
  assert.equal(runs.length, 8);
  assert.equal(new Set(runs.map((r) => r.name)).size, 8, runs.map((r) => r.name).join(' | '));
  await page.waitForFunction(() => document.querySelectorAll('.panel').length === 8);
  assert.equal(await page.isDisabled('.panel[data-run="0"] .run-copy'), true, 'no ninth run');
  const ninth = await page.evaluate(() => window.bnlab.addRun(0));
  assert.equal(ninth.ok, false);
  assert.match(ninth.error, /up to 8/);

  // Rename: a bad name gets the engine's message and nothing changes.
  await page.click('.panel[data-run="3"] .run-edit');
  const before = await config(page);
  const bad = [['', /not allowed/], ['with BN', /already the name of runs\[1\]/], ['x'.repeat(65), /not allowed/], ['tab\there', /runs\[3\]\.name/]];
  for (const [name, pattern] of bad) {
    await page.fill('#run3-name', name);
    await page.click('.panel[data-run="3"] .run-rename');
    await page.waitForFunction(() => window.bnlab.messages().length > 0);
    const texts = await messages(page);
    assert.equal(texts.length, 1, texts.join(' | '));
    assert.match(texts[0], /^runs\[3\]\.name: /, `${JSON.stringify(name)}: ${texts[0]}`);
    assert.match(texts[0], pattern);
    assert.deepEqual(await config(page), before, 'nothing applied');
    await page.click('#messages .message-close');  // dismissed: the next one's message stands alone
  }
  const renamed = await page.evaluate(() => window.bnlab.renameRun(3, 'fast, BN'));
  assert.deepEqual(renamed, { ok: true });
  await page.waitForFunction(() => document.querySelector('.panel[data-run="3"] .panel-title')?.textContent === 'fast, BN');
  assert.equal((await config(page)).runs[3].name, 'fast, BN');

  // Remove down to 1.
  await page.click('.panel[data-run="7"] .run-remove');
  await page.waitForFunction(() => window.bnlab.config().runs.length === 7);
  while ((await config(page)).runs.length > 2) assert.deepEqual(await page.evaluate(() => window.bnlab.removeRun(2)), { ok: true });
  // The link carries the runs; reopening it gives the same experiment.
  const hash = await page.evaluate(() => location.hash);
  const kept = await config(page);
  const again = await env.open(hash);
  assert.deepEqual(await config(again.page), kept);
  assert.deepEqual(await messages(again.page), []);
  await again.context.close();

  await page.evaluate(() => window.bnlab.removeRun(0));
  await page.waitForFunction(() => document.querySelectorAll('.panel').length === 1);
  assert.equal(await page.isDisabled('.panel[data-run="0"] .run-remove'), true, 'the last run stays');
  const last = await page.evaluate(() => window.bnlab.removeRun(0));
  assert.equal(last.ok, false);
  assert.match(last.error, /runs/);
  assert.equal((await config(page)).runs.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});
