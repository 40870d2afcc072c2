// BN Lab in Jupyter (python/bnlab_jupyter.py): the example notebook
// examples/bnlab-notebook.ipynb, which calls show(), is executed and exported
// with Debian's nbconvert (`python3 -m nbconvert --execute --to html`), and
// the exported HTML, opened from file:// in Chromium, trains in its frame
// with the notebook's state, and no http(s) request is made.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { launchChromium } from '../browser/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = process.env.BNLAB_DIST || path.join(ROOT, 'dist');
const NOTEBOOK = path.join(ROOT, 'examples', 'bnlab-notebook.ipynb');
const PYTHON = '/usr/bin/python3';  // Debian's, with python3-nbconvert and python3-ipykernel

let out;
let browser;
before(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'bnlab-jupyter-'));
  browser = await launchChromium({ full: true });  // the learner's own browser
});
after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

test('show() with bad arguments says which and what is allowed', async () => {
  const script = [
    'import sys; sys.path.insert(0, "python"); import bnlab_jupyter as b',
    'for call in (lambda: b.show(height=50), lambda: b.show(settings={"no key": 1}), lambda: b.show(colour="red"), lambda: b.show(preset=3)):',
    '    try: call(); print("no error")',
    '    except (ValueError, TypeError) as e: print(type(e).__name__, e)',
  ].join('\n');
  const { stdout } = await promisify(execFile)(PYTHON, ['-c', script], { cwd: ROOT, env: { ...process.env, BNLAB_HTML: path.join(DIST, 'bnlab.html') } });
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 4, stdout);
  assert.match(lines[0], /^ValueError height: expected whole pixels 200\.\.4000, got 50/);
  assert.match(lines[1], /^ValueError settings: 'no key' is not a dotted key/);
  assert.match(lines[2], /^TypeError show\(\) got an unknown argument 'colour'/);
  assert.match(lines[3], /^ValueError preset: expected a preset's name/);
});

test('a notebook calling show(), executed and exported to HTML, trains from file:// with no network', async () => {
  const started = Date.now();
  await promisify(execFile)(PYTHON, ['-m', 'nbconvert', '--execute', '--to', 'html', '--output-dir', out, NOTEBOOK], {
    cwd: path.dirname(NOTEBOOK),
    env: { ...process.env, BNLAB_HTML: path.join(DIST, 'bnlab.html'), PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    timeout: 240000,
  });
  console.log(`nbconvert --execute: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const exported = path.join(out, 'bnlab-notebook.html');
  assert.match(readFileSync(exported, 'utf8'), /<iframe title="BN Lab"[^>]*srcdoc="/);

  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Only BN Lab's frame is ours; the export's own page may miss optional files.
    if (msg.type() === 'error' && msg.location().url === 'about:srcdoc') problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(pathToFileURL(exported).href);
  const frame = await (async () => {
    for (let i = 0; i < 200; i++) {
      const f = page.frames().find((x) => x.url().startsWith('about:srcdoc'));
      if (f) return f;
      await page.waitForTimeout(50);
    }
    throw new Error('no BN Lab frame in the exported notebook');
  })();
  await page.locator('iframe[title="BN Lab"]').scrollIntoViewIfNeeded();
  await frame.waitForFunction(() => window.bnlab && window.bnlab.status().ready, null, { timeout: 60000 });
  const config = await frame.evaluate(() => window.bnlab.config());
  assert.equal(config.seed, 5, 'the notebook\'s settings reached the page');
  assert.equal(config.train.learning_rate, 0.2);
  assert.equal((await frame.evaluate(() => window.bnlab.status())).preset, 'implementing-bn');
  await frame.evaluate(() => window.bnlab.play());
  await frame.waitForFunction(() => window.bnlab.status().step >= 50, null, { timeout: 30000 });
  await frame.evaluate(() => window.bnlab.pause());
  const status = await frame.evaluate(() => window.bnlab.status());
  assert.ok(status.runs.every((r) => Number.isFinite(r.trainLoss)));

  const network = requests.filter((u) => /^https?:/i.test(u));
  assert.deepEqual(network, [], 'no http(s) request');
  assert.deepEqual(problems, []);
  await context.close();
});
