// Divergence in WebAssembly is what the native CLI says it is: the same runs
// diverge at the same step, keep the same last finite state, and every report
// agrees with the CLI's --json report at that step. Reports are taken every
// step on both sides (a report is also where a state that evaluates to a
// non-finite loss is found, so both sides look at the same steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');

// As tests/node/native_parity.test.mjs: the builds' math libraries (data
// generation, exp and log in the loss) may differ in the last bit.
const REL_TOL = 1e-5;
const ABS_FLOOR = 1e-8;

const bnlab = await loadBnlab();

// The CLI's --json lines, one per step: [{step, runs: [report...]}].
function nativeReports(steps, sets) {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first (./build.sh cli)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-divergence-'));
  try {
    const file = path.join(dir, 'reports.jsonl');
    const args = ['run', '--preset', 'default', '--steps', String(steps), '--every', '1', '--json', file];
    for (const s of sets) args.push('--set', s);
    execFileSync(CLI, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function wasmReports(t, steps, sets) {
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default', sets));
  const reports = [JSON.parse(lab.report())];
  for (let s = 0; s < steps; s++) {
    lab.step(1);
    const text = lab.report();
    assert.doesNotMatch(text, /NaN|Infinity/);
    reports.push(JSON.parse(text));
  }
  return reports;
}

function compare(t, steps, sets, expectDiverged) {
  const native = nativeReports(steps, sets);
  const wasm = wasmReports(t, steps, sets);
  assert.equal(native.length, steps + 1);
  assert.equal(wasm.length, steps + 1);
  const last = wasm[steps].runs;
  assert.deepEqual(last.filter((r) => r.diverged).map((r) => r.name), expectDiverged);
  for (const r of last.filter((x) => x.diverged)) {
    assert.equal(r.lastGoodStep, r.divergedStep - 1);
    assert.equal(r.trainLoss, null);
    t.diagnostic(`${r.name}: diverged at step ${r.divergedStep}, last finite state ${r.lastGoodStep}`);
  }
  let worst = { diff: 0 };
  for (let s = 0; s <= steps; s++) {
    const at = (reports) => reports[s].runs.map((r) => [r.name, r.step, r.diverged, r.divergedStep, r.lastGoodStep]);
    assert.deepEqual(at(wasm), at(native), `divergence at step ${s}`);
    // Every number of the report: null in one build is null in the other;
    // the rest agree as tests/node/native_parity.test.mjs requires of losses.
    const diff = numbersDiff(wasm[s], native[s], `step ${s}`);
    if (diff.diff > worst.diff) worst = diff;
  }
  t.diagnostic(`worst relative difference ${JSON.stringify(worst)}`);
  assert.ok(worst.diff <= REL_TOL, `native vs WASM beyond ${REL_TOL}: ${JSON.stringify(worst)}`);
}

// Largest relative difference between the numbers of two reports of the same
// shape (asserting the shape, and null exactly where the other has null).
function numbersDiff(a, b, where) {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    return { diff: d <= ABS_FLOOR ? 0 : d / Math.max(Math.abs(a), Math.abs(b)), where, wasm: a, native: b };
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    assert.deepEqual(a, b, where);
    return { diff: 0 };
  }
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), where);
  let worst = { diff: 0 };
  for (const k of Object.keys(a)) {
    const d = numbersDiff(a[k], b[k], `${where}.${k}`);
    if (d.diff > worst.diff) worst = d;
  }
  return worst;
}

test('a NaN loss: WASM and the CLI agree on the step and the last finite state', (t) => {
  compare(t, 4, ['train.learning_rate=10', 'model.activation=linear'], ['without BN']);
});

test('an overflowing BN running variance with a finite loss: WASM and the CLI agree', (t) => {
  compare(t, 30, ['train.l2=1', 'train.learning_rate=10'], ['without BN', 'with BN']);
});

test('a diverged run still draws its last finite boundary', (t) => {
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default', ['train.l2=1', 'train.learning_rate=10']));
  lab.step(30);
  const report = JSON.parse(lab.report());
  report.runs.forEach((run, i) => {
    assert.ok(run.diverged, run.name);
    const grid = lab.grid(i, 16, 16, 0).slice();
    assert.equal(grid.length, 256);
    assert.ok(grid.every((p) => Number.isFinite(p) && p >= 0 && p <= 1), `${run.name}: finite probabilities`);
  });
});
