// Smoothness while training at default settings: frames per second, boundary
// redraws per second and the longest main-thread task, as the page measures
// them (window.bnlab.perf()). The figures are printed for the record.
//
// The machine running the tests may be busy (parallel builds on two cores):
// a thread descheduled for 60 ms shows up as a long task the page did not
// cause. So up to ATTEMPTS windows are measured and the best one must meet
// every bound; a page that is really too slow fails all of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup } from './helpers.mjs';

const WINDOW_MS = 5000;
const ATTEMPTS = 3;
const MIN_FPS = 50;
const MIN_REDRAWS = 10;
const MAX_TASK_MS = 50;

let env;
before(async () => { env = await setup({ full: true }); });
after(async () => { await env?.close(); });

async function measure(page) {
  await page.evaluate(() => window.bnlab.resetPerf());
  const start = await page.evaluate(() => window.bnlab.perf());
  await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), WINDOW_MS);
  const end = await page.evaluate(() => window.bnlab.perf());
  const seconds = (end.totals.timeMs - start.totals.timeMs) / 1000;
  return {
    seconds: +seconds.toFixed(2),
    fps: +((end.totals.frames - start.totals.frames) / seconds).toFixed(1),
    boundaryRedrawsPerSec: +((end.totals.boundaryRedraws - start.totals.boundaryRedraws) / seconds).toFixed(1),
    stepsPerSec: +((end.totals.steps - start.totals.steps) / seconds).toFixed(1),
    longestTaskMs: end.longestTaskMs,
    longestFrameWorkMs: end.longestFrameWorkMs,
    longTasksObserved: end.longTasksObserved,
    longTasks: end.longTasks,
  };
}

const meets = (f) => f.fps >= MIN_FPS && f.boundaryRedrawsPerSec >= MIN_REDRAWS
  && f.longestTaskMs <= MAX_TASK_MS && f.longestFrameWorkMs <= MAX_TASK_MS && f.stepsPerSec > 0;

test(`playing at default settings: >= ${MIN_FPS} fps, >= ${MIN_REDRAWS} boundary redraws/s, no task over ${MAX_TASK_MS} ms`, async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.play());
  // Warm up (first snapshots, chart growth) before measuring.
  await page.waitForFunction(() => window.bnlab.status().step >= 50, null, { timeout: 30000 });
  const windows = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const figures = await measure(page);
    windows.push(figures);
    console.log(`perf window ${i + 1}: ${JSON.stringify(figures)}`);
    if (meets(figures)) break;
  }
  await page.evaluate(() => window.bnlab.pause());
  const best = windows.find(meets) || windows[windows.length - 1];
  assert.equal(best.longTasksObserved, true, 'Chromium reports long tasks');
  assert.ok(best.fps >= MIN_FPS, `fps ${best.fps}`);
  assert.ok(best.boundaryRedrawsPerSec >= MIN_REDRAWS, `boundary redraws/s ${best.boundaryRedrawsPerSec}`);
  assert.ok(best.longestTaskMs <= MAX_TASK_MS, `longest task ${best.longestTaskMs} ms`);
  assert.ok(best.longestFrameWorkMs <= MAX_TASK_MS, `longest frame work ${best.longestFrameWorkMs} ms`);
  assert.ok(best.stepsPerSec > 0, 'training advanced');
  assert.deepEqual(problems, []);
  await context.close();
});
