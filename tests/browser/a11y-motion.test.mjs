// Reduced motion: with prefers-reduced-motion: reduce, nothing plays by
// itself (autoplay=1 waits for play), the learner can still play, and the
// boundaries redraw a few calm times a second instead of at every frame
// (compared with the same page without the preference, so the check can
// fail); CSS animations are off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup, waitReadyOn } from './helpers.mjs';

let env;
before(async () => { env = await setup({ full: true }); });
after(async () => { await env?.close(); });

async function openWith(reducedMotion, hash) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(`${env.server.url}#${hash}`);
  await waitReadyOn(page);
  return { page, context, problems };
}

// Boundary redraws per second over `ms` of training.
async function redrawRate(page, ms = 3000) {
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step > 0);
  await page.evaluate(() => window.bnlab.resetPerf());
  const before = await page.evaluate(() => window.bnlab.perf().totals.boundaryRedraws);
  const t0 = Date.now();
  await page.waitForTimeout(ms);
  const after = await page.evaluate(() => window.bnlab.perf().totals.boundaryRedraws);
  await page.evaluate(() => window.bnlab.pause());
  return ((after - before) * 1000) / (Date.now() - t0);
}

test('prefers-reduced-motion: autoplay waits for play, redraws are calm, play still works', async () => {
  const calm = await openWith('reduce', 'autoplay=1');
  assert.equal(await calm.page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
  // autoplay=1 (the embedding contract): never by itself under reduced motion.
  await calm.page.waitForTimeout(1500);
  assert.equal(await calm.page.evaluate(() => window.bnlab.status().step), 0, 'nothing played by itself');
  assert.equal(await calm.page.evaluate(() => window.bnlab.status().playing), false);

  const normal = await openWith('no-preference', '');
  const calmRate = await redrawRate(calm.page);
  const normalRate = await redrawRate(normal.page);
  assert.ok(await calm.page.evaluate(() => window.bnlab.status().step) > 0, 'the learner can still play');
  assert.ok(calmRate <= 1.2, `reduced motion: ${calmRate.toFixed(1)} boundary redraws a second (at most 1)`);
  assert.ok(normalRate > calmRate * 2, `without the preference the page redraws more (${normalRate.toFixed(1)}/s vs ${calmRate.toFixed(1)}/s)`);
  // No animation on the page's own parts (e.g. the drawer's slide-in).
  const animated = await calm.page.evaluate(() => [...document.querySelectorAll('.bnlab *')]
    .filter((n) => getComputedStyle(n).animationName !== 'none' || parseFloat(getComputedStyle(n).transitionDuration) > 0).length);
  assert.equal(animated, 0);
  console.log(`boundary redraws per second: reduced motion ${calmRate.toFixed(1)}, normal ${normalRate.toFixed(1)}`);
  assert.deepEqual([...calm.problems, ...normal.problems], []);
  await calm.context.close();
  await normal.context.close();
});
