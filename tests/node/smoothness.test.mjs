// Lesson 6c's measurement in WebAssembly: lab.smoothness(run) gives the
// native CLI's --smoothness numbers, and measuring never changes a run (the
// reports of a lab measured every 10 steps equal those of one never measured,
// bit for bit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const STEPS = 150;
const EVERY = 10;
const bnlab = await loadBnlab();

function nativeRows() {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-smooth-'));
  try {
    const file = path.join(dir, 's.jsonl');
    execFileSync(CLI, ['run', '--preset', 'smoothness', '--steps', String(STEPS), '--every', String(EVERY), '--smoothness', file],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12));

test('lab.smoothness matches the native CLI, and measuring leaves the runs unchanged', (t) => {
  const config = configWith(bnlab, 'smoothness');
  const measured = makeLab(t, bnlab, config);
  const plain = makeLab(t, bnlab, config);
  const native = nativeRows();
  assert.equal(native.length, STEPS / EVERY + 1);
  let worst = 0;
  for (const [k, row] of native.entries()) {
    if (k > 0) { measured.step(EVERY); plain.step(EVERY); }
    assert.equal(row.step, k * EVERY);
    row.runs.forEach((n, i) => {
      const w = JSON.parse(measured.smoothness(i));
      assert.equal(w.error, '');
      assert.equal(w.losses.length, 4);
      for (const key of ['loss', 'lossVariation', 'gradNorm', 'gradChange', 'beta']) {
        assert.ok(Number.isFinite(w[key]) && w[key] >= 0, `${key} ${w[key]}`);
        worst = Math.max(worst, rel(w[key], n[key]));
      }
      assert.deepEqual(w.stepSizes, [0.25, 0.5, 1, 2], 'learning rate 0.5 x 0.5, 1, 2, 4');
      assert.ok(Math.abs(w.lossVariation - (Math.max(...w.losses) - Math.min(...w.losses))) < 1e-12);
      assert.ok(Math.abs(w.beta - w.gradChange / (0.5 * w.gradNorm)) <= 1e-9 * w.beta);
    });
    assert.equal(measured.report(), plain.report(), `step ${row.step}: the measured lab's report is the unmeasured one's`);
  }
  console.log(`smoothness: WASM against native, largest relative difference ${worst.toExponential(2)}`);
  assert.ok(worst <= 1e-5, `WASM and native agree (${worst})`);
  assert.match(JSON.parse(measured.smoothness(7)).error, /run: 7 does not exist/);
});

test('with dropout, measuring leaves the runs unchanged too (the mask stream is restored)', (t) => {
  const config = configWith(bnlab, 'smoothness', ['model.dropout=0.3']);
  const measured = makeLab(t, bnlab, config);
  const plain = makeLab(t, bnlab, config);
  for (let k = 0; k < 10; k++) {
    measured.step(EVERY);
    plain.step(EVERY);
    for (const i of [0, 1]) {
      const first = JSON.parse(measured.smoothness(i));
      assert.equal(first.error, '');
      // One measurement's losses share their masks, so measuring again gives the same numbers.
      assert.deepEqual(JSON.parse(measured.smoothness(i)), first);
    }
    assert.equal(measured.report(), plain.report(), `step ${(k + 1) * EVERY}: the measured lab's report is the unmeasured one's`);
  }
  // The dropout lab is not the plain one: dropout is applied.
  const noDropout = makeLab(t, bnlab, configWith(bnlab, 'smoothness'));
  noDropout.step(10 * EVERY);
  assert.notEqual(noDropout.report(), plain.report());
});
