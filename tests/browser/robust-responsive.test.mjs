// A responsive worker (issue 12, item 9): while the largest configs the engine
// allows train at top speed, pause is answered within 100 ms (steps at most
// TICK_BUDGET_MS per tick, snapshots built in pieces of SLICE_MS:
// web/worker.js), and reset brings the new experiment's first picture within
// RESET_MS. Figures printed for docs/RELIABILITY.md.
// The goals are asserted on the worker's own timing log (perf().engine.
// workerTasks: its longest uninterrupted task of each kind; a pause waits at
// most for the task running when it arrives) and on the replies as the page
// sees them. On a machine shared with other jobs every task takes longer by
// about the load per core, so the bounds are multiplied by
// max(1, load average / cores): the goals themselves on an idle machine (CI
// runs this file alone), proportionally more under load.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { messages, setup } from './helpers.mjs';

let env;
before(async () => { env = await setup({ full: true }); });
after(async () => { await env?.close(); });

// The heaviest shapes at the engine's limits (engine/src/config/cost.cpp):
// the 8-run race on 20,000 points with batches of 19,000, and three wide
// layers whose 128 x 128 grids make the costliest snapshot.
const CONFIGS = [
  ['the 8-run race, 20,000 points, batch 19,000', 'preset=learning-rate-race&model.hidden=16&data.points=20000&data.test_fraction=0.05&train.batch_size=19000'],
  ['3 x 265 hidden units (the costliest snapshot)', 'model.hidden=265,265,265'],
];
const ROUNDS = 6;
const PAUSE_MS = 100;   // the goal: a pause is answered within this
const RESET_MS = 2000;  // reset to the first picture at the limits (configure ~0.4 s CPU when cold, the picture in slices)
// The kinds of worker task a pause can wait for while playing.
const PLAYING_TASKS = ['tick', 'snapshot', 'pause', 'play', 'setSpeed'];
const load = () => Math.max(1, os.loadavg()[0] / os.cpus().length);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [what, hash] of CONFIGS) {
  test(`${what}: pause answers promptly, reset brings the first picture`, async () => {
    const { page, context, problems } = await env.open(hash);
    assert.deepEqual(await messages(page), [], 'the config is within the limits');
    await page.selectOption('#speed', { index: (await page.$$eval('#speed option', (o) => o.length)) - 1 });  // top speed
    // Warm-up: the first steps of a fresh worker run code V8 has not yet
    // optimized (the first step of the race costs ~160 ms of CPU in Node,
    // then 17 ms); the timing log starts after it.
    await page.evaluate(() => window.bnlab.play());
    await page.waitForFunction(() => window.bnlab.status().step >= 5, null, { timeout: 60000 });
    await page.evaluate(() => window.bnlab.pause());
    assert.equal(await page.evaluate(() => window.bnlab.resetPerf()), true);
    assert.deepEqual(await page.evaluate(() => window.bnlab.perf().engine.workerTasks), {}, 'the timing log starts afresh');
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
    const tasks = await page.evaluate(() => window.bnlab.perf().engine.workerTasks);
    const slack = load();
    const round = (xs) => xs.map((x) => Math.round(x));
    console.log(`${what}: pause reply ms ${round(pauses)} (median ${Math.round(median(pauses))}); ` +
      `paused picture ms ${round(pictures)}; reset to first picture ms ${round(resets)}; ` +
      `worker's longest tasks ms ${JSON.stringify(tasks)}; load per core ${slack.toFixed(1)}`);
    for (const kind of PLAYING_TASKS) {
      // The longest of hundreds of tasks, the first ones in not yet optimized
      // code: twice the goal, as for the slowest pause.
      if (kind in tasks) assert.ok(tasks[kind] < 2 * PAUSE_MS * slack, `the worker's longest ${kind} task: ${tasks[kind]} ms (bound 2 x ${PAUSE_MS} x ${slack.toFixed(1)})`);
    }
    assert.ok('tick' in tasks && 'snapshot' in tasks, `the timing log has ticks and snapshot pieces: ${JSON.stringify(tasks)}`);
    assert.ok(median(pauses) < PAUSE_MS * slack, `median pause reply ${median(pauses)} ms (bound ${PAUSE_MS} x ${slack.toFixed(1)})`);
    assert.ok(Math.max(...pauses) < 2 * PAUSE_MS * slack, `slowest pause reply ${Math.max(...pauses)} ms`);
    assert.ok(Math.max(...resets) < RESET_MS * slack, `slowest reset to the first picture ${Math.max(...resets)} ms (bound ${RESET_MS} x ${slack.toFixed(1)})`);
    const s = await page.evaluate(() => window.bnlab.status());
    assert.equal(s.playing, false);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
