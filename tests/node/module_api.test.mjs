// The module API the page codes against: configure errors, reports, presets,
// settings, data views and decision grids.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { configWith, loadBnlab, makeLab } from './bnlab_module.mjs';
import { assertClose, expectedInspect, expectedPreact, traceOf } from '../reference/trace_forward.mjs';

const bnlab = await loadBnlab();
const DEFAULT = configWith(bnlab, 'default');

test('a bad config names the field and leaves the previous experiment running', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  lab.step(5);
  const before = lab.config();
  assert.notEqual(before, '');

  const bad = [
    ['{"train": {', /json|parse/i],
    ['{"train": {"learning_rate": "fast"}}', /train\.learning_rate/],
    ['{"train": {"batch_size": 0}}', /train\.batch_size/],
    ['{"model": {"hidden": [16, -3]}}', /model\.hidden/],
    ['{"data": {"name": "no-such-dataset"}}', /data\.name/],
    ['{"data": {"points": 100000000}}', /data\.points/],
  ];
  for (const [json, field] of bad) {
    const error = lab.configure(json);
    assert.match(error, field, `configure(${json}) -> "${error}"`);
    assert.doesNotMatch(error, /\n/, 'one line');
    assert.equal(lab.config(), before, `config unchanged after ${json}`);
  }
  assert.equal(lab.stepCount(), 5, 'the old experiment keeps its steps');
  lab.step(3);
  assert.equal(lab.stepCount(), 8, 'and keeps training');
  const report = JSON.parse(lab.report());
  assert.equal(report.step, 8);
  assert.ok(report.runs.every((r) => r.step === 8));
});

test('a wrong argument type from JS is a JS error, not an abort of the module', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  assert.throws(() => lab.configure(42));
  assert.throws(() => lab.step());
  lab.step(2);
  assert.equal(lab.stepCount(), 2);
});

test('an unconfigured Lab is inert', (t) => {
  const lab = new bnlab.Lab();
  t.after(() => lab.delete());
  assert.equal(lab.config(), '');
  assert.notEqual(lab.configure('[1, 2]'), '');
  assert.equal(lab.config(), '', 'a failed first configure leaves no config');
  lab.step(10);
  assert.equal(lab.stepCount(), 0);
  assert.deepEqual(JSON.parse(lab.report()), { step: 0, runs: [] });
  assert.equal(lab.grid(0, 8, 8, 0).length, 0);
});

test('config() is the normalized config and configures the same experiment', (t) => {
  const lab = makeLab(t, bnlab, '{}');
  const normalized = JSON.parse(lab.config());
  for (const key of ['seed', 'data', 'model', 'train', 'runs']) assert.ok(key in normalized, key);
  const again = makeLab(t, bnlab, lab.config());
  assert.equal(again.config(), lab.config());
  lab.step(20);
  again.step(20);
  assert.equal(again.report(), lab.report(), 'same config, same numbers');
});

test('report() has the RunReport fields in camelCase', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  lab.step(10);
  const config = JSON.parse(lab.config());
  const report = JSON.parse(lab.report());
  assert.equal(report.step, 10);
  assert.equal(report.runs.length, config.runs.length);
  assert.equal(lab.numRuns(), config.runs.length);
  for (const [i, run] of report.runs.entries()) {
    assert.equal(run.name, config.runs[i].name);
    assert.equal(run.step, 10);
    assert.equal(run.diverged, false);
    assert.equal(run.divergedStep, -1);
    for (const key of ['epoch', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'batchLoss']) {
      assert.equal(typeof run[key], 'number', `${run.name}.${key}`);
      assert.ok(Number.isFinite(run[key]), `${run.name}.${key}`);
    }
    assert.ok(run.trainAcc >= 0 && run.trainAcc <= 1);
    assert.equal(run.preact.length, config.model.hidden.length, 'one percentile triple per hidden layer');
    for (const [p15, p50, p85] of run.preact) assert.ok(p15 <= p50 && p50 <= p85);
    // z before BN: the activation's input without BN; BN's input with BN before g.
    assert.equal(run.zBeforeBn.length, config.model.hidden.length);
    for (const [p15, p50, p85] of run.zBeforeBn) assert.ok(p15 <= p50 && p50 <= p85);
    if (run.bn.length === 0) assert.deepEqual(run.zBeforeBn, run.preact);
    else assert.notDeepEqual(run.zBeforeBn, run.preact);
  }
  const bnRun = report.runs.find((r) => r.bn.length > 0);
  assert.ok(bnRun, 'the default compares against a BN run');
  const bn = bnRun.bn[0];
  for (const key of ['batchMean', 'batchVar', 'runningMean', 'runningVar', 'gamma', 'beta']) {
    assert.ok(Array.isArray(bn[key]) && bn[key].length > 0, key);
    assert.equal(bn[key].length, bn.gamma.length, key);
  }
  assert.ok(bn.batchVar.every((v) => v >= 0));
  assert.ok(report.runs.some((r) => r.bn.length === 0), 'and a run without BN');
  for (const run of report.runs) {
    assert.equal(typeof run.standardized, 'boolean');
    assert.equal(run.inputMean.length, 2);
    assert.equal(run.inputStd.length, 2);
    assert.ok(run.inputStd.every((s) => s > 0));
  }
});

test('a diverged run reports null losses, and the report stays valid JSON', (t) => {
  // The base network has no BN; the "with BN" run overrides it and survives.
  const config = configWith(bnlab, 'default', ['model.batchnorm=false', 'train.learning_rate=10']);
  const lab = makeLab(t, bnlab, config);
  lab.step(200);
  const text = lab.report();
  assert.doesNotMatch(text, /NaN|Infinity/);
  const report = JSON.parse(text);
  const diverged = report.runs.filter((r) => r.diverged);
  assert.ok(diverged.length >= 1, 'the run without BN diverges at learning rate 10');
  for (const run of diverged) {
    assert.ok(run.divergedStep >= 1 && run.divergedStep <= 200, `divergedStep ${run.divergedStep}`);
    assert.ok(run.step < 200, 'a diverged run stops stepping');
    assert.equal(run.batchLoss, null, 'a non-finite loss is null in JSON');
  }
  for (const run of report.runs.filter((r) => !r.diverged)) {
    assert.equal(run.step, 200);
    assert.ok(Number.isFinite(run.trainLoss));
  }
});

test('presets are listed with their configs, and each one configures', (t) => {
  const list = JSON.parse(bnlab.presets());
  assert.ok(list.length >= 1);
  assert.ok(list.some((p) => p.name === 'default'));
  for (const p of list) {
    for (const key of ['name', 'title', 'description', 'look']) assert.equal(typeof p[key], 'string', key);
    assert.ok(Array.isArray(p.views) && p.views.every((v) => typeof v === 'string' && v !== ''), 'views');
    assert.ok(Number.isInteger(p.lesson) && p.lesson >= 0 && p.lesson <= 8, 'lesson');
    for (const key of ['source', 'compares']) assert.equal(typeof p[key], 'string', key);
    assert.equal(typeof p.formulaNote, 'boolean', 'formulaNote');
    assert.equal(typeof p.config, 'object');
    const text = bnlab.presetConfig(p.name);
    assert.deepEqual(JSON.parse(text), p.config);
    const lab = makeLab(t, bnlab, text);
    lab.step(1);
    assert.equal(lab.stepCount(), 1, p.name);
  }
  assert.equal(bnlab.presetConfig('no such preset'), '');
});

test('applySets is strict, applySetsLenient keeps the good settings', () => {
  const ok = JSON.parse(bnlab.applySets('{}', JSON.stringify(['train.learning_rate=0.5', 'model.hidden=8,8'])));
  assert.equal(ok.error, '');
  const applied = JSON.parse(ok.json);
  assert.equal(applied.train.learning_rate, 0.5);
  assert.deepEqual(applied.model.hidden, [8, 8]);

  const strict = JSON.parse(bnlab.applySets('{}', JSON.stringify(['train.learning_rate=0.5', 'train.batch_size=-1'])));
  assert.match(strict.error, /train\.batch_size/);

  const lenient = JSON.parse(
    bnlab.applySetsLenient('{}', JSON.stringify(['train.learning_rate=0.5', 'train.batch_size=-1', 'nonsense=1'])),
  );
  assert.equal(lenient.errors.length, 2, lenient.errors.join(' | '));
  assert.ok(lenient.errors.some((e) => e.includes('train.batch_size')));
  assert.ok(lenient.errors.some((e) => e.includes('nonsense')));
  const kept = JSON.parse(lenient.json);
  assert.equal(kept.train.learning_rate, 0.5);
  assert.notEqual(kept.train?.batch_size, -1);

  const notArray = JSON.parse(bnlab.applySets('{}', '"train.learning_rate=0.5"'));
  assert.match(notArray.error, /array/);
});

test('configKeys lists the dotted keys', () => {
  const lines = JSON.parse(bnlab.configKeys());
  assert.ok(Array.isArray(lines) && lines.length > 5);
  for (const key of ['train.learning_rate', 'model.batchnorm', 'data.name', 'seed']) {
    assert.ok(lines.some((l) => l.includes(key)), key);
  }
  // Run items, once, with exactly the keys a run may override (the schema's per-run flag).
  const runLines = lines.filter((l) => l.startsWith('run.<i>.<key> '));
  assert.equal(runLines.length, 1, lines.join('\n'));
  const listed = runLines[0].split('key one of ')[1].split(', ');
  const fields = JSON.parse(bnlab.schema()).fields;
  assert.deepEqual(listed, fields.filter((f) => f.perRun).map((f) => f.key));
  assert.ok(listed.includes('train.learning_rate') && listed.includes('data.standardize') && !listed.includes('data.points'));
  assert.equal(lines.filter((l) => l.startsWith('run.<i>.name ')).length, 1);
});

test('data views hold the dataset, with the extent around it', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  const config = JSON.parse(lab.config());
  const trainX = lab.trainX().slice();
  const trainY = lab.trainY().slice();
  const testX = lab.testX().slice();
  const testY = lab.testY().slice();
  assert.ok(trainX instanceof Float32Array && trainY instanceof Int32Array);
  assert.equal(trainY.length + testY.length, config.data.points);
  assert.equal(trainX.length, 2 * trainY.length);
  assert.equal(testX.length, 2 * testY.length);
  const classes = lab.classes();
  assert.ok([...trainY, ...testY].every((y) => y >= 0 && y < classes));
  assert.equal(new Set(trainY).size, classes, 'every class in the training set');
  const [xmin, xmax, ymin, ymax] = Array.from(lab.extent());
  assert.ok(xmin < xmax && ymin < ymax);
  let inside = 0;
  for (let i = 0; i < trainY.length; i++) {
    const x = trainX[2 * i], y = trainX[2 * i + 1];
    if (x >= xmin && x <= xmax && y >= ymin && y <= ymax) inside++;
  }
  assert.ok(inside >= 0.95 * trainY.length, `${inside} of ${trainY.length} points inside the extent`);
});

function gridRuns(lab) {
  const report = JSON.parse(lab.report());
  return {
    bn: report.runs.findIndex((r) => r.bn.length > 0),
    plain: report.runs.findIndex((r) => r.bn.length === 0),
  };
}

test('grid(): probabilities of the right length; batch statistics differ from running averages', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  lab.step(50);
  const { bn, plain } = gridRuns(lab);
  assert.ok(bn >= 0 && plain >= 0);
  const [w, h] = [31, 17];
  assert.equal(lab.gridChannels(), 1);
  for (const run of [bn, plain]) {
    for (const mode of [0, 1]) {
      const cells = lab.grid(run, w, h, mode).slice();
      assert.equal(cells.length, w * h);
      assert.ok(cells.every((p) => p >= 0 && p <= 1), `run ${run} mode ${mode} in [0,1]`);
      assert.ok(Math.max(...cells) - Math.min(...cells) > 0.1, 'a trained network is not constant');
    }
  }
  const inference = lab.grid(bn, w, h, 0).slice();
  const lastBatch = lab.grid(bn, w, h, 1).slice();
  const maxDiff = Math.max(...inference.map((p, i) => Math.abs(p - lastBatch[i])));
  assert.ok(maxDiff > 1e-4, `BN run: batch statistics change the prediction (max diff ${maxDiff})`);
  const plainA = lab.grid(plain, w, h, 0).slice();
  const plainB = lab.grid(plain, w, h, 1).slice();
  assert.deepEqual(plainB, plainA, 'no BN: both modes are the same network');

  // Mode 2 predicts each cell alone: a batch of one normalizes every BN input
  // to 0, so the BN network answers the same everywhere.
  const single = lab.grid(bn, w, h, 2).slice();
  assert.equal(single.length, w * h);
  assert.ok(Math.max(...single) - Math.min(...single) < 1e-6, 'batch of one: a constant prediction');
  assert.deepEqual(lab.grid(plain, w, h, 2).slice(), plainA, 'no BN: a batch of one changes nothing');

  assert.equal(lab.grid(99, w, h, 0).length, 0, 'no such run');
  assert.equal(lab.grid(bn, 0, h, 0).length, 0, 'empty grid');
  assert.equal(lab.grid(bn, w, h, 7).length, 0, 'no such mode');
});

test('inspect() writes out one BN unit on the last batch; batchNoise() samples z_norm', (t) => {
  const steps = 30;
  const lab = makeLab(t, bnlab, DEFAULT);
  lab.step(steps);
  const { bn, plain } = gridRuns(lab);
  const config = JSON.parse(lab.config());
  // The same experiment traced by the native CLI (bit-identical to WASM), its
  // parameters run through an independent forward pass: the inspector must
  // show what the network's layers compute, for a unit of every BN layer.
  const trace = traceOf('default', steps);
  for (const [layer, unit] of [[0, 3], [1, 0], [2, 15]]) {
    const u = JSON.parse(lab.inspect(bn, layer, unit));
    assert.equal(u.error, '');
    assert.equal(u.layer, layer);
    assert.equal(u.unit, unit);
    const m = config.train.batch_size;
    for (const key of ['examples', 'z', 'zNorm', 'zTilde']) assert.equal(u[key].length, m, key);
    const { examples, ...numbers } = expectedInspect(trace.runs[bn], layer, unit);
    assert.deepEqual(u.examples, examples, 'the last training batch');
    assertClose(assert, u, numbers, `inspect(${bn}, ${layer}, ${unit})`);
  }
  // The report's pre-activation percentiles come from the layers' own probe
  // forward: the same independent computation, for both runs.
  const report = JSON.parse(lab.report());
  for (const run of [bn, plain]) assertClose(assert, report.runs[run].preact, expectedPreact(trace.runs[run]), `run ${run} preact`);

  assert.match(JSON.parse(lab.inspect(plain, 0, 0)).error, /batch-norm|bn/i, 'a run without BN says so');
  assert.match(JSON.parse(lab.inspect(bn, 0, 10000)).error, /unit/);
  assert.match(JSON.parse(lab.inspect(42, 0, 0)).error, /run/);

  const noise = JSON.parse(lab.batchNoise(bn, 0, 3, 7, 20));
  assert.equal(noise.error, '');
  assert.equal(noise.zNorm.length, 20);
  assert.ok(noise.zNorm.every(Number.isFinite));
  assert.ok(Math.max(...noise.zNorm) > Math.min(...noise.zNorm), 'different batches, different z_norm');
  assert.match(JSON.parse(lab.batchNoise(bn, 0, 3, 7, 0)).error, /samples/);
  assert.match(JSON.parse(lab.batchNoise(bn, 0, 3, -1, 5)).error, /example/);

  const fresh = new bnlab.Lab();
  t.after(() => fresh.delete());
  assert.notEqual(JSON.parse(fresh.inspect(0, 0, 0)).error, '', 'unconfigured');
});

test('grid(): the top-left cell is (xmin, ymax), matching the data', (t) => {
  // A trained network agrees with most training labels when each point is looked
  // up in the grid cell it falls in; a flipped or transposed grid would not
  // (the moons are not symmetric under either, which the last check confirms).
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default', ['data.name=moons']));
  lab.step(300);
  const { bn } = gridRuns(lab);
  const acc = JSON.parse(lab.report()).runs[bn].trainAcc;
  assert.ok(acc > 0.85, `trained: accuracy ${acc}`);
  const [w, h] = [64, 64];
  const cells = lab.grid(bn, w, h, 0).slice();
  const [xmin, xmax, ymin, ymax] = Array.from(lab.extent());
  const x = lab.trainX().slice(), y = lab.trainY().slice();
  const agreement = (cellOf) => {
    let agree = 0;
    for (let i = 0; i < y.length; i++) {
      const col = Math.min(w - 1, Math.max(0, Math.floor(((x[2 * i] - xmin) / (xmax - xmin)) * w)));
      const row = Math.min(h - 1, Math.max(0, Math.floor(((ymax - x[2 * i + 1]) / (ymax - ymin)) * h)));
      if ((cells[cellOf(row, col)] > 0.5 ? 1 : 0) === y[i]) agree++;
    }
    return agree / y.length;
  };
  const asDocumented = agreement((row, col) => row * w + col);
  assert.ok(asDocumented > 0.85, `${asDocumented} of the points agree with their grid cell`);
  const flipped = agreement((row, col) => (h - 1 - row) * w + col);
  const transposed = agreement((row, col) => col * w + row);
  assert.ok(Math.max(flipped, transposed) < asDocumented - 0.15,
    `the check discriminates: flipped ${flipped}, transposed ${transposed}, as documented ${asDocumented}`);
});

test('grid(): K class probabilities per cell for blobs', (t) => {
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default', ['data.name=blobs']));
  assert.equal(lab.classes(), 3);
  assert.equal(lab.gridChannels(), 3);
  lab.step(20);
  const [w, h] = [10, 12];
  const cells = lab.grid(0, w, h, 0).slice();
  assert.equal(cells.length, w * h * 3);
  for (let c = 0; c < w * h; c++) {
    const sum = cells[3 * c] + cells[3 * c + 1] + cells[3 * c + 2];
    assert.ok(Math.abs(sum - 1) < 1e-4, `cell ${c} sums to ${sum}`);
  }
});
