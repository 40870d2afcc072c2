// The one-file page (./build.sh single -> dist/bnlab.html) opened from disk:
// it trains, typesets the inspector's formulas with its inlined KaTeX fonts,
// reads the same hash keys as the served page, and makes no http(s) request
// (every request the browser makes is recorded).
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { launchChromium } from './chromium.mjs';
import { DIST, artifactPath } from './helpers.mjs';
import { watchViolations } from '../../scripts/course-host.mjs';

const FILE = join(DIST, 'bnlab.html');
const BUDGET = 1.5 * 1024 * 1024;

let browser;
before(async () => {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run ./build.sh single`);
  browser = await launchChromium({ full: true });  // the learner's own browser
});
after(async () => { await browser?.close(); });

test('dist/bnlab.html is within the 1.5 MB budget', () => {
  const size = statSync(FILE).size;
  console.log(`bnlab.html: ${size} bytes`);
  assert.ok(size <= BUDGET, `${size} bytes`);
});

test('opened from file:// it trains, typesets, keeps the hash keys, and requests nothing over the network', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  await watchViolations(context);
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  const url = `${pathToFileURL(FILE).href}#preset=implementing-bn&seed=3&train.learning_rate=0.2&speed=100`;  // (faster than the lesson's pace of 10)
  await page.goto(url);
  await page.waitForFunction(() => window.bnlab && window.bnlab.status().ready, null, { timeout: 30000 });

  const config = await page.evaluate(() => window.bnlab.config());
  assert.equal(config.seed, 3);
  assert.equal(config.train.learning_rate, 0.2);
  assert.equal((await page.evaluate(() => window.bnlab.status())).preset, 'implementing-bn');

  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => window.bnlab.status().step >= 100, null, { timeout: 30000 });
  const status = await page.evaluate(() => window.bnlab.status());
  assert.equal(status.runs.length, 2);
  assert.ok(status.runs.every((r) => Number.isFinite(r.testLoss)));

  // The inspector's formulas, in KaTeX's own fonts (data: URLs in the file).
  await page.evaluate(() => window.bnlab.showViews(['inspector']));
  await page.waitForFunction(() => document.querySelector('.formulas')?.dataset.state === 'typeset', null, { timeout: 30000 });
  await page.evaluate(() => window.bnlab.pause());
  await page.evaluate(() => document.fonts.ready);
  const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
  assert.ok(fonts.includes('KaTeX_Main') && fonts.includes('KaTeX_Math'), `KaTeX fonts loaded: ${fonts.join(', ')}`);
  await page.locator('.formulas').scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifactPath('single-file.png') });

  const network = requests.filter((u) => !/^(file|blob|data):/.test(u));
  assert.deepEqual(network, [], 'no request leaves the file');
  assert.ok(requests.some((u) => u.startsWith('blob:')), 'the worker starts from a blob');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});
