// Screen readers: each run panel's text description names its step, test
// accuracy and loss (the very numbers status() reports), says whether it
// diverged, and describes the boundary; the count of training points on the
// wrong side agrees with the engine's train accuracy. The descriptions change
// as training goes, at most every few seconds while playing, and at once on
// pause. The "describe" action (D or the button) reads everything at once,
// the charts have text summaries, and lang=de switches the toolbar and the
// messages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { boundarySummary, describeBoundary, describeLeader, trendOf } from '../../web/a11y/describe.js';
import { messages, nextFrames, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup({ full: true }); });
after(async () => { await env?.close(); });

test('the boundary in words, from a grid and points (no browser)', () => {
  // 12x12 cells over [-3, 3]^2: class 1 where x1 > 0 (P = 0.9), else class 0 (P = 0.1).
  const size = 12;
  const grid = new Float32Array(size * size).map((_, i) => ((i % size) >= size / 2 ? 0.9 : 0.1));
  const data = { extent: [-3, 3, -3, 3], classes: 2,
    trainX: [-2, 2, -1, -2, 2, 1, 2.5, -2.5, 1, 0.5],  // (x1, x2) pairs
    trainY: [0, 0, 1, 1, 0] };                         // the last one is on the wrong side
  const b = boundarySummary(grid, size, 1, data);
  assert.deepEqual(b.shares, [0.5, 0.5]);
  assert.deepEqual(b.sectors, [0, -1, 1, 0, -1, 1, 0, -1, 1]);  // the middle column is split
  assert.equal(b.wrong, 1);
  assert.equal(b.total, 5);
  assert.equal(describeBoundary(b), 'Boundary: class 0 (circles) holds 50% of the plane, mostly the top left, left and bottom left; '
    + 'class 1 (squares) holds 50% of the plane, mostly the top right, right and bottom right. 1 of 5 training points are on the wrong side.');
  // Three classes (softmax channels), and cells that are not numbers.
  const k3 = new Float32Array(4 * 3).fill(0);
  k3.set([0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, NaN, NaN, NaN]);
  const c3 = boundarySummary(k3, 2, 3, { extent: [0, 1, 0, 1], classes: 3, trainX: [], trainY: [] });
  assert.deepEqual(c3.shares.map((v) => Math.round(v * 3)), [1, 1, 1]);
  assert.equal(c3.known, 0.75);
  assert.equal(trendOf([1, 0.9, 0.8, 0.7, 0.6, 0.5]), 'falling');
  assert.equal(trendOf([0.5, 0.6, 0.7, 0.8, 0.9, 0.95]), 'rising');
  assert.equal(trendOf([0.5, 0.5, 0.5, 0.5]), 'steady');
  assert.equal(trendOf([1, null, 2]), null);
  assert.equal(describeLeader([{ name: 'a', testAcc: 0.7 }, { name: 'b', testAcc: 0.9 }]), 'b leads with test accuracy 90.0%, against 70.0% for a.');
  assert.equal(describeLeader([{ name: 'a', testAcc: 0.9 }, { name: 'b', testAcc: 0.902 }]), 'The runs are level at about 90.2% test accuracy.');
});

const descriptions = (page) => page.$$eval('.panel .panel-description', (nodes) => nodes.map((n) => n.textContent));
const pct = (v) => `${(v * 100).toFixed(1)}%`;

test('the panels describe each run: accuracy, loss, boundary; they change as training goes', async () => {
  const { page, context, problems } = await env.open();
  await page.waitForFunction(() => [...document.querySelectorAll('.panel-description')].every((n) => n.textContent.length > 0));
  const at0 = await descriptions(page);
  const s0 = await status(page);
  s0.runs.forEach((r, i) => {
    assert.ok(at0[i].startsWith(`${r.name}: test accuracy ${pct(r.testAcc)}, test loss ${r.testLoss.toFixed(3)}`), at0[i]);
    assert.match(at0[i], /Boundary: class \d \((circles|squares)\) holds \d+% of the plane/);
  });

  // Paused, a step updates them at once.
  await page.evaluate(() => window.bnlab.step(400));
  await nextFrames(page);
  const s = await status(page);
  const now = await descriptions(page);
  s.runs.forEach((r, i) => {
    assert.notEqual(now[i], at0[i], `${r.name}: the description changed`);
    assert.ok(now[i].includes(`test accuracy ${pct(r.testAcc)}`), `${now[i]} names ${r.name}'s accuracy ${pct(r.testAcc)}`);
    // The wrong side, counted on the drawn grid, agrees with the engine's train accuracy.
    const m = /(\d+) of (\d+) training points are on the wrong side/.exec(now[i]);
    assert.ok(m, now[i]);
    const fromGrid = 1 - Number(m[1]) / Number(m[2]);
    assert.ok(Math.abs(fromGrid - r.trainAcc) < 0.04, `${r.name}: ${fromGrid.toFixed(3)} on the grid vs train accuracy ${r.trainAcc.toFixed(3)}`);
  });
  // The run with batch norm wraps the spiral: it holds both classes in several regions.
  assert.match(now[1], /class 0 \(circles\) holds \d+% of the plane.*class 1 \(squares\) holds/);
  assert.equal(await page.getAttribute('.panel .panel-description', 'aria-live'), 'polite');
  assert.deepEqual(problems, []);
  await context.close();
});

test('while playing, descriptions change at most every few seconds; pausing describes at once', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => {
    window.descriptionChanges = 0;
    const node = document.querySelector('.panel .panel-description');
    new MutationObserver(() => { window.descriptionChanges += 1; }).observe(node, { childList: true, characterData: true, subtree: true });
  });
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step > 0);
  const start = Date.now();
  await page.waitForTimeout(6500);
  const changes = await page.evaluate(() => window.descriptionChanges);
  const seconds = (Date.now() - start) / 1000;
  const snapshots = await page.evaluate(() => window.bnlab.status().step);
  assert.ok(snapshots > 100, 'it trained');
  assert.ok(changes >= 1, 'the description follows training');
  assert.ok(changes <= Math.ceil(seconds / 5) + 1, `${changes} changes in ${seconds.toFixed(1)} s: at most one per 5 s`);
  await page.evaluate(() => window.bnlab.pause());
  await nextFrames(page);
  const s = await status(page);
  const text = (await descriptions(page))[0];
  assert.ok(text.includes(`test accuracy ${pct(s.runs[0].testAcc)}`), `on pause, the description is the paused state: ${text} vs ${pct(s.runs[0].testAcc)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a diverged run is described as diverged', async () => {
  const { page, context, problems } = await env.open('train.learning_rate=10');
  await page.evaluate(() => window.bnlab.step(300));
  await nextFrames(page);
  const s = await status(page);
  const texts = await descriptions(page);
  const diverged = s.runs.map((r, i) => [r, texts[i]]).filter(([r]) => r.diverged);
  assert.ok(diverged.length >= 1, 'some run diverged at lr 10');
  for (const [r, text] of diverged) assert.equal(text, `${r.name} diverged at step ${r.divergedStep}: its loss became NaN or infinite and it stopped training.`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('describe (D or the button) reads the whole state at once; charts have text summaries', async () => {
  const { page, context, problems } = await env.open();
  // In ten steps of 30: the charts have a history to tell a trend from.
  await page.evaluate(async () => { for (let k = 0; k < 10; k++) await window.bnlab.step(30); });
  await nextFrames(page);
  await page.keyboard.press('d');
  await page.waitForFunction(() => document.querySelector('.describe-output') && !document.querySelector('.describe-output').hidden);
  await page.waitForFunction(() => document.querySelector('[role="status"][aria-live="polite"].visually-hidden').textContent.length > 0);
  const said = await page.evaluate(() => document.querySelector('[role="status"][aria-live="polite"].visually-hidden').textContent);
  const shown = await page.textContent('.describe-text');
  assert.equal(said, shown);
  const s = await status(page);
  assert.match(said, /^Without and with batch norm\. Step 300, epoch [\d.]+, paused\./);
  for (const r of s.runs) assert.ok(said.includes(`${r.name}: test accuracy ${pct(r.testAcc)}`), `${r.name} in: ${said}`);
  const best = [...s.runs].sort((a, b) => b.testAcc - a.testAcc)[0];
  assert.match(said, new RegExp(`${best.name} leads with test accuracy ${pct(best.testAcc).replace('.', '\\.')}`));
  // Escape hides it; the button shows it again.
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('.describe-output'), false);
  await page.click('#describe');
  assert.equal(await page.isVisible('.describe-output'), true);

  // Chart summaries: the latest test values and their trend.
  await page.waitForFunction(() => /step 300/.test(document.getElementById('loss-summary').textContent));
  const loss = await page.textContent('#loss-summary');
  const acc = await page.textContent('#acc-summary');
  assert.match(loss, /^Test loss at step 300: without BN [\d.]+, (falling|rising|steady); with BN [\d.]+, (falling|rising|steady)\.$/);
  assert.match(acc, /^Test accuracy at step 300: without BN [\d.]+%, (falling|rising|steady); with BN [\d.]+%, (falling|rising|steady)\.$/);
  assert.ok(acc.includes(`with BN ${pct(s.runs[1].testAcc)}`), acc);
  assert.match(loss, /with BN [\d.]+, falling/, 'the BN run\'s test loss falls over training');
  assert.deepEqual(problems, []);
  await context.close();
});

test('lang=de: the toolbar, the messages, the runs and the take-away bar are German, and the rest falls back to English', async () => {
  const { page, context, problems } = await env.open('lang=de&preset=nope');
  const texts = await messages(page);
  assert.ok(texts.some((m) => m.startsWith('Link: unbekannte Voreinstellung "nope"')), texts.join(' | '));
  const toolbar = await page.evaluate(() => ({
    describe: document.getElementById('describe').textContent,
    help: document.getElementById('help').getAttribute('aria-label'),
    speed: document.querySelector('label[for="speed"]').textContent,
    toolbar: document.querySelector('.toolbar').getAttribute('aria-label'),
    skip: document.querySelector('.skip-link').textContent,
    settings: document.getElementById('settings-heading').textContent,
    lesson: document.getElementById('lesson').getAttribute('aria-label'),
  }));
  assert.deepEqual(toolbar, { describe: 'Beschreiben', help: 'Tastenkürzel', speed: 'Tempo', toolbar: 'Training', skip: 'Zu den Lauf-Tafeln springen',
    settings: 'Einstellungen', lesson: 'About this experiment' });
  // The runs' own settings, the settings' names and the take-away bar are German too.
  await page.waitForSelector('.panel[data-run="1"] .panel-overrides');
  const runs = await page.evaluate(() => ({
    overrides: document.querySelector('.panel[data-run="1"] .panel-overrides').textContent,
    edit: document.querySelector('.panel[data-run="1"] .run-edit').textContent,
    learningRate: document.querySelector('label[for="ctl-train-learning_rate"]').textContent,
    takeaway: document.querySelector('.takeaway-label').textContent,
    picture: document.querySelector('.takeaway-picture').textContent,
  }));
  assert.deepEqual(runs, { overrides: 'Batch-Normalisierung: an', edit: 'Einstellungen', learningRate: 'Lernrate', takeaway: 'Mitnehmen:', picture: 'Bild (PNG)' });
  assert.deepEqual(problems, []);
  await context.close();
});
