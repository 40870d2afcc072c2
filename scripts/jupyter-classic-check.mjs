// Checks BN Lab in the classic Jupyter Notebook (Debian's jupyter-notebook):
// starts a notebook server on loopback with no token, opens
// examples/bnlab-notebook.ipynb in headless Chromium, runs every cell, and
// checks that the frame made by bnlab_jupyter.show() trains with the
// notebook's settings and that no request leaves 127.0.0.1. A measurement for
// docs/EMBEDDING.md, not part of ./build.sh test (the server takes a while).
//
//   node scripts/jupyter-classic-check.mjs      (needs dist/bnlab.html)
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// A copy: the server autosaves the notebook, outputs and all.
const WORK = mkdtempSync(path.join(os.tmpdir(), 'bnlab-classic-'));
for (const dir of ['examples', 'python']) mkdirSync(path.join(WORK, dir));
cpSync(path.join(ROOT, 'examples', 'bnlab-notebook.ipynb'), path.join(WORK, 'examples', 'bnlab-notebook.ipynb'));
cpSync(path.join(ROOT, 'python', 'bnlab_jupyter.py'), path.join(WORK, 'python', 'bnlab_jupyter.py'));
const PORT = 18000 + Math.floor(Math.random() * 1000);
const server = spawn('/usr/bin/python3', ['-m', 'notebook', '--no-browser', `--port=${PORT}`, '--ip=127.0.0.1',
  '--NotebookApp.token=', '--NotebookApp.password=', '--allow-root', `--notebook-dir=${WORK}`], {
  env: { ...process.env, BNLAB_HTML: path.join(ROOT, 'dist', 'bnlab.html'), PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
let code = 1;
try {
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/api`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 240 || server.exitCode !== null) throw new Error(`the notebook server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const outside = [];
  context.on('request', (r) => { if (/^https?:/.test(r.url()) && !r.url().startsWith(`http://127.0.0.1:${PORT}/`)) outside.push(r.url()); });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/notebooks/examples/bnlab-notebook.ipynb`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(), null, { timeout: 60000 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  let frame = null;
  for (let i = 0; i < 600 && !frame; i++) {
    frame = page.frames().find((f) => f.url().startsWith('about:srcdoc'));
    if (!frame) await page.waitForTimeout(100);
  }
  if (!frame) throw new Error('no BN Lab frame in the notebook');
  await frame.waitForFunction(() => window.bnlab && typeof window.bnlab.status === 'function' && window.bnlab.status().ready, null, { timeout: 60000 });
  const seed = await frame.evaluate(() => window.bnlab.config().seed);
  await frame.evaluate(() => window.bnlab.play());
  await frame.waitForFunction(() => window.bnlab.status().step >= 50, null, { timeout: 30000 });
  const step = await frame.evaluate(() => window.bnlab.status().step);
  await page.screenshot({ path: path.join(ROOT, 'build', 'artifacts', 'jupyter-classic.png') }).catch(() => {});
  console.log(`classic notebook: BN Lab trains (step ${step}, seed ${seed}); requests outside the notebook server: ${outside.length ? outside.join(', ') : 'none'}`);
  // Saved, then opened again: the output is from an earlier session, so the
  // notebook is not trusted until the reader trusts it or runs the cell.
  await page.evaluate(() => Jupyter.notebook.save_notebook());
  await page.waitForTimeout(1500);
  await page.reload();
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded, null, { timeout: 60000 });
  await page.waitForTimeout(1500);
  const reopened = await page.evaluate(() => ({ trusted: Jupyter.notebook.trusted, frames: document.querySelectorAll('.output iframe').length }));
  console.log(`reopened: trusted ${reopened.trusted}, BN Lab frames shown: ${reopened.frames}`);
  code = seed === 5 && outside.length === 0 ? 0 : 1;
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(WORK, { recursive: true, force: true });
}
process.exit(code);
