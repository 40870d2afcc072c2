// Drawing the learner's own points on the panels: mouse, touch and pen
// (real input events from Chromium), the keyboard, erase and clear; the
// engine then trains on exactly the points drawn (read back from the data CSV).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifactPath, messages, setup, status } from './helpers.mjs';
import { dataState, downloadData, openWithTouch, screenOf, waitTrained } from './data-helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// The spiral's plane is [-6, 6]^2 (the generator's domain): clearing keeps it.
const PLANE = [-6, 6, -6, 6];

test('ten points drawn with mouse, touch and pen train; erase and clear', async () => {
  const { page, context, problems } = await openWithTouch(env);
  assert.equal((await dataState(page)).state, 'generated');
  assert.deepEqual(await page.evaluate(() => {
    const c = window.bnlab.config();
    return [c.data.name, c.data.points];
  }), ['spiral', 400]);

  // Clear: nothing to train on, and the page says what is missing.
  await page.click('.data-clear');
  await page.waitForFunction(() => document.querySelector('.data-status').dataset.state === 'untrainable');
  assert.equal((await dataState(page)).points, 0);

  await page.click('.data-add');
  const drawn = [
    // [x, y, label, how]
    [-4, 3, 0, 'mouse'], [-3, 4, 0, 'mouse'], [-2, 2.5, 0, 'mouse'], [-4.5, 1, 0, 'mouse'],
    [3, -3, 1, 'touch'], [4, -4, 1, 'touch'], [2, -2.5, 1, 'touch'],
    [4.5, -1, 1, 'pen'], [1.5, -4.5, 1, 'pen'], [-1, 4.5, 0, 'pen'],
  ];
  const cdp = await context.newCDPSession(page);
  for (const [x, y, label, how] of drawn) {
    await page.click(`.data-class[data-label="${label}"]`);
    const at = await screenOf(page, x, y, PLANE);
    if (how === 'mouse') await page.mouse.click(at.x, at.y);
    else if (how === 'touch') await page.touchscreen.tap(at.x, at.y);
    else {
      for (const type of ['mousePressed', 'mouseReleased']) {
        await cdp.send('Input.dispatchMouseEvent', { type, x: at.x, y: at.y, button: 'left', buttons: type === 'mousePressed' ? 1 : 0, clickCount: 1, pointerType: 'pen' });
      }
    }
  }
  const lastPoint = Date.now();
  await waitTrained(page, 10);
  // (the retrain waits RETRAIN_DELAY_MS = 250 ms after the last point, then configures)
  console.log(`# from the last point drawn to training on it: ${Date.now() - lastPoint} ms`);
  const state = await dataState(page);
  assert.match(state.text, /10 points \(5 train, 5 test\), 2 classes/);
  // The preset's batch size (32) is more than the 5 training points: 5 for now.
  assert.match(state.text, /batch size 5/i);
  assert.equal(await page.evaluate(() => window.bnlab.config().train.batch_size), 5);

  // The engine trains on the points where they were drawn (one pixel is ~0.035 here).
  const { rows } = await downloadData(page);
  assert.equal(rows.length, 10);
  rows.forEach(([x, y, label], i) => {
    assert.ok(Math.abs(x - drawn[i][0]) < 0.06 && Math.abs(y - drawn[i][1]) < 0.06, `point ${i}: ${x},${y} vs ${drawn[i]}`);
    assert.equal(label, drawn[i][2], `point ${i}'s class`);
    // snapped to the 0.01 grid, so a link carries them exactly
    assert.equal(Math.round(x * 100) / 100, x);
  });

  await page.evaluate(() => window.bnlab.step(40));
  const s = await status(page);
  assert.equal(s.step, 40);
  for (const run of s.runs) {
    assert.ok(Number.isFinite(run.trainLoss) && Number.isFinite(run.testLoss), JSON.stringify(run));
  }
  await page.screenshot({ path: artifactPath('data-draw.png') });

  // Two more (a drag with the mouse adds one every few pixels), then erase
  // two: the eraser on point 0, a right-click in add mode on point 1.
  await page.click('.data-class[data-label="0"]');
  const from = await screenOf(page, -5, -5, PLANE), to = await screenOf(page, -4.5, -5, PLANE);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 4 });  // ~15 px: one more point
  await page.mouse.up();
  await waitTrained(page, 12);
  await page.click('.data-erase');
  let at = await screenOf(page, drawn[0][0], drawn[0][1], PLANE);
  await page.mouse.click(at.x, at.y);
  await page.click('.data-add');
  at = await screenOf(page, drawn[1][0], drawn[1][1], PLANE, 1);  // the other panel: the data is shared
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await page.waitForFunction(() => Number(document.querySelector('.data-status').dataset.points) === 10);
  // Erasing where there is no point changes nothing.
  await page.click('.data-erase');
  at = await screenOf(page, 0, 0, PLANE);
  await page.mouse.click(at.x, at.y);
  await waitTrained(page, 10);
  const left = (await downloadData(page)).rows.map((r) => r[2]);
  assert.deepEqual(left, [...drawn.slice(2).map((d) => d[2]), 0, 0]);

  // Clear all: no points, the boundary hidden, training paused with a reason.
  await page.click('.data-clear');
  await page.waitForFunction(() => document.querySelector('.data-status').dataset.state === 'untrainable');
  assert.match((await dataState(page)).text, /No points/);
  assert.ok(await page.$eval('#panels', (p) => p.classList.contains('is-untrained')));
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the keyboard draws: arrows move the cross, Enter adds, Delete erases, digits pick the class', async () => {
  const { page, context, problems } = await env.open();
  await page.click('.data-clear');
  await page.click('.data-add');
  await page.focus('.panel[data-run="0"] .plot');
  // Ten points on a diagonal: class 1 for the first five, class 2 for the rest.
  await page.keyboard.press('1');
  for (let i = 0; i < 10; i++) {
    if (i === 5) await page.keyboard.press('2');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
  }
  await waitTrained(page, 10);
  const { rows } = await downloadData(page);
  // The cross starts at the middle and moves 1/50 of the plane (0.24) a key.
  rows.forEach(([x, y, label], i) => {
    assert.ok(Math.abs(x - 0.24 * (i + 1)) < 1e-9 && Math.abs(y - 0.24 * (i + 1)) < 1e-9, `${x},${y}`);
    assert.equal(label, i < 5 ? 0 : 1);
  });
  // Space adds too (away from the others), and does not start training (the page's shortcut).
  await page.focus('.panel[data-run="0"] .plot');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => Number(document.querySelector('.data-status').dataset.points) === 11);
  assert.equal((await status(page)).playing, false);
  await waitTrained(page, 11);
  await page.keyboard.press('Delete');  // erases the point at the cross only
  await waitTrained(page, 10);
  assert.deepEqual((await downloadData(page)).rows, rows);
  await page.focus('.panel[data-run="0"] .plot');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('.data-add', 'aria-pressed'), 'false');
  assert.equal(await page.$eval('.panel[data-run="0"] .plot', (p) => p.hasAttribute('tabindex')), false);
  assert.deepEqual(problems, []);
  await context.close();
});
