// The WASM API web/worker.js stays responsive with (issue 12, item 9): a
// configure in pieces (lab.configureBegin / configureStep: the data, then each
// run) gives the experiment configure() gives, bit for bit; a refused,
// cancelled or replaced build leaves the running experiment as it was; a step
// taken run by run (lab.stepBegin / stepNextRun) is step(n). Prints the
// longest piece's CPU time at the race's limits (docs/RELIABILITY.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const bnlab = await loadBnlab();
const cpuMs = (f) => { const t0 = process.cpuUsage(); const r = f(); const d = process.cpuUsage(t0); return [r, (d.user + d.system) / 1000]; };
const bits = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

// What a Lab shows: its config, report and every run's grid.
function fingerprint(lab) {
  const grids = Array.from({ length: lab.numRuns() }, (_, i) => bits(lab.grid(i, 32, 32, 0).slice()));
  return { config: lab.config(), step: lab.stepCount(), report: lab.report(), grids };
}

// configureBegin, then every piece; returns the pieces' CPU times.
function inPieces(lab, text) {
  assert.equal(lab.configureBegin(text), '');
  assert.equal(lab.configuring(), true);
  const times = [];
  for (;;) {
    const [r, ms] = cpuMs(() => lab.configureStep());
    times.push(ms);
    assert.equal(r.error, '');
    if (r.done) break;
    assert.ok(times.length < 100, 'a build ends');
  }
  assert.equal(lab.configuring(), false);
  return times;
}

function runByRun(lab, n) {
  assert.equal(lab.stepBegin(n), true);
  let parts = 1;
  while (!lab.stepNextRun()) parts += 1;
  return parts;
}

const RACE = configWith(bnlab, 'learning-rate-race',
  ['model.hidden=16', 'data.points=20000', 'data.test_fraction=0.05', 'train.batch_size=19000']);
const SMALL = configWith(bnlab, 'default', ['model.batchnorm=true', 'model.dropout=0.1']);

test('a configure in pieces is configure() bit for bit; its steps run by run are step(n)', (t) => {
  // First in this module: the cold build (memory grows) at the race's limits,
  // built once (~1 s of CPU: the page faults of ~90 MB; figures only).
  const cold = makeLab(t, bnlab, SMALL);
  const times = inPieces(cold, RACE);
  // The memory the estimate says the experiment needs, 1 MB a piece (beyond
  // the module's own 16 MB), then the data, then each of the 8 runs.
  const bytes = JSON.parse(bnlab.normalizeConfig(RACE)).derived.cost.bytes;
  const memoryPieces = Math.ceil((bytes - 16 * 2 ** 20) / 2 ** 20);
  assert.ok(memoryPieces > 50, `the race needs tens of MB: ${bytes}`);
  assert.equal(times.length, memoryPieces + 1 + 8);
  assert.equal(JSON.parse(cold.config()).data.points, 20000);
  const [, stepMs] = cpuMs(() => cold.step(1));
  const longest = (xs) => Math.max(...xs).toFixed(1);
  console.log(`race at the limits (8 runs, 20,000 points, batch 19,000), a fresh module: configure in ${times.length} pieces, ` +
    `longest CPU ms: memory ${longest(times.slice(0, memoryPieces))}, data ${times[memoryPieces].toFixed(1)}, ` +
    `runs ${longest(times.slice(memoryPieces + 1))}; one step of all runs ${stepMs.toFixed(1)} ms`);
  cold.configure(SMALL);

  // The race (8 runs) at its own size: in pieces, then run by run, is the
  // one-call configure and step.
  const race = configWith(bnlab, 'learning-rate-race');
  const pieces = makeLab(t, bnlab, SMALL);
  inPieces(pieces, race);
  const whole = makeLab(t, bnlab, race);
  assert.deepEqual(fingerprint(pieces), fingerprint(whole));
  whole.step(3);
  assert.equal(runByRun(pieces, 3), 8);
  assert.equal(pieces.stepCount(), 3);
  assert.deepEqual(fingerprint(pieces), fingerprint(whole));

  const a = makeLab(t, bnlab, SMALL), b = makeLab(t, bnlab, SMALL);
  inPieces(a, configWith(bnlab, 'default', ['model.batchnorm=true', 'model.dropout=0.1', 'seed=4']));
  b.configure(configWith(bnlab, 'default', ['model.batchnorm=true', 'model.dropout=0.1', 'seed=4']));
  for (let i = 0; i < 5; i++) {
    runByRun(a, 7);
    b.step(7);
  }
  assert.deepEqual(fingerprint(a), fingerprint(b));
  // step(n) finishes a step begun run by run first.
  assert.equal(a.stepBegin(3), true);
  assert.equal(a.stepBegin(1), false, 'one step in parts at a time');
  assert.equal(a.stepPendingRuns(), 2);
  assert.equal(a.stepNextRun(), false);
  assert.equal(a.stepCount(), 35, 'the count moves on once every run has trained');
  a.step(2);
  b.step(5);
  assert.equal(a.stepPendingRuns(), 0);
  assert.deepEqual(fingerprint(a), fingerprint(b));
});

test('a refused, cancelled or replaced configure leaves the running experiment as it was', (t) => {
  const lab = makeLab(t, bnlab, SMALL);
  const twin = makeLab(t, bnlab, SMALL);
  lab.step(12);
  twin.step(12);
  const before = fingerprint(lab);

  // Refused at once: the engine's one message; nothing pending.
  assert.match(lab.configureBegin('{"model": {"hidden": [0]}}'), /^model\.hidden/);
  assert.equal(lab.configuring(), false);
  assert.match(lab.configureWithDataBegin(SMALL, 'x1,x2,label\n1,2,banana\n'), /line 2/);
  assert.equal(lab.configuring(), false);
  assert.deepEqual(lab.configureStep(), { done: false, error: 'no configure in progress' });

  // The learner's points are checked against the config at once too.
  const csv = 'x1,x2,label\n' + Array.from({ length: 40 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.7)},${i % 2}`).join('\n');
  assert.match(lab.configureWithDataBegin(configWith(bnlab, 'default', ['train.batch_size=32']), csv),
    /^train\.batch_size: 32 is larger than the train set/);
  assert.equal(lab.configuring(), false);
  assert.deepEqual(fingerprint(lab), before);

  // Cancelled half-way (the worker: a newer configure came).
  assert.equal(lab.configureBegin(RACE), '');
  assert.equal(lab.configureStep().done, false);
  assert.equal(lab.configureStep().done, false);
  lab.configureCancel();
  assert.equal(lab.configuring(), false);
  assert.deepEqual(fingerprint(lab), before);
  lab.step(5);
  twin.step(5);
  assert.deepEqual(fingerprint(lab), fingerprint(twin), 'the old experiment trains on as if nothing happened');

  // Replaced: a newer begin drops the older build; the newer one is what comes.
  assert.equal(lab.configureBegin(RACE), '');
  lab.configureStep();
  const other = configWith(bnlab, 'default', ['seed=9']);
  inPieces(lab, other);
  const fresh = makeLab(t, bnlab, other);
  assert.deepEqual(fingerprint(lab), fingerprint(fresh));
});
