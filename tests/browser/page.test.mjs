// The page loads cleanly under the strict CSP, trains when played, shows a
// diverged run as a state (its last finite boundary, dimmed; not NaN art), and
// leaves a screenshot to look at.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifactPath, nextFrames, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('loads with no console or page errors and becomes ready', async () => {
  const { page, context, problems } = await env.open();
  const s = await status(page);
  assert.equal(s.ready, true);
  assert.equal(s.step, 0);
  assert.deepEqual(s.runs.map((r) => r.name), ['without BN', 'with BN']);
  for (const r of s.runs) {
    assert.ok(Number.isFinite(r.trainLoss) && Number.isFinite(r.testLoss), `finite losses at step 0: ${JSON.stringify(r)}`);
    assert.equal(r.diverged, false);
  }
  // Two panels with a 128x128 (or finer) boundary each, and the two charts.
  const layout = await page.evaluate(() => ({
    panels: document.querySelectorAll('.panel').length,
    heat: [...document.querySelectorAll('.panel canvas.heat')].map((c) => [c.width, c.height]),
    charts: document.querySelectorAll('.chart .uplot').length,
    legend: [...document.querySelectorAll('#loss-chart .u-legend .u-label')].map((n) => n.textContent),
    presets: document.querySelectorAll('#preset option').length,
  }));
  assert.equal(layout.panels, 2);
  for (const [w, h] of layout.heat) assert.ok(w >= 128 && h >= 128, `boundary grid ${w}x${h}`);
  assert.equal(layout.charts, 2);
  assert.deepEqual(layout.legend.filter((t) => t !== 'step'), ['without BN · train', 'without BN · test', 'with BN · train', 'with BN · test']);
  assert.ok(layout.presets >= 1);
  assert.deepEqual(await page.evaluate(() => window.bnlab.messages()), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('play trains: steps advance and the loss falls', async () => {
  const { page, context, problems } = await env.open();
  const before = await status(page);
  await page.click('#play');
  await page.waitForFunction(() => window.bnlab.status().step >= 300, null, { timeout: 30000 });
  await page.evaluate(() => window.bnlab.pause());
  const s = await status(page);
  assert.equal(s.playing, false);
  assert.ok(s.step >= 300);
  assert.ok(s.epoch > 0);
  s.runs.forEach((r, i) => {
    assert.ok(r.trainLoss < before.runs[i].trainLoss, `${r.name}: train loss ${before.runs[i].trainLoss} -> ${r.trainLoss}`);
  });
  // The counters on screen follow.
  const shown = await page.evaluate(() => Number(document.getElementById('step-count').textContent));
  assert.ok(shown >= 300);
  // Paused means paused: no more steps.
  const step = s.step;
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  assert.equal((await status(page)).step, step);
  // Reset: both runs back to step 0 with the very same initial numbers.
  await page.evaluate(() => window.bnlab.reset());
  const again = await status(page);
  assert.equal(again.step, 0);
  assert.deepEqual(again.runs, before.runs);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a diverged run shows its last finite boundary, dimmed, and says so', async () => {
  // Learning rate 10 without batch norm blows up within a few dozen steps.
  const { page, context, problems } = await env.open('train.learning_rate=10');
  await page.evaluate(() => window.bnlab.step(300));
  await nextFrames(page);
  const s = await status(page);
  const diverged = s.runs.filter((r) => r.diverged);
  assert.ok(diverged.length >= 1, `some run diverged at lr 10: ${JSON.stringify(s.runs)}`);
  const view = await page.evaluate(() => [...document.querySelectorAll('.panel')].map((p) => ({
    diverged: p.classList.contains('is-diverged'),
    banner: p.querySelector('.diverged-banner').hidden ? '' : p.querySelector('.diverged-banner').textContent,
    heatVisible: getComputedStyle(p.querySelector('canvas.heat')).visibility === 'visible',
    heatOpacity: Number(getComputedStyle(p.querySelector('canvas.heat')).opacity),
    // Painted pixels (opaque) in the boundary canvas.
    painted: (() => {
      const c = p.querySelector('canvas.heat');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < px.length; k += 4) n += px[k] === 255;
      return n / (c.width * c.height);
    })(),
  })));
  s.runs.forEach((r, i) => {
    assert.equal(view[i].diverged, r.diverged);
    assert.equal(view[i].heatVisible, true);
    assert.equal(view[i].painted, 1, `${r.name}: the whole boundary is painted`);
    if (r.diverged) {
      assert.match(view[i].banner, new RegExp(`Diverged at step ${r.divergedStep}\\b`));
      assert.match(view[i].banner, new RegExp(`last finite state \\(step ${r.divergedStep - 1}\\)`));
      assert.ok(view[i].heatOpacity < 1, 'dimmed');
    } else {
      assert.equal(view[i].heatOpacity, 1);
    }
  });
  await page.locator('.panels').screenshot({ path: artifactPath('diverged.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshot of the page after some training', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.step(600));
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) === 600);
  await nextFrames(page);
  // What the screenshot shows is the comparison the page opens on: both
  // boundaries drawn as probability maps (not blank, not one color), and the
  // batch-norm run ahead of the other at step 600.
  const s = await status(page);
  assert.equal(s.step, 600);
  const heat = await page.evaluate(() => [...document.querySelectorAll('.panel canvas.heat')].map((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const colors = new Set();
    for (let p = 0; p < data.length; p += 4) colors.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
    return { colors: colors.size, visible: getComputedStyle(canvas).visibility === 'visible' };
  }));
  assert.equal(heat.length, 2);
  for (const h of heat) assert.ok(h.visible && h.colors > 20, `a drawn probability map: ${JSON.stringify(h)}`);
  const [plain, bn] = s.runs;
  assert.ok(!plain.diverged && !bn.diverged);
  assert.ok(bn.testAcc >= plain.testAcc + 0.05, `with BN ${bn.testAcc} ahead of without ${plain.testAcc}`);
  const file = artifactPath('page.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every preset in the picker loads, trains, and links as #preset=NAME', async () => {
  const { page, context, problems } = await env.open();
  const names = await page.$$eval('#preset option', (options) => options.map((o) => o.value));
  assert.ok(names.includes('default'));
  for (const name of names) {
    await page.selectOption('#preset', name);
    await page.waitForFunction((n) => window.bnlab.status().preset === n && window.bnlab.status().step === 0, name);
    await page.evaluate(() => window.bnlab.step(20));
    const s = await status(page);
    const c = await page.evaluate(() => window.bnlab.config());
    assert.equal(s.step, 20, name);
    assert.equal(s.runs.length, c.runs.length, name);
    // The panels are rebuilt on the animation frame that draws the new experiment.
    await page.waitForFunction((n) => document.querySelectorAll('.panel').length === n, c.runs.length, { timeout: 10000 }).catch(() => {});
    assert.equal(await page.locator('.panel').count(), c.runs.length, name);
    assert.equal(await page.evaluate(() => location.hash), name === 'default' ? '' : `#preset=${name}`);
    assert.deepEqual(await page.evaluate(() => window.bnlab.messages()), [], name);
    assert.notEqual((await page.textContent('#lesson-title')).trim(), '', name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
