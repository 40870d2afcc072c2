// The product's promise: on the default preset, the run with batch norm is
// clearly ahead of the same network without it after a fixed number of steps.
//
// Measured (default preset: spiral, 400 points, 16-16-16 ReLU, SGD lr 0.1,
// batch 32), test accuracy without BN / with BN:
//   seed 1: step 300 57.5/87.0, step 600 66.5/98.0, step 1000 80.5/95.5
//   seeds 2-5 at step 600: 65.5/93.5, 63.0/97.0, 63.5/97.5, 56.0/98.0
// so at step 600 the margin is 28-42 points; the test asks for 15 points and
// at least 90% for the BN run, which leaves room for engine changes that keep
// the lesson true but would fail a test pinned to exact numbers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup, status } from './helpers.mjs';

const STEPS = 600;
const MIN_MARGIN = 0.15;
const MIN_BN_ACCURACY = 0.9;

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test(`with BN beats without BN by ${MIN_MARGIN * 100} points of test accuracy at step ${STEPS}`, async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate((n) => window.bnlab.step(n), STEPS);
  const s = await status(page);
  assert.equal(s.step, STEPS);
  const without = s.runs.find((r) => r.name === 'without BN');
  const withBn = s.runs.find((r) => r.name === 'with BN');
  console.log(`step ${STEPS}: test accuracy without BN ${(without.testAcc * 100).toFixed(1)}%, with BN ${(withBn.testAcc * 100).toFixed(1)}%`);
  assert.ok(withBn.testAcc >= MIN_BN_ACCURACY, `with BN test accuracy ${withBn.testAcc}`);
  assert.ok(withBn.testAcc - without.testAcc >= MIN_MARGIN,
    `margin ${(withBn.testAcc - without.testAcc).toFixed(3)} (without ${without.testAcc}, with ${withBn.testAcc})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page and the engine are deterministic: the same steps give the same numbers', async () => {
  const a = await env.open();
  const b = await env.open();
  // One call of 200 steps, or 200 single clicks' worth in chunks: same result.
  await a.page.evaluate(() => window.bnlab.step(200));
  await b.page.evaluate(async () => { for (let i = 0; i < 4; i++) await window.bnlab.step(50); });
  assert.deepEqual(await status(a.page), await status(b.page));
  await a.context.close();
  await b.context.close();
});
