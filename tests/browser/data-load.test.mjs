// Loading the learner's own points: window.bnlab.loadData's contract results
// for good and bad input (each bad one names its line and changes nothing:
// the old data keeps training), the load dialog (paste, upload, the message),
// and a 50 MB paste refused by its size without freezing the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status } from './helpers.mjs';
import { csvOf, dataState, loadData, twoClusters, waitTrained } from './data-helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const GOOD = twoClusters(60);
const LONG = Array.from({ length: 20001 }, (_, i) => [i % 97, 1, i % 2]);
const MB50 = 50 * 1024 * 1024;

// [what, csv text, the error expected (a RegExp)]
const BAD = [
  ['a missing column', csvOf([...GOOD.slice(0, 4), [1, 2], ...GOOD.slice(4)]), /^line 6: 2 columns, a column is missing/],
  ['a non-number', csvOf([...GOOD.slice(0, 6), [1, 'two', 0], ...GOOD.slice(6)]), /^line 8: x2 'two' is not a number/],
  ['NaN', csvOf([...GOOD.slice(0, 2), ['NaN', 1, 0], ...GOOD.slice(2)]), /^line 4: x1 'NaN' is not a finite number/],
  ['Infinity', csvOf([...GOOD.slice(0, 2), [1, '-Infinity', 0], ...GOOD.slice(2)]), /^line 4: x2 '-Infinity' is not a finite number/],
  ['a label out of range', csvOf([...GOOD.slice(0, 9), [1, 1, 8], ...GOOD.slice(9)]), /^line 11: label '8' is out of range \(allowed: an integer class 0\.\.7\)/],
  ['only one class', csvOf(GOOD.map(([a, b]) => [a, b, 1])), /^line 61: every row has label 1: only one class/],
  ['20,001 rows', csvOf(LONG), /^line 20002: more than 20000 rows/],
  ['binary junk', 'x1,x2,label\n1,2,0\n\u0000\u0001\u0002\u00ff\u0003,1,0\n', /^line 3: binary data: byte 0x00 at column 1/],
  ['too few rows', csvOf(GOOD.slice(0, 3)), /^line 4: only 3 rows \(allowed: at least 10 rows\)/],
];

const snapshot = (page) => page.evaluate(() => ({ config: window.bnlab.config(), hash: window.bnlab.hash() }));

test('loadData: good input loads ({ok, points}), a BOM and Windows line ends too', async () => {
  const { page, context, problems } = await env.open();
  assert.deepEqual(await loadData(page, csvOf(GOOD)), { ok: true, points: 60 });
  await waitTrained(page, 60);
  const plain = await page.evaluate(() => { window.bnlab.step(30); return null; });
  void plain;
  const bomCrlf = '\ufeff' + csvOf(GOOD, '\r\n');
  assert.deepEqual(await loadData(page, bomCrlf), { ok: true, points: 60 });
  await waitTrained(page, 60);
  // Bytes (what an upload passes) load the same.
  assert.deepEqual(await page.evaluate((text) => window.bnlab.loadData(new TextEncoder().encode(text)), csvOf(GOOD)), { ok: true, points: 60 });
  // The same points give the same experiment whatever the line ends.
  await page.evaluate(() => window.bnlab.step(25));
  const a = await status(page);
  assert.deepEqual(await loadData(page, bomCrlf), { ok: true, points: 60 });
  await page.evaluate(() => window.bnlab.step(25));
  assert.deepEqual((await status(page)).runs, a.runs);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('loadData: each bad input names its line and changes nothing; training goes on', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.step(20));
  const before = await snapshot(page);
  for (const [what, csv, expected] of BAD) {
    const r = await loadData(page, csv);
    assert.equal(r.ok, false, what);
    assert.match(r.error, expected, what);
    assert.deepEqual(await snapshot(page), before, `${what}: nothing changed`);
  }
  // Bytes that are not UTF-8 are reported with their line, not replaced.
  const latin1 = await page.evaluate(() => window.bnlab.loadData(new Uint8Array([...new TextEncoder().encode('x1,x2,label\n1,2,0\n'), 0x31, 0xe9, 0x2c, 0x31, 0x2c, 0x30, 0x0a])));
  assert.equal(latin1.ok, false);
  assert.match(latin1.error, /^line 3: invalid UTF-8/);
  assert.deepEqual(await page.evaluate(() => window.bnlab.loadData(42)), { ok: false, error: 'loadData: expected CSV text (a string) or its bytes' });
  // The old data still trains, from where it was.
  const s0 = await status(page);
  assert.equal(s0.step, 20);
  await page.evaluate(() => window.bnlab.step(10));
  const s1 = await status(page);
  assert.equal(s1.step, 30);
  assert.notDeepEqual(s1.runs.map((r) => r.trainLoss), s0.runs.map((r) => r.trainLoss));
  assert.equal((await page.evaluate(() => window.bnlab.config())).data.name, 'spiral');
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 50 MB paste is refused by its size at once, with the limit, and the page keeps training', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.play());
  // Through the API: refused before the text is sent to the engine.
  const r = await page.evaluate(async (n) => {
    const text = '1,2,0\n'.repeat(Math.ceil(n / 6)).slice(0, n);
    // The longest gap between animation frames while it is refused: the page
    // never freezes (the bytes are counted in slices).
    // (measured from a settled page: making the string itself pauses it)
    let last = performance.now(), gap = 0, running = true;
    const frame = (now) => { gap = Math.max(gap, now - last); last = now; if (running) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    await new Promise((resolve) => setTimeout(resolve, 500));
    gap = 0;
    const t0 = performance.now();
    const result = await window.bnlab.loadData(text);
    const ms = performance.now() - t0;
    running = false;
    return { result, ms, gap };
  }, MB50);
  assert.deepEqual(r.result, { ok: false, error: `the data is ${MB50} bytes (allowed: up to 4000000 bytes)` });
  console.log(`# loadData refused a 50 MB text in ${r.ms.toFixed(0)} ms; the longest frame gap meanwhile: ${r.gap.toFixed(0)} ms`);
  // Through the dialog: the paste never reaches the text box.
  await page.click('.data-load');
  await page.waitForSelector('.data-dialog[open]');
  const pasted = await page.evaluate(async (n) => {
    const data = new DataTransfer();
    data.setData('text/plain', '1,2,0\n'.repeat(Math.ceil(n / 6)).slice(0, n));
    const box = document.querySelector('.data-dialog-text');
    const t0 = performance.now();
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const handlerMs = performance.now() - t0;
    const error = document.querySelector('.data-dialog-error');
    while (error.hidden) await new Promise((resolve) => setTimeout(resolve, 20));
    return { handlerMs, text: box.value.length, error: error.textContent };
  }, MB50);
  assert.equal(pasted.text, 0);
  assert.equal(pasted.error, `the data is ${MB50} bytes (allowed: up to 4000000 bytes)`);
  console.log(`# the paste handler took ${pasted.handlerMs.toFixed(0)} ms`);
  await page.click('.data-dialog-cancel');
  // Still training the spiral.
  const s0 = (await status(page)).step;
  await page.waitForFunction((s) => window.bnlab.status().step > s + 20, s0);
  assert.equal((await page.evaluate(() => window.bnlab.config())).data.name, 'spiral');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the dialog: a pasted CSV with an error shows its line and keeps the old data training; a good one loads', async () => {
  const { page, context, problems } = await env.open();
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 20);
  await page.click('.data-load');
  await page.fill('.data-dialog-text', csvOf([...GOOD.slice(0, 3), [0.5, 'abc', 1], ...GOOD.slice(3)]));
  await page.click('.data-dialog-load');
  await page.waitForSelector('.data-dialog-error:not([hidden])');
  assert.match(await page.textContent('.data-dialog-error'), /^line 5: x2 'abc' is not a number/);
  assert.ok(await page.$('.data-dialog[open]'), 'the dialog stays open to fix the text');
  // The old data is kept and its losses keep changing.
  assert.equal((await page.evaluate(() => window.bnlab.config())).data.name, 'spiral');
  const s0 = await status(page);
  await page.waitForFunction((s) => window.bnlab.status().step > s + 20, s0.step);
  const s1 = await status(page);
  assert.ok(s1.step > s0.step && s1.runs[0].trainLoss !== s0.runs[0].trainLoss);

  // An upload (bytes) of a good file loads and closes the dialog.
  await page.setInputFiles('.data-dialog-file', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(GOOD, '\r\n')) });
  await page.click('.data-dialog-load');
  await waitTrained(page, 60);
  assert.equal(await page.$('.data-dialog[open]'), null);
  assert.match((await dataState(page)).text, /60 points \(30 train, 30 test\), 2 classes/);
  assert.ok(await page.evaluate(() => window.bnlab.status().playing), 'still playing');
  // The settings column says what the data is.
  assert.equal(await page.inputValue('[data-key="data.name"] select'), 'custom');
  assert.ok(await page.$eval('[data-key="data.noise"] input', (i) => i.disabled));
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
