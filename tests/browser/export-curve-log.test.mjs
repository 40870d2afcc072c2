// web/export/curve-log.js on its own (no browser): the rows the worker keeps
// are the CLI's (`bnlab run --every K --steps S`): step 0, every K, then S
// itself; a very long run doubles K and keeps only rows on the new cadence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_EVERY, CurveLog, MAX_ROWS } from '../../web/export/curve-log.js';

const report = (step, diverged = false) => ({ runs: [
  { name: 'a', trainLoss: 1 / (step + 1), testLoss: 2 / (step + 1), trainAcc: 0.5, testAcc: 0.25 },
  { name: 'b', trainLoss: diverged ? null : step, testLoss: diverged ? null : step, trainAcc: diverged ? null : 1, testAcc: diverged ? null : 1 },
] });

test('rows at 0, every 10, and the current step', () => {
  const log = new CurveLog();
  assert.equal(log.every, CLI_EVERY);
  for (let s = 0; s <= 47; s++) log.record(s, report(s, s >= 30));
  assert.deepEqual(log.rows.map((r) => r.step), [0, 10, 20, 30, 40]);
  assert.equal(log.stepsToNext(47), 3);
  assert.equal(log.stepsToNext(50), 10);
  const table = log.table(47, report(47, true));
  assert.deepEqual(table.rows.map((r) => r.step), [0, 10, 20, 30, 40, 47]);
  assert.deepEqual(table.names, ['a', 'b']);
  assert.deepEqual(table.rows[3].runs[1], [null, null, null, null], 'diverged: no numbers');
  assert.deepEqual(table.rows[1].runs[0], [1 / 11, 2 / 11, 0.5, 0.25]);
  // On the cadence: no extra row; a repeated step is not recorded twice.
  log.record(40, report(40));
  assert.deepEqual(log.table(40, report(40)).rows.map((r) => r.step), [0, 10, 20, 30, 40]);
});

test('a long run doubles the cadence, keeping rows on it', () => {
  const log = new CurveLog();
  for (let s = 0; s <= 10 * MAX_ROWS; s += 10) log.record(s, report(s));
  assert.equal(log.every, 20);
  assert.ok(log.rows.length <= MAX_ROWS);
  assert.ok(log.rows.every((r, i) => r.step === 20 * i));
  log.coarsen();
  assert.equal(log.every, 40);
  assert.ok(log.rows.every((r, i) => r.step === 40 * i));
  log.clear();
  assert.deepEqual([log.every, log.rows.length], [CLI_EVERY, 0]);
});
