// Each lesson's pace (web/pace.js, the presets' `speed` and `stop`): it
// plays at its speed, pauses at the step where it makes its point and says
// so (messages and lesson text), and play goes on past it; a link's own
// speed= and stop= win. Also: the lesson text's formulas typeset by KaTeX
// (web/lesson-math.js: no dollar sign left, MathML for screen readers, axe
// clean), and each run's epoch where the runs' batch sizes differ.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { artifactPath, messages, nextFrames, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const STOPPED = (step) => `Stopped at step ${step}, where the lesson makes its point; press play to go on.`;
const speed = (page) => page.$eval('#speed', (s) => s.value);
const pace = (page) => page.$eval('#lesson-pace', (n) => ({ hidden: n.hidden, text: n.textContent, stoppedAt: n.dataset.stoppedAt }));
const typeset = (page) => page.waitForFunction(() => document.getElementById('lesson').dataset.math === 'typeset', null, { timeout: 20000 });
// The lesson's formulas: typeset nodes, and any dollar sign a reader would see.
const formulas = (page) => page.evaluate(() => ({
  katex: document.querySelectorAll('#lesson-text .katex').length,
  mathml: document.querySelectorAll('#lesson .katex-mathml math').length,
  untypeset: document.querySelectorAll('#lesson .lesson-math:not(.is-typeset)').length,
  dollars: document.getElementById('lesson').innerText.includes('$'),
}));

test('a lesson plays at its pace, stops where it makes its point, says so, and plays on; formulas typeset; epochs per run', async () => {
  const { page, context, problems } = await env.open('preset=mini-batches');
  // Its pace: 10 steps a second, a stop at step 200 (engine/src/presets.cpp); the link stays short.
  assert.equal(await speed(page), '10');
  let s = await status(page);
  assert.equal(s.lessonStop, 200);
  assert.equal(s.stopAt, null, 'no stop= in the link');
  assert.deepEqual(await pace(page), { hidden: false, text: 'This lesson pauses at step 200, where it makes its point.', stoppedAt: '' });
  assert.equal(await page.evaluate(() => window.bnlab.hash()), '#preset=mini-batches');

  // Its formulas ($\mu$ and $\sigma^2$ in the text): typeset, with MathML, no dollar sign left.
  await typeset(page);
  let f = await formulas(page);
  assert.ok(f.katex >= 2 && f.mathml >= 2 && f.untypeset === 0 && !f.dollars, JSON.stringify(f));

  // Batches of 8 and 128 pass through the data at different rates: the counter shows both epochs.
  await page.evaluate(() => window.bnlab.step(30));
  await nextFrames(page);
  s = await status(page);
  assert.equal(s.runs.length, 2);
  const epochs = s.runs.map((r) => r.epoch);
  assert.ok(epochs[1] > 10 * epochs[0], `batches of 128 go through the data 16 times faster (${epochs})`);
  const shown = await page.$$eval('#epoch-count .epoch-run', (nodes) => nodes.map((n) => ({
    runs: n.dataset.runs, value: [...n.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join(''),
  })));
  const text = (e) => e.toFixed(e < 10 ? 2 : 1);
  assert.deepEqual(shown, [{ runs: '0', value: text(epochs[0]) }, { runs: '1', value: text(epochs[1]) }]);
  assert.match(await page.$eval('#epoch-count', (n) => n.title), /^batch 8: \S+\nbatch 128: \S+$/);

  // Play from step 195: it pauses at 200, in the messages and in the lesson text.
  await page.evaluate(() => window.bnlab.step(165));
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => !window.bnlab.status().playing, null, { timeout: 30000 });
  s = await status(page);
  assert.equal(s.step, 200, 'paused exactly at the lesson\'s stop');
  assert.deepEqual(await messages(page), [STOPPED(200)]);
  assert.deepEqual(await pace(page), { hidden: false, text: STOPPED(200), stoppedAt: '200' });
  await nextFrames(page);
  await page.screenshot({ path: artifactPath('lesson-pace-stopped.png') });

  // Play goes on past it; the notice goes.
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step > 203, null, { timeout: 30000 });
  assert.equal((await status(page)).playing, true);
  assert.deepEqual(await messages(page), []);
  assert.equal((await pace(page)).stoppedAt, '');
  await page.evaluate(() => window.bnlab.pause());

  // Another lesson brings its own pace; the opening comparison has none.
  await page.evaluate(() => window.bnlab.openPreset('regularization'));
  assert.equal(await speed(page), '300');
  assert.equal((await status(page)).lessonStop, 3000);
  assert.equal(await page.evaluate(() => window.bnlab.hash()), '#preset=regularization');
  await page.evaluate(() => window.bnlab.openPreset('default'));
  assert.equal(await speed(page), '100');
  assert.equal((await status(page)).lessonStop, null);
  assert.equal((await pace(page)).hidden, true);

  // The lesson that writes the most formulas: all typeset, and axe finds nothing in the lesson.
  await page.evaluate(() => window.bnlab.openPreset('implementing-bn'));
  await typeset(page);
  await page.evaluate(() => document.fonts.ready.then(() => true));
  f = await formulas(page);
  assert.ok(f.katex >= 7 && f.mathml >= 12 && f.untypeset === 0 && !f.dollars, JSON.stringify(f));
  const axe = await new AxeBuilder({ page }).include('.lesson').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.locator('#lesson').screenshot({ path: artifactPath('lesson-formulas.png') });
  assert.deepEqual(problems, [], 'no console errors (CSP included)');
  await context.close();
});

test('a link\'s own speed= and stop= win over the lesson\'s pace', async () => {
  const { page, context, problems } = await env.open('preset=test-time&speed=100&stop=30');
  assert.equal(await speed(page), '100');
  const s = await status(page);
  assert.equal(s.stopAt, 30);
  assert.equal(s.lessonStop, null);
  assert.equal((await pace(page)).hidden, true);
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => !window.bnlab.status().playing, null, { timeout: 30000 });
  assert.equal((await status(page)).step, 30, 'the link\'s stop, not the lesson\'s (150)');
  assert.deepEqual(await messages(page), ['Paused at step 30, where this lesson stops. Press play to go on.']);
  assert.equal(await page.evaluate(() => window.bnlab.hash()), '#preset=test-time&speed=100&stop=30');
  assert.deepEqual(problems, []);
  await context.close();
});
