// The same config and seed give the same numbers in WebAssembly as in the native
// build: the CLI's --csv losses against Lab.report(), row by row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const STEPS = 300;
const EVERY = 10;
const REL_TOL = 1e-5;
// Per-example losses are float32: a well-classified example's loss is quantized
// to multiples of float32's epsilon (1.2e-7), so a mean loss near zero moves by
// eps/n when one example's rounding differs. Below ~1e-3 relative error stops
// meaning anything; this floor only matters there.
const ABS_FLOOR = 1e-8;

const bnlab = await loadBnlab();

function runNative(preset, sets) {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first (./build.sh cli)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-parity-'));
  try {
    const csv = path.join(dir, 'losses.csv');
    const args = ['run', '--preset', preset, '--steps', String(STEPS), '--every', String(EVERY), '--csv', csv];
    for (const s of sets) args.push('--set', s);
    execFileSync(CLI, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return parseCsv(readFileSync(csv, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A CSV loss field: a number, or no number for a diverged run (an empty field
// or a word such as nan); the latter reads as NaN.
const loss = (field) => (field === undefined || field.trim() === '' ? NaN : Number(field));

// step,run,train_loss,test_loss,train_acc,test_acc -> [{step, run, trainLoss, testLoss}]
function parseCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  const cols = header.split(',');
  const at = (name) => {
    const i = cols.indexOf(name);
    assert.ok(i >= 0, `CSV column ${name} in "${header}"`);
    return i;
  };
  const [iStep, iRun, iTrain, iTest] = ['step', 'run', 'train_loss', 'test_loss'].map(at);
  return lines.map((line) => {
    // Run names contain no commas in the presets used here.
    const f = line.split(',');
    return { step: Number(f[iStep]), run: f[iRun], trainLoss: loss(f[iTrain]), testLoss: loss(f[iTest]) };
  });
}

function runWasm(t, preset, sets) {
  const lab = makeLab(t, bnlab, configWith(bnlab, preset, sets));
  const rows = [];
  const record = () => {
    const report = JSON.parse(lab.report());
    for (const r of report.runs) {
      rows.push({ step: report.step, run: r.name, trainLoss: r.trainLoss ?? NaN, testLoss: r.testLoss ?? NaN });
    }
  };
  record();
  for (let s = 0; s < STEPS; s += EVERY) {
    lab.step(EVERY);
    record();
  }
  return rows;
}

// Relative difference, with differences below ABS_FLOOR counted as none. A
// loss that is not finite (a diverged run) agrees only with another that is
// not finite: diverging in one build only is an infinite difference.
function relDiff(a, b) {
  const finiteA = Number.isFinite(a), finiteB = Number.isFinite(b);
  if (!finiteA || !finiteB) return finiteA === finiteB ? 0 : Infinity;
  const d = Math.abs(a - b);
  return d <= ABS_FLOOR ? 0 : d / Math.max(Math.abs(a), Math.abs(b));
}

// Throws unless both builds have the same rows with losses within REL_TOL;
// returns the worst difference.
function compareRows(native, wasm) {
  const key = (r) => `${r.step}/${r.run}`;
  const wasmByKey = new Map(wasm.map((r) => [key(r), r]));
  assert.equal(wasm.length, native.length, 'both builds report the same rows');
  let worst = { diff: 0 };
  for (const n of native) {
    const w = wasmByKey.get(key(n));
    assert.ok(w, `WASM has a row for step ${n.step}, run "${n.run}"`);
    for (const field of ['trainLoss', 'testLoss']) {
      const diff = relDiff(n[field], w[field]);
      if (!(diff <= worst.diff)) worst = { diff, step: n.step, run: n.run, field, native: n[field], wasm: w[field] };
    }
  }
  assert.ok(worst.diff <= REL_TOL, `native vs WASM beyond ${REL_TOL}: ${JSON.stringify(worst)}`);
  return worst;
}

function compare(t, preset, sets, wasmSets = sets) {
  const native = runNative(preset, sets);
  const wasm = runWasm(t, preset, wasmSets);
  assert.ok(native.length >= 2 * (STEPS / EVERY), `native CSV has ${native.length} rows`);
  t.diagnostic(`worst relative difference ${JSON.stringify(compareRows(native, wasm))}`);
}

test('the comparison itself fails on a loss that differs, or diverged, in one build only', () => {
  const rows = [
    { step: 0, run: 'a', trainLoss: 0.5, testLoss: 0.6 },
    { step: 0, run: 'b', trainLoss: NaN, testLoss: NaN },  // diverged in both: agrees
  ];
  assert.doesNotThrow(() => compareRows(rows, structuredClone(rows)));
  const changes = [['trainLoss', NaN], ['testLoss', Infinity], ['testLoss', 0.6 * (1 + 1e-4)], ['trainLoss', 0.4]];
  for (const [field, value] of changes) {
    const other = structuredClone(rows);
    other[0][field] = value;
    assert.throws(() => compareRows(rows, other), /beyond/, `${field} = ${value} in WASM only`);
    assert.throws(() => compareRows(other, rows), /beyond/, `${field} = ${value} natively only`);
  }
  const recovered = structuredClone(rows);
  recovered[1].trainLoss = 0.7;
  assert.throws(() => compareRows(rows, recovered), /beyond/, 'diverged natively only');
  assert.throws(() => compareRows(rows, rows.slice(1)), /same rows/, 'a missing row');
  assert.equal(loss(''), NaN);
  assert.equal(loss('nan'), NaN);
  assert.equal(loss('0.25'), 0.25);
});

test('default preset: WASM losses match the native CLI', (t) => {
  compare(t, 'default', []);
});

test('a real difference between the builds is caught (a different learning rate in WASM)', (t) => {
  assert.throws(() => compare(t, 'default', [], ['train.learning_rate=0.102']), /beyond/);
});

test('overlapping blobs (3 classes, softmax) with Adam: WASM losses match the native CLI', (t) => {
  // Overlapping, so the losses stay well above the float32 floor.
  compare(t, 'default', ['data.name=blobs', 'data.noise=0.6', 'train.optimizer=adam', 'train.learning_rate=0.01']);
});

// ---- bn knobs: a bias before BN, the notes' formulas (a run that diverges in
// both builds at the same step), and batch norm without gamma and beta.
test('the bn knobs\' presets: WASM losses match the native CLI', (t) => {
  for (const preset of ['bias-before-bn', 'formulas-as-written', 'gamma-beta']) compare(t, preset, []);
});

test('dropout (masks from the seeded stream), with BN before and after g: WASM losses match the native CLI', (t) => {
  compare(t, 'default', ['model.dropout=0.3']);
  compare(t, 'default', ['model.dropout=0.5', 'model.bn_placement=after', 'train.batch_size=8']);
  // Not the run without dropout: the masks change the trajectory.
  assert.throws(() => compare(t, 'default', ['model.dropout=0.3'], []), /beyond/);
});
