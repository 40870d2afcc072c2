// What the learner takes away reproduces outside the page: the downloaded
// config (`Config (JSON)`), run through the CLI, gives the page's losses at
// the same step (within 1e-5 relative, as the contract asks), and
// window.bnlab.exportCsv() has the CLI's --csv header, steps, run names and
// empty fields, and its numbers within 1e-7 relative (training is
// bit-identical, but the reports' full-set losses are summed differently by
// the two builds: the last of the 9 digits can differ): stepped, played at speed (the worker records every 10 steps
// whatever slices training takes), with a diverged run (empty fields), and
// on the learner's own points (with --data and the data CSV download).
// Needs the CLI: BNLAB_CLI or build/native/bnlab.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, setup, status } from './helpers.mjs';
import { csvOf, downloadData, loadData, twoClusters } from './data-helpers.mjs';

const CLI = path.resolve(ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const HEADER = 'step,run,train_loss,test_loss,train_acc,test_acc';

let env, dir;
before(async () => {
  env = await setup();
  dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-export-cli-'));
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const relClose = (a, b, tol = 1e-5) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-12);

// The page's CSV against the CLI's: the same lines, fields and empty fields;
// numbers within 1e-7 relative.
function sameCsv(pageCsv, cliCsv) {
  const lines = (text) => text.split('\n');
  const a = lines(pageCsv), b = lines(cliCsv);
  assert.equal(a.length, b.length, 'as many rows');
  assert.equal(a[0], HEADER);
  assert.equal(b[0], HEADER);
  let numbers = 0;
  a.forEach((line, i) => {
    if (i === 0 || (line === '' && i === a.length - 1)) return;  // the header; the final newline
    const x = line.split(','), y = b[i].split(',');
    assert.deepEqual(x.slice(0, 2), y.slice(0, 2), `row ${i}: step and run`);
    assert.equal(x.length, y.length);
    x.slice(2).forEach((v, k) => {
      const w = y[k + 2];
      if (v === '' || w === '') { assert.equal(v, w, `row ${i}: empty where the CLI's is`); return; }
      assert.match(v, /^-?\d+(\.\d+)?(e[-+]\d\d+)?$/, 'printf %.9g text');
      assert.ok(v.replace(/[-.]|e.*$/g, '').replace(/^0+/, '').length <= 9, `at most 9 digits: ${v}`);
      assert.ok(relClose(Number(v), Number(w), 1e-7), `row ${i}: page ${v}, CLI ${w}`);
      numbers += 1;
    });
  });
  return numbers;
}

async function downloadConfig(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.takeaway-config')]);
  assert.equal(download.suggestedFilename(), 'bnlab-config.json');
  return readFile(await download.path(), 'utf8');
}

// bnlab run with these arguments; returns its --csv text.
function cli(name, args) {
  const out = path.join(dir, `${name}.csv`);
  const run = spawnSync(CLI, ['run', ...args, '--csv', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(out, 'utf8');
}

// The page's losses at its step against the CLI's last rows.
function sameLosses(pageStatus, csv) {
  const rows = csv.trim().split('\n').slice(1).map((r) => r.split(',')).filter((r) => Number(r[0]) === pageStatus.step);
  assert.equal(rows.length, pageStatus.runs.length);
  rows.forEach((r, i) => {
    const p = pageStatus.runs[i];
    assert.equal(r[1], p.name);
    if (p.diverged) { assert.deepEqual(r.slice(2), ['', '', '', '']); return; }
    const got = r.slice(2).map(Number);
    [p.trainLoss, p.testLoss, p.trainAcc, p.testAcc].forEach((v, k) => assert.ok(relClose(v, got[k]), `${p.name}: page ${v}, CLI ${got[k]}`));
  });
}

test('stepped: the config alone reproduces the page, and exportCsv is the CLI\'s --csv', async () => {
  assert.ok(existsSync(CLI), `${CLI} not found: build the CLI or set BNLAB_CLI`);
  const { page, context, problems } = await env.open('seed=9&data.name=moons&train.learning_rate=0.05');
  await page.evaluate(() => window.bnlab.step(137));  // off the 10-step cadence: the last row is 137, as the CLI's
  const pageStatus = await status(page);
  assert.equal(pageStatus.step, 137);
  const configText = await downloadConfig(page);
  const config = JSON.parse(configText);
  assert.equal(config.train.steps, 137, 'the file ends where the page is');
  assert.deepEqual({ ...config, train: { ...config.train, steps: 0 } },
    { ...(await page.evaluate(() => window.bnlab.config())), train: { ...config.train, steps: 0 } });
  const hint = await page.evaluate(() => document.querySelector('.takeaway-hint').textContent);
  assert.equal(hint, 'Reproduce it: bnlab run --config bnlab-config.json');
  writeFileSync(path.join(dir, 'stepped.json'), configText);
  const cliCsv = cli('stepped', ['--config', path.join(dir, 'stepped.json')]);  // train.steps: 137
  const pageCsv = await page.evaluate(() => window.bnlab.exportCsv());
  assert.equal(pageCsv.split('\n')[0], HEADER);
  assert.equal(pageCsv.trim().split('\n').length, 1 + 2 * 15, 'steps 0, 10, ..., 130, 137 for two runs');
  assert.equal(sameCsv(pageCsv, cliCsv), 4 * 2 * 15);
  sameLosses(pageStatus, cliCsv);
  // The download is the same text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.takeaway-curves')]);
  assert.equal(download.suggestedFilename(), 'bnlab-curves.csv');
  assert.equal(await readFile(await download.path(), 'utf8'), pageCsv);
  assert.equal(await page.evaluate(() => document.querySelector('.takeaway-status').textContent),
    'Saved the curves: 30 rows, every 10 steps (what bnlab run --every 10 --csv writes).');
  assert.deepEqual(problems, []);
  await context.close();
});

test('played at speed, with a diverged run: the same rows as the CLI', async () => {
  const { page, context, problems } = await env.open('train.learning_rate=10&speed=3000');
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 600, null, { timeout: 60000 });
  await page.evaluate(() => window.bnlab.pause());
  const pageStatus = await status(page);
  assert.equal(pageStatus.runs[0].diverged, true, 'lr 10 without BN diverges');
  assert.equal(pageStatus.runs[1].diverged, false);
  const configText = await downloadConfig(page);
  writeFileSync(path.join(dir, 'played.json'), configText);
  const pageCsv = await page.evaluate(() => window.bnlab.exportCsv());
  // The cadence: 10, or doubled if recording would have slowed playing (a busy machine).
  const steps = [...new Set(pageCsv.trim().split('\n').slice(1).map((r) => Number(r.split(',')[0])))];
  const every = steps[1] - steps[0];
  assert.ok(Number.isInteger(Math.log2(every / 10)), `every ${every}: 10 times a power of two`);
  assert.ok(steps.slice(0, -1).every((s, i) => s === i * every), 'steps 0, K, 2K, ...');
  assert.equal(steps[steps.length - 1], pageStatus.step);
  const cliCsv = cli('played', ['--config', path.join(dir, 'played.json'), '--steps', String(pageStatus.step), '--every', String(every)]);
  assert.ok(pageCsv.includes(`\n${every},without BN,,,,\n`), 'a diverged run has empty fields');
  sameCsv(pageCsv, cliCsv);
  sameLosses(pageStatus, cliCsv);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the learner\'s own points: config + data CSV through --data reproduce the page', async () => {
  const { page, context, problems } = await env.open('seed=5');
  const loaded = await loadData(page, csvOf(twoClusters(120, 7)));
  assert.deepEqual(loaded, { ok: true, points: 120 });
  await page.evaluate(() => window.bnlab.step(55));
  const pageStatus = await status(page);
  const configText = await downloadConfig(page);
  assert.equal(JSON.parse(configText).data.name, 'custom');
  const hint = await page.evaluate(() => document.querySelector('.takeaway-hint').textContent);
  assert.ok(hint.endsWith('bnlab run --config bnlab-config.json --data bnlab-data.csv'), hint);
  const { text } = await downloadData(page);
  writeFileSync(path.join(dir, 'custom.json'), configText);
  writeFileSync(path.join(dir, 'bnlab-data.csv'), text);
  const cliCsv = cli('custom', ['--config', path.join(dir, 'custom.json'), '--data', path.join(dir, 'bnlab-data.csv')]);
  sameLosses(pageStatus, cliCsv);
  sameCsv(await page.evaluate(() => window.bnlab.exportCsv()), cliCsv);
  assert.deepEqual(problems, []);
  await context.close();
});
