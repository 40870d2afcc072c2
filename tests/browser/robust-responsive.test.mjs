// A responsive worker (issue 12, item 9): while the largest configs the engine
// allows train at top speed, pause is answered within 100 ms and reset brings
// the new experiment's first picture promptly, because no task of the worker
// runs much longer than its budgets (web/worker.js): a configure is built in
// pieces (the memory it needs touched 2 MB at a time, the data, each run),
// steps are taken run by run within TICK_BUDGET_MS, snapshots and the curves'
// rows in pieces of SLICE_MS. Figures printed for docs/RELIABILITY.md.
// The goals are asserted on the worker's own timing log (perf().engine.
// workerTasks: its longest uninterrupted task of each kind, including the
// first, cold configure; a pause waits at most for the task running when it
// arrives) and on the replies as the page sees them. On a machine shared with
// other jobs every task takes longer by about the load per core, so the
// bounds are multiplied by max(1, load average / cores): the goals themselves
// on an idle machine (CI runs this file alone), proportionally more under load
// (a single task's bound at twice the slope: taskSlack).
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
const PAUSE_MS = 100;   // the goal: a pause is answered within this (the median)
// The slowest of the six pauses: a pause that arrives as a piece starts waits
// for it (up to ~25 ms), then for the reply's trip through two event loops on
// a machine whose other jobs deschedule them: 2.5 x the goal.
const PAUSE_MAX_MS = 250;
// The worker's longest task of any kind: a piece is budgeted at 20-25 ms of
// work, and one run's step (the largest at the limits: ~5 ms of CPU) can
// overrun the budget only once per tick: 60 ms leaves more than 2x margin.
const TASK_MS = 60;
// In a fresh worker (the first configure and picture) the first calls run in
// V8's baseline code, ~10x slower, while the optimized code is compiled in the
// background on the same cores as the page's own start: a looser bound there.
const COLD_TASK_MS = 250;
const RESET_MS = 1000;  // reset to the first picture: configure and a full picture, all in pieces
// The kinds of worker task a pause or reset can wait for.
const TASK_KINDS = ['tick', 'snapshot', 'record', 'step', 'configure', 'pause', 'play', 'setSpeed'];
const load = () => Math.max(1, os.loadavg()[0] / os.cpus().length);
// A single task's bound under load: the longest of hundreds of tasks catches
// the worst descheduling burst, not the average share of a core (measured at
// 7-8 per core: up to 3x the load-scaled slice), so twice the load's slope;
// exactly TASK_MS on an idle machine.
const taskSlack = (slack) => Math.max(1, 2 * slack - 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function checkTasks(tasks, slack, when, bound) {
  const k = taskSlack(slack);
  for (const kind of TASK_KINDS) {
    if (kind in tasks) assert.ok(tasks[kind] <= bound * k, `${when}: the worker's longest ${kind} task: ${tasks[kind]} ms (bound ${bound} x ${k.toFixed(1)})`);
  }
}

for (const [what, hash] of CONFIGS) {
  test(`${what}: pause answers promptly, reset brings the first picture`, async () => {
    // The load is sampled along the way and the highest used: the 1-minute
    // average lags the bursts of a shared machine.
    let peak = load();
    const { page, context, problems } = await env.open(hash);
    assert.deepEqual(await messages(page), [], 'the config is within the limits');
    // The first configure, in a fresh worker (cold: its memory is new).
    const cold = await page.evaluate(() => window.bnlab.perf().engine.workerTasks);
    assert.ok(cold.configure > 0, `the first configure is in the timing log: ${JSON.stringify(cold)}`);
    peak = Math.max(peak, load());
    checkTasks(cold, peak, 'cold', COLD_TASK_MS);
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
      peak = Math.max(peak, load());
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
    const slack = Math.max(peak, load());
    const round = (xs) => xs.map((x) => Math.round(x));
    console.log(`${what}: pause reply ms ${round(pauses)} (median ${Math.round(median(pauses))}); ` +
      `paused picture ms ${round(pictures)}; reset to first picture ms ${round(resets)}; ` +
      `worker's longest tasks ms ${JSON.stringify(tasks)}; cold start ${JSON.stringify(cold)}; load per core ${slack.toFixed(1)}`);
    checkTasks(tasks, slack, 'playing', TASK_MS);
    for (const kind of ['tick', 'snapshot', 'configure']) assert.ok(kind in tasks, `the timing log has ${kind}: ${JSON.stringify(tasks)}`);
    assert.ok(median(pauses) < PAUSE_MS * slack, `median pause reply ${median(pauses)} ms (bound ${PAUSE_MS} x ${slack.toFixed(1)})`);
    assert.ok(Math.max(...pauses) < PAUSE_MAX_MS * slack, `slowest pause reply ${Math.max(...pauses)} ms (bound ${PAUSE_MAX_MS} x ${slack.toFixed(1)})`);
    assert.ok(Math.max(...resets) < RESET_MS * slack, `slowest reset to the first picture ${Math.max(...resets)} ms (bound ${RESET_MS} x ${slack.toFixed(1)})`);
    const s = await page.evaluate(() => window.bnlab.status());
    assert.equal(s.playing, false);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
