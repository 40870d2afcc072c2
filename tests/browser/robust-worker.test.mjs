// A worker that stops answering or whose engine crashes (issue 12, item 9):
// the page notices (web/engine-client.js: a call pending and nothing heard for
// HANG_MS, or the worker's 'crashed' message), says so, and its reset starts a
// fresh worker with the same experiment. The hang and the crash are caused
// through test hooks that exist only in a worker started while a test's init
// script set bnlabTestHooks (never from a link: checked last). The same
// script shortens the deadline to TEST_HANG_MS (bnlabTestHangMs), so that the
// hang is found in seconds; without bnlabTestHooks the deadline stays HANG_MS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status, waitReadyOn } from './helpers.mjs';

let env;
before(async () => { env = await setup({ full: true }); });
after(async () => { await env?.close(); });

const HANG_MS = 10000;  // web/engine-client.js
const TEST_HANG_MS = 3000;

async function openWithHooks(hash = '') {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((ms) => { globalThis.bnlabTestHooks = true; globalThis.bnlabTestHangMs = ms; }, TEST_HANG_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(env.server.url + hash);
  await waitReadyOn(page);
  return { page, context, problems };
}

const trainerWorker = (page) => page.workers().find((w) => /worker\.js/.test(w.url()));

async function trainsAgain(page) {
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 20, null, { timeout: 30000 });
  await page.evaluate(() => window.bnlab.pause());
}

test('a hung worker is detected, said, and the message\'s reset starts a fresh one', async () => {
  const { page, context, problems } = await openWithHooks('#seed=5');
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 10, null, { timeout: 30000 });
  const config = await page.evaluate(() => window.bnlab.config());

  await trainerWorker(page).evaluate(() => self.bnlabTest.hang());
  const t0 = Date.now();
  await page.waitForFunction(() => window.bnlab.messages().some((m) => /stopped answering/.test(m)), null, { timeout: 30000 });
  const detectedMs = Date.now() - t0;
  console.log(`hang detected after ${detectedMs} ms (deadline ${TEST_HANG_MS} ms)`);
  assert.ok(detectedMs >= TEST_HANG_MS - 1000, `not before the deadline: ${detectedMs}`);
  const before = await page.evaluate(() => window.bnlab.perf().engine);
  assert.equal(before.trouble, 'hung');
  assert.equal(before.hangMs, TEST_HANG_MS);
  assert.ok((await page.evaluate(() => window.bnlab.messages())).some((m) => m.includes(`nothing for ${TEST_HANG_MS / 1000} s`)), 'the message names the deadline');
  assert.equal((await status(page)).playing, false);
  // Play and pause do nothing harmful meanwhile (no page error, no promise left hanging).
  await page.evaluate(() => Promise.all([window.bnlab.play(), window.bnlab.pause(), window.bnlab.step(3)]));

  await page.click('#messages .message-action');
  // The same experiment again from step 0, as Reset does.
  await page.waitForFunction(() => window.bnlab.perf().engine.trouble === null && window.bnlab.status().step === 0
    && !window.bnlab.messages().some((m) => /stopped answering/.test(m)), null, { timeout: 30000 });
  assert.deepEqual(await page.evaluate(() => window.bnlab.config()), config, 'the same experiment');
  assert.equal((await page.evaluate(() => window.bnlab.perf().engine)).restarts.trouble, 1);
  await trainsAgain(page);
  // The hung worker was terminated: one trainer left.
  const trainers = () => page.workers().filter((w) => /worker\.js/.test(w.url())).length;
  for (let i = 0; i < 50 && trainers() > 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(trainers(), 1);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a crashed engine is detected at once, said, and Reset (R) starts a fresh worker', async () => {
  const { page, context, problems } = await openWithHooks();
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 10, null, { timeout: 30000 });
  assert.equal(await trainerWorker(page).evaluate(() => self.bnlabTest.crashNextCall()), true);
  const t0 = Date.now();
  await page.waitForFunction(() => window.bnlab.messages().some((m) => /crashed: .*Aborted/.test(m)), null, { timeout: 10000 });
  console.log(`crash reported after ${Date.now() - t0} ms`);
  assert.ok(Date.now() - t0 < TEST_HANG_MS, 'a crash is said without waiting for the deadline');
  assert.equal((await page.evaluate(() => window.bnlab.perf().engine)).trouble, 'crashed');
  assert.equal((await status(page)).playing, false);

  await page.keyboard.press('r');
  await page.waitForFunction(() => window.bnlab.perf().engine.trouble === null && window.bnlab.status().step === 0
    && window.bnlab.messages().length === 0, null, { timeout: 30000 });
  await trainsAgain(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without the test script, the worker has no test hooks and the deadline is 10 s (whatever the link says)', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A shorter deadline alone (without bnlabTestHooks) is ignored.
  await context.addInitScript((ms) => { globalThis.bnlabTestHangMs = ms; }, TEST_HANG_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(`${env.server.url}#bnlabTestHooks=1&test=1&bnlabTestHangMs=1000`);
  await waitReadyOn(page);
  assert.equal((await page.evaluate(() => window.bnlab.perf().engine)).hangMs, HANG_MS);
  const worker = trainerWorker(page);
  assert.ok(worker, 'the trainer worker is found');
  assert.equal(await worker.evaluate(() => typeof self.bnlabTest), 'undefined');
  assert.equal(await worker.evaluate(() => self.name), 'bnlab-trainer');
  assert.deepEqual(problems, []);
  await context.close();
});
