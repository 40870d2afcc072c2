// Memory given back (issue 12, item 9): WASM memory never shrinks, so after a
// large experiment a much smaller one runs in a fresh worker (web/engine-client.js:
// heap above 64 MB and the new config's estimate below a quarter of it), which
// the page does not notice: the same settings (speed, stop-at step, views) and
// the play state carry over. The worker's memory is in window.bnlab.perf().engine.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const MB = 2 ** 20;
// The race at 20,000 points with batches of 19,000: within the engine's limits,
// ~100 MB of WASM memory.
const LARGE = 'preset=learning-rate-race&model.hidden=16&data.points=20000&data.test_fraction=0.05&train.batch_size=19000';
const engine = (page) => page.evaluate(() => window.bnlab.perf().engine);

test('a small experiment after a large one runs in a fresh worker that gives the memory back', async () => {
  const { page, context, problems } = await env.open(LARGE);
  assert.deepEqual(await messages(page), []);
  const large = await engine(page);
  console.log(`large experiment: WASM memory ${(large.heapBytes / MB).toFixed(1)} MB`);
  assert.ok(large.heapBytes > 64 * MB, `heap ${large.heapBytes}`);
  assert.deepEqual(large.restarts, { memory: 0, trouble: 0 });

  // Playing, then a small preset: play goes on, in a new worker.
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 1, null, { timeout: 60000 });
  const t0 = Date.now();
  assert.equal(await page.evaluate(() => window.bnlab.openPreset('default')), true);
  console.log(`switch to the default preset (with the worker restart): ${Date.now() - t0} ms`);
  const small = await engine(page);
  assert.equal(small.restarts.memory, 1, JSON.stringify(small));
  assert.ok(small.heapBytes < 32 * MB, `heap after the restart ${small.heapBytes}`);
  console.log(`default preset in the fresh worker: WASM memory ${(small.heapBytes / MB).toFixed(1)} MB`);
  // Transparent: still playing (the play state was re-sent), the new experiment trains.
  await page.waitForFunction(() => window.bnlab.status().step >= 30 && window.bnlab.status().preset === 'default', null, { timeout: 30000 });
  const s = await status(page);
  assert.equal(s.playing, true);
  assert.equal(s.runs.length, 2);
  await page.evaluate(() => window.bnlab.pause());
  const trainers = page.workers().filter((w) => /worker\.js/.test(w.url()));
  assert.equal(trainers.length, 1, 'the old worker is gone');

  // Small after small: no restart.
  assert.equal(await page.evaluate(() => window.bnlab.openPreset('learning-rate-race')), true);
  assert.equal(await page.evaluate(() => window.bnlab.openPreset('default')), true);
  assert.equal((await engine(page)).restarts.memory, 1);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
