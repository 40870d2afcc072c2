// <bn-lab> elements on a course page from another origin, under the strict
// host CSP of the embedding contract (script-src 'self' <bnlab> 'wasm-unsafe-eval';
// style-src 'self' <bnlab>; no 'unsafe-inline', no blob:): the page is
// examples/bn-lab-elements.html, two elements in view and one far below.
// The visible ones train; the far one loads nothing until scrolled to; an
// element out of view or in a hidden tab pauses and resumes; attributes
// apply like a hash; bad attributes get a message and fall back; zero CSP
// violations, console errors or page errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifactPath, setup } from './helpers.mjs';
import { startHost, watchViolations } from '../../scripts/course-host.mjs';

let env;
let host;
before(async () => {
  env = await setup({ full: true });
  host = await startHost(env.server.url);
});
after(async () => {
  await host?.close();
  await env?.close();
});

// (Playwright's own evaluation is not subject to the page's CSP; code that
// the page would eval, such as new Function, is: so predicates run here.)
const el = (page, id, method) => page.$eval(`#${id}`, (node, m) => node[m](), method);
const statusOf = (page, id) => el(page, id, 'status');
async function waitFor(page, id, predicate, { method = 'status', timeout = 30000 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await el(page, id, method);
    if (predicate(last)) return last;
    if (Date.now() > end) throw new Error(`#${id}: timed out; last ${method}(): ${JSON.stringify(last).slice(0, 400)}`);
    await page.waitForTimeout(50);
  }
}

async function openCoursePage() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await watchViolations(context);
  const page = await context.newPage();
  const problems = [];
  const wasm = [];
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  context.on('request', (req) => { if (req.url().endsWith('.wasm')) wasm.push(req.url()); });
  await page.goto(`${host.url}bn-lab-elements.html`);
  return { context, page, problems, wasm, workers };
}

test('strict host CSP: visible elements train, the far one waits until scrolled to, out of view pauses', async () => {
  const { context, page, problems, wasm, workers } = await openCoursePage();
  await waitFor(page, 'first', (s) => s.ready);
  await waitFor(page, 'second', (s) => s.ready);
  const events = await page.evaluate(() => {
    window.__events = [];
    for (const node of document.querySelectorAll('bn-lab')) {
      for (const type of ['bnlab-ready', 'bnlab-status']) node.addEventListener(type, (e) => window.__events.push([node.id, type, e.detail.playing, e.detail.step]));
    }
    return window.__events.length;
  });
  assert.equal(events, 0);

  // Both visible elements train.
  await el(page, 'first', 'play');
  await el(page, 'second', 'play');
  await waitFor(page, 'first', (s) => s.playing && s.step >= 30);
  await waitFor(page, 'second', (s) => s.playing && s.step >= 30);
  const a = await statusOf(page, 'first');
  assert.equal(a.runs.length, 2);
  assert.ok(a.runs.every((r) => Number.isFinite(r.trainLoss)), 'numbers, not NaN');
  const events1 = await page.evaluate(() => window.__events.slice());
  assert.ok(events1.some(([id, type, playing]) => id === 'first' && type === 'bnlab-status' && playing), 'a bnlab-status event for play');

  // The far one: no engine for it. The .wasm is fetched and compiled once,
  // by the engine frame, for every element (web/element/engine.js).
  await page.waitForTimeout(500);
  const far = await statusOf(page, 'far');
  assert.equal(far.ready, false);
  assert.equal(far.step, 0);
  assert.equal(workers.length, 2, `one engine per visible element: ${workers.join(', ')}`);
  assert.equal(wasm.length, 1, `one download of the engine for the page: ${wasm.join(', ')}`);
  const idle = await page.$eval('#far', (n) => n.shadowRoot.querySelector('.bnlab-idle') !== null);
  assert.ok(idle, 'the far element shows its placeholder');
  await page.screenshot({ path: artifactPath('element-csp-top.png') });

  // Scrolled to: it starts; the ones above leave the view and pause.
  await page.$eval('#far', (n) => n.scrollIntoView());
  await waitFor(page, 'far', (s) => s.ready);
  assert.equal(workers.length, 3);
  assert.equal(wasm.length, 1);
  await waitFor(page, 'first', (s) => !s.playing);
  await waitFor(page, 'second', (s) => !s.playing);
  const paused = (await statusOf(page, 'first')).step;
  await el(page, 'far', 'play');
  await waitFor(page, 'far', (s) => s.playing && s.step >= 20);
  await page.waitForTimeout(300);
  assert.equal((await statusOf(page, 'first')).step, paused, 'out of view: no training');
  await page.screenshot({ path: artifactPath('element-csp-far.png') });

  // Back up: the far one pauses, the first two resume what they were doing.
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitFor(page, 'far', (s) => !s.playing);
  await waitFor(page, 'first', (s) => s.playing);
  await waitFor(page, 'second', (s) => s.playing);
  await waitFor(page, 'first', (s) => s.step > paused);

  // A hidden tab pauses every element; visible again, they resume.
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  await waitFor(page, 'first', (s) => !s.playing);
  await waitFor(page, 'second', (s) => !s.playing);
  await setHidden(false);
  await waitFor(page, 'first', (s) => s.playing);
  await el(page, 'first', 'pause');
  await el(page, 'second', 'pause');

  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
  assert.deepEqual(problems, []);
  await context.close();
});

test('attributes apply like a hash; bad ones get a message in the widget and fall back', async () => {
  const { context, page, problems } = await openCoursePage();
  await waitFor(page, 'first', (s) => s.ready);

  // The methods: step(n) while paused, reset() back to step 0.
  assert.equal(await page.$eval('#first', (n) => n.step(7)), true);
  assert.equal((await statusOf(page, 'first')).step, 7);
  assert.equal(await el(page, 'first', 'reset'), true);
  await waitFor(page, 'first', (s) => s.ready && s.step === 0);
  // Before it starts, the far element answers without an engine.
  assert.equal(await page.$eval('#far', (n) => n.step(3)), false);
  assert.deepEqual(await el(page, 'far', 'messages'), []);

  // preset + settings: a new experiment with the learner's settings.
  await page.$eval('#first', (n) => { n.setAttribute('settings', 'train.learning_rate=0.05&seed=9'); });
  const config = await waitFor(page, 'first', (c) => c && c.train.learning_rate === 0.05, { method: 'config' });
  assert.equal(config.seed, 9);
  await page.$eval('#first', (n) => n.setAttribute('preset', 'mini-batches'));
  await waitFor(page, 'first', (s) => s.preset === 'mini-batches' && s.ready);
  assert.match(await el(page, 'first', 'hash'), /preset=mini-batches/);
  assert.equal((await el(page, 'first', 'config')).seed, 9, 'settings still apply to the new preset');

  // A bad setting: one message naming it; the preset's value stays.
  const presetLr = (await el(page, 'first', 'config')).train.learning_rate;
  await page.$eval('#first', (n) => n.setAttribute('settings', 'train.learning_rate=-3'));
  await waitFor(page, 'first', (ms) => ms.some((m) => m.includes('train.learning_rate')), { method: 'messages' });
  const lr = (await el(page, 'first', 'config')).train.learning_rate;
  assert.notEqual(lr, -3);
  assert.ok(Number.isFinite(lr) && lr > 0, `falls back to a valid rate (${lr}, preset's was ${presetLr})`);

  // A bad widget key: a message inside the widget, the default theme.
  await page.$eval('#second', (n) => n.setAttribute('theme', 'purple'));
  await waitFor(page, 'second', (s) => s.ready);
  await waitFor(page, 'second', (ms) => ms.some((m) => m.includes('theme=')), { method: 'messages' });
  const shown = await page.$eval('#second', (n) => [...n.shadowRoot.querySelectorAll('.message')].map((m) => m.textContent).join(' | '));
  assert.match(shown, /theme="purple": not allowed/);
  const theme = await page.$eval('#second', (n) => n.shadowRoot.querySelector('.bnlab[data-theme]').dataset.theme);
  assert.ok(['light', 'dark'].includes(theme), `theme falls back to auto (${theme})`);

  // A good one applies: dark.
  await page.$eval('#first', (n) => n.setAttribute('theme', 'dark'));
  await page.waitForFunction(() => document.getElementById('first').shadowRoot.querySelector('.bnlab[data-theme]')?.dataset.theme === 'dark');
  await waitFor(page, 'first', (s) => s.ready && s.preset === 'mini-batches');
  await page.screenshot({ path: artifactPath('element-attributes.png') });

  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});
