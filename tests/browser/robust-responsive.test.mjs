// A responsive worker (issue 12, item 9): while the largest configs the engine
// allows train at top speed, pause is answered within a slice of work (steps
// at most TICK_BUDGET_MS per tick, snapshots built in pieces of SLICE_MS:
// web/worker.js), and reset brings the new experiment's first picture.
// Figures printed for docs/RELIABILITY.md. On a machine shared with other
// builds a thread can be descheduled for tens of ms, so the bounds asserted are
// generous (a worker that builds a whole snapshot in one go, ~0.4-1 s at these
// configs, exceeds them); the figures are the record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// The heaviest shapes at the engine's limits (engine/src/config/cost.cpp):
// the 8-run race on 20,000 points with batches of 19,000, and three wide
// layers whose 128 x 128 grids make the costliest snapshot.
const CONFIGS = [
  ['the 8-run race, 20,000 points, batch 19,000', 'preset=learning-rate-race&model.hidden=16&data.points=20000&data.test_fraction=0.05&train.batch_size=19000'],
  ['3 x 265 hidden units (the costliest snapshot)', 'model.hidden=265,265,265'],
];
const ROUNDS = 6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [what, hash] of CONFIGS) {
  test(`${what}: pause answers promptly, reset brings the first picture`, async () => {
    const { page, context, problems } = await env.open(hash);
    assert.deepEqual(await messages(page), [], 'the config is within the limits');
    await page.selectOption('#speed', { index: (await page.$$eval('#speed option', (o) => o.length)) - 1 });  // top speed
    const pauses = [], pictures = [], resets = [];
    for (let i = 0; i < ROUNDS; i++) {
      await page.evaluate(() => window.bnlab.play());
      // Some training (and snapshots in progress) before each pause, at varying phases.
      await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), 300 + 137 * i);
      const picture = await page.evaluate(async () => {
        const t0 = performance.now();
        await window.bnlab.pause();
        return performance.now() - t0;
      });
      pauses.push((await page.evaluate(() => window.bnlab.perf().engine.replyMs.pause)));
      pictures.push(picture);
      if (i % 2 === 1) {
        await page.evaluate(() => window.bnlab.play());
        await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
        resets.push(await page.evaluate(async () => {
          const t0 = performance.now();
          await window.bnlab.reset();  // resolves when the new experiment's first snapshot is in
          return performance.now() - t0;
        }));
      }
    }
    const round = (xs) => xs.map((x) => Math.round(x));
    console.log(`${what}: pause reply ms ${round(pauses)} (median ${Math.round(median(pauses))}); ` +
      `paused picture ms ${round(pictures)}; reset to first picture ms ${round(resets)}`);
    // The goal is 100 ms (met on an idle machine: docs/RELIABILITY.md); at
    // a load average of 20 on 2 cores the same slices take 2-5x longer.
    assert.ok(median(pauses) < 250, `median pause reply ${median(pauses)} ms`);
    assert.ok(Math.max(...pauses) < 1000, `slowest pause reply ${Math.max(...pauses)} ms`);
    const s = await page.evaluate(() => window.bnlab.status());
    assert.equal(s.playing, false);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
