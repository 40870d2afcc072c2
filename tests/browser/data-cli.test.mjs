// The data CSV the page downloads is what the engine trains on and what
// `bnlab run --data FILE` reads: with the page's config, the CLI reaches the
// page's losses at the same step (within 1e-5 relative: the page runs the
// WASM build, the CLI the native one). Needs the CLI: BNLAB_CLI or
// build/native/bnlab.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, setup, status } from './helpers.mjs';
import { downloadData, screenOf, waitTrained } from './data-helpers.mjs';

const CLI = path.resolve(ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const STEPS = 150;

let env, dir;
before(async () => {
  env = await setup();
  dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-data-cli-'));
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const relClose = (a, b) => Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b), 1e-12);

test('the downloaded data CSV through bnlab run --data gives the page\'s losses', async () => {
  assert.ok(existsSync(CLI), `${CLI} not found: build the CLI (./build.sh cli) or set BNLAB_CLI`);
  // The two-moons preset lesson with a few points of a third class drawn on it.
  const { page, context, problems } = await env.open('data.name=moons&data.points=200&seed=3');
  await page.click('.data-more');  // class 3, chosen
  const plane = [-6, 6, -6, 6];
  for (const [x, y] of [[4, 4], [4.5, 3.5], [3.5, 4.5], [5, 5], [4, 5]]) {
    const at = await screenOf(page, x, y, plane);
    await page.mouse.click(at.x, at.y);
  }
  await waitTrained(page, 205);
  const config = await page.evaluate(() => window.bnlab.config());
  assert.equal(config.data.name, 'custom');
  await page.evaluate((n) => window.bnlab.step(n), STEPS);
  const pageStatus = await status(page);
  assert.equal(pageStatus.step, STEPS);

  const { text, name } = await downloadData(page);
  assert.equal(name, 'bnlab-data.csv');
  const dataFile = path.join(dir, name), configFile = path.join(dir, 'config.json'), csvFile = path.join(dir, 'curves.csv');
  writeFileSync(dataFile, text);
  writeFileSync(configFile, JSON.stringify(config));
  const run = spawnSync(CLI, ['run', '--config', configFile, '--data', dataFile, '--steps', String(STEPS), '--every', String(STEPS), '--csv', csvFile], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const rows = readFileSync(csvFile, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'step,run,train_loss,test_loss,train_acc,test_acc');
  const last = rows.slice(1).map((r) => r.split(',')).filter((r) => Number(r[0]) === STEPS);
  assert.equal(last.length, pageStatus.runs.length);
  last.forEach((r, i) => {
    const p = pageStatus.runs[i];
    assert.equal(r[1], p.name);
    for (const [k, v] of [['trainLoss', r[2]], ['testLoss', r[3]], ['trainAcc', r[4]], ['testAcc', r[5]]]) {
      assert.ok(relClose(Number(v), p[k]), `${p.name} ${k}: CLI ${v} vs page ${p[k]}`);
    }
  });
  // Three classes: the softmax loss, on the same points in the same order.
  assert.equal(text.trim().split('\n').length, 206);
  assert.deepEqual(problems, []);
  await context.close();
});
