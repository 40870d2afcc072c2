// The learner's own data in the module: parseData says what the CLI says about
// the same file (same error text), configureWithData trains exactly as
// `bnlab run --data` (every report bit-identical), dataCsv() round-trips, and
// an error leaves the running experiment as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const bnlab = await loadBnlab();
const DEFAULT = configWith(bnlab, 'default');

const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-data-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// A seeded generator (mulberry32), so the files are the same on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// rows of [x1, x2, label]: `classes` clusters, far from the origin, on different scales.
function clusters(n, classes, seed) {
  const r = random(seed);
  const rows = [];
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    rows.push([250 + 8 * k + 6 * (r() - 0.5), -0.05 * k + 0.04 * (r() - 0.5), k]);
  }
  return rows;
}

const csvOf = (rows, { header = true, eol = '\n', bom = false } = {}) =>
  (bom ? '\ufeff' : '') + (header ? `x1,x2,label${eol}` : '') + rows.map((r) => r.join(',') + eol).join('');

function writeFile(name, content) {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function cli(args) {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first (./build.sh cli)`);
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The CLI's one error line for a file, from the module's parse result.
const cliLine = (file, parsed) =>
  `bnlab: ${file}${parsed.line > 0 ? `:${parsed.line}` : ''}: ${parsed.error.replace(/^line \d+: /, '')}\n`;

const GOOD = clusters(90, 3, 1);
const LONG = [];
for (let i = 0; i < 20001; i++) LONG.push([i % 97, 1, i % 2]);

// [name, file content (string or bytes)]
const FILES = [
  ['good.csv', csvOf(GOOD)],
  ['bom_crlf.csv', csvOf(GOOD, { bom: true, eol: '\r\n' })],
  ['bom_no_header.csv', csvOf(GOOD, { bom: true, header: false })],
  ['old_mac.csv', csvOf(GOOD, { header: false, eol: '\r' }).slice(0, -1)],
  ['two_classes_absent_middle.csv', csvOf(GOOD.map(([a, b, k]) => [a, b, k === 1 ? 0 : k]))],
  ['missing_column.csv', csvOf([...GOOD.slice(0, 5), [1, 2], ...GOOD.slice(5)])],
  ['extra_column.csv', csvOf([...GOOD.slice(0, 5), [1, 2, 0, 4], ...GOOD.slice(5)])],
  ['not_a_number.csv', csvOf([...GOOD.slice(0, 7), ['1', 'two', 0], ...GOOD])],
  ['nan.csv', csvOf([...GOOD.slice(0, 3), ['NaN', 1, 0]])],
  ['infinity.csv', csvOf([...GOOD.slice(0, 3), [1, '-Infinity', 0]])],
  ['hex.csv', csvOf([...GOOD.slice(0, 3), ['0x1p3', 1, 0]])],
  ['label_range.csv', csvOf([...GOOD.slice(0, 3), [1, 1, 9]])],
  ['label_fraction.csv', csvOf([...GOOD.slice(0, 3), [1, 1, 1.5]])],
  ['one_class.csv', csvOf(GOOD.map(([a, b]) => [a, b, 2]))],
  ['too_few.csv', csvOf(GOOD.slice(0, 9))],
  ['rows_20001.csv', csvOf(LONG)],
  ['too_large.csv', '1'.repeat(4_000_001)],
  ['empty.csv', ''],
  ['nul.csv', csvOf(GOOD.slice(0, 4)) + '1,\u0000,0\n'],
  ['invalid_utf8.csv', Buffer.concat([Buffer.from(csvOf(GOOD.slice(0, 4))), Buffer.from([0x31, 0x2c, 0xe9, 0x2c, 0x30, 0x0a])])],
  ['png.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
  ['xlsx.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
  ['utf16.csv', Buffer.from('\ufeffx1,x2,label\n1,2,0\n', 'utf16le')],
];

test('parseData agrees with bnlab run --data on good and bad files, in the same words', () => {
  let good = 0;
  let bad = 0;
  for (const [name, content] of FILES) {
    const file = writeFile(name, content);
    // The module gets the file's bytes (as a page upload would), and its text where that is the same.
    const bytes = new Uint8Array(readFileSync(file));
    const parsed = bnlab.parseData(bytes);
    const native = cli(['run', '--data', file, '--steps', '1']);
    if (!Buffer.isBuffer(content)) {
      assert.deepEqual(bnlab.parseData(content), parsed, `${name}: text and bytes parse alike`);
    }
    if (native.status === 0) {
      good++;
      assert.equal(parsed.ok, true, `${name}: the CLI trains on it, parseData says ${parsed.error}`);
      assert.equal(parsed.error, '');
      const m = native.stdout.match(/custom, (\d+) train \/ (\d+) test points/);
      assert.ok(m, native.stdout);
      assert.equal(parsed.points, Number(m[1]) + Number(m[2]), name);
    } else {
      bad++;
      assert.equal(native.status, 2, `${name}: exit status`);
      assert.equal(parsed.ok, false, `${name}: the CLI rejects it (${native.stderr}), parseData accepts it`);
      assert.equal(parsed.points, 0);
      assert.equal(native.stderr, cliLine(file, parsed), `${name}: same message`);
      assert.match(parsed.error, parsed.line > 0 ? /^line \d+: \S/ : /^the data is \d+ bytes/, name);
    }
  }
  assert.equal(good, 5);
  assert.equal(bad, FILES.length - 5);
});

test('parseData: counts, classes and the line of the first problem', () => {
  assert.deepEqual(bnlab.parseData(csvOf(GOOD)), { ok: true, points: 90, classes: 3, line: 0, error: '' });
  // Class 1 absent: still 3 classes (labels name classes).
  assert.equal(bnlab.parseData(csvOf(GOOD.map(([a, b, k]) => [a, b, k === 1 ? 0 : k]))).classes, 3);
  const r = bnlab.parseData('x1,x2,label\n\n1,2,0\n3,x,1\n5,6\n');
  assert.deepEqual(r, { ok: false, points: 0, classes: 0, line: 4, error: "line 4: x2 'x' is not a number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" });
});

test('dataSizeError refuses a huge paste by its size, in parseData\'s words', () => {
  assert.equal(bnlab.dataSizeError(4_000_000), '');
  assert.equal(bnlab.dataSizeError(4_000_001), bnlab.parseData('1'.repeat(4_000_001)).error);
  assert.equal(bnlab.dataSizeError(50 * 1024 * 1024), 'the data is 52428800 bytes (allowed: up to 4000000 bytes)');
});

// Reported mean losses may differ in the last bits: each example's float loss
// goes through std::log1p, and glibc's log1pf and Emscripten musl's can round
// one ulp apart (training does not use the value: its gradient needs no log).
// So a mean loss agrees within one float ulp relative; everything else in the
// reports (accuracies, BN statistics, percentiles, input statistics) exactly.
const LOSS_KEYS = ['trainLoss', 'testLoss', 'batchLoss'];
const FLOAT_ULP = 2 ** -23;

function splitLosses(runs) {
  const rest = runs.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !LOSS_KEYS.includes(k))));
  const losses = runs.flatMap((r) => LOSS_KEYS.map((k) => r[k]));
  return { rest, losses };
}

// Every --json line of the CLI against lab.report() at the same step.
function compareWithCli(t, file, csvForModule, sets, steps = 200, every = 10) {
  const out = path.join(dir, `${path.basename(file)}.jsonl`);
  const args = ['run', '--data', file, '--steps', String(steps), '--every', String(every), '--json', out];
  for (const s of sets) args.push('--set', s);
  const native = cli(args);
  assert.equal(native.status, 0, native.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, steps / every + 1);

  const lab = new bnlab.Lab();
  t.after(() => lab.delete());
  assert.equal(lab.configureWithData(configWith(bnlab, 'default', sets), csvForModule), '');
  let compared = 0;
  let worst = 0;
  let exactLosses = 0;
  for (const line of lines) {
    while (lab.stepCount() < line.step) lab.step(every);
    const report = JSON.parse(lab.report());
    assert.equal(report.step, line.step);
    const native = splitLosses(line.runs);
    const wasm = splitLosses(report.runs);
    assert.deepStrictEqual(wasm.rest, native.rest, `step ${line.step}: every number but the mean losses, exactly`);
    native.losses.forEach((a, i) => {
      const b = wasm.losses[i];
      const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
      if (rel === 0) exactLosses++;
      worst = Math.max(worst, rel);
    });
    compared += report.runs.length;
  }
  const last = lines.at(-1).runs;
  t.diagnostic(`${compared} run reports equal; ${exactLosses} of ${compared * 3} mean losses bit-identical, ` +
    `worst relative difference ${worst.toExponential(2)}; final train losses ${last.map((r) => r.trainLoss).join(', ')}`);
  assert.ok(worst <= FLOAT_ULP, `a mean loss differs by ${worst} relative, more than one float ulp`);
  assert.ok(last.every((r) => r.trainLoss < lines[0].runs[0].trainLoss), 'it trained');
  return lab;
}

test('configureWithData trains exactly like bnlab run --data (3 classes, softmax)', (t) => {
  const file = writeFile('parity3.csv', csvOf(clusters(300, 3, 5)));
  const lab = compareWithCli(t, file, readFileSync(file, 'utf8'), []);
  assert.equal(lab.classes(), 3);
  assert.equal(lab.gridChannels(), 3);
  const cfg = JSON.parse(lab.config());
  assert.equal(cfg.data.name, 'custom');
  assert.equal(cfg.data.points, 300);
});

test('configureWithData trains exactly like bnlab run --data (bytes with BOM and CRLF, 2 classes, Adam, raw inputs)', (t) => {
  const file = writeFile('parity2.csv', csvOf(clusters(160, 2, 6), { bom: true, eol: '\r\n' }));
  const sets = ['train.optimizer=adam', 'train.learning_rate=0.01', 'data.standardize=false', 'seed=9'];
  const lab = compareWithCli(t, file, new Uint8Array(readFileSync(file)), sets);
  assert.equal(lab.classes(), 2);
  assert.equal(lab.gridChannels(), 1);
});

// rows parsed from CSV text by plain JS (header skipped).
const rowsOf = (csv) =>
  csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));

test('dataCsv() round-trips through parseData and configureWithData to the same points and experiment', (t) => {
  const rows = clusters(123, 3, 8).map(([a, b, k]) => [a / 3, b * 7, k]);  // numbers that need 17 digits
  const lab = makeLab(t, bnlab, DEFAULT);
  assert.equal(lab.configureWithData(DEFAULT, csvOf(rows)), '');
  const csv = lab.dataCsv();
  assert.ok(csv.startsWith('x1,x2,label\n'));
  assert.deepEqual(rowsOf(csv), rows, 'the points, in their own order, every bit');
  const parsed = bnlab.parseData(csv);
  assert.deepEqual(parsed, { ok: true, points: 123, classes: 3, line: 0, error: '' });

  // Loading them back gives the same split and the same training.
  const again = new bnlab.Lab();
  t.after(() => again.delete());
  assert.equal(again.configureWithData(DEFAULT, csv), '');
  for (const view of ['trainX', 'trainY', 'testX', 'testY']) {
    assert.deepEqual(Array.from(again[view]()), Array.from(lab[view]()), view);
  }
  lab.step(40);
  again.step(40);
  assert.equal(again.report(), lab.report());
  assert.equal(again.dataCsv(), csv);

  // Train and test are disjoint and together the rows.
  const seen = [];
  for (const [x, y] of [['trainX', 'trainY'], ['testX', 'testY']]) {
    const xs = lab[x]();
    const ys = lab[y]();
    for (let i = 0; i < ys.length; i++) seen.push([xs[2 * i], xs[2 * i + 1], ys[i]].join());
  }
  const f32 = rows.map(([a, b, k]) => [Math.fround(a), Math.fround(b), k].join());
  assert.deepEqual(seen.slice().sort(), f32.slice().sort());

  // The extent covers every point.
  const [xmin, xmax, ymin, ymax] = lab.extent();
  for (const [a, b] of rows) assert.ok(a > xmin && a < xmax && b > ymin && b < ymax);
});

test('dataCsv() of a generated dataset: its 400 points, train then test', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  const rows = rowsOf(lab.dataCsv());
  assert.equal(rows.length, 400);
  const train = lab.trainX();
  assert.deepEqual(rows.slice(0, 3).map(([a, b]) => [Math.fround(a), Math.fround(b)]),
    [[train[0], train[1]], [train[2], train[3]], [train[4], train[5]]]);
  assert.equal(bnlab.parseData(lab.dataCsv()).points, 400);
  const empty = new bnlab.Lab();
  t.after(() => empty.delete());
  assert.equal(empty.dataCsv(), '');
});

test('configure() with data.name "custom" keeps the current points; without them it is an error', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  const error = lab.configure(configWith(bnlab, 'default', ['data.name=custom']));
  assert.match(error, /^data\.name: "custom" has no points here/);
  assert.equal(JSON.parse(lab.config()).data.name, 'spiral');

  assert.equal(lab.configureWithData(DEFAULT, csvOf(GOOD)), '');
  const trainX = Array.from(lab.trainX());
  const changed = JSON.parse(lab.config());
  changed.train.learning_rate = 0.02;
  changed.data.points = 400;  // stale: the points decide
  assert.equal(lab.configure(JSON.stringify(changed)), '');
  const cfg = JSON.parse(lab.config());
  assert.equal(cfg.train.learning_rate, 0.02);
  assert.equal(cfg.data.points, 90);
  assert.deepEqual(Array.from(lab.trainX()), trainX);

  // Back to a generated dataset: the custom points are dropped.
  assert.equal(lab.configure(DEFAULT), '');
  assert.equal(lab.trainY().length, 200);
  assert.match(lab.configure(configWith(bnlab, 'default', ['data.name=custom'])), /has no points here/);
});

test('a bad file or a config that cannot use the points leaves the running experiment as it was', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  assert.equal(lab.configureWithData(DEFAULT, csvOf(GOOD)), '');
  lab.step(7);
  const before = { config: lab.config(), csv: lab.dataCsv(), report: lab.report() };

  const small = writeFile('small.csv', csvOf(clusters(40, 2, 3)));
  const batch = configWith(bnlab, 'default', ['train.batch_size=30']);
  const native = cli(['run', '--data', small, '--set', 'train.batch_size=30', '--steps', '1']);
  const cases = [
    [DEFAULT, 'x1,x2,label\n1,2,0\n3,nan,1\n', 'line 3: x2 \'nan\' is not a finite number'],
    [DEFAULT, '\u0000\u0001binary', 'line 1: binary data'],
    ['{"train": {"learning_rate": -1}}', csvOf(GOOD), 'train.learning_rate: -1 is out of range'],
    ['{"train": ', csvOf(GOOD), 'invalid JSON'],
    // 20 train points, batch 30: the CLI's words.
    [batch, readFileSync(small, 'utf8'), native.stderr.replace(/^bnlab: /, '').trim()],
  ];
  assert.equal(native.status, 2);
  for (const [json, csv, want] of cases) {
    const error = lab.configureWithData(json, csv);
    assert.ok(error.startsWith(want), `${error} starts with ${want}`);
    assert.deepEqual({ config: lab.config(), csv: lab.dataCsv(), report: lab.report() }, before);
  }
  assert.match(cases.at(-1)[2], /^train\.batch_size: 30 is larger than the train set \(allowed: 1 <= x <= 20/);
  lab.step(3);
  assert.equal(lab.stepCount(), 10, 'and it keeps training');
});
