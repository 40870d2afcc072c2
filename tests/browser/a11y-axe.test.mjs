// axe-core on the default page, the keyboard help, the embed layouts, the
// dark theme (with a lesson's views), the projector theme, a phone and the
// settings drawer: no violation of impact serious or critical. Every lesson:
// a11y-axe-lessons-1.test.mjs and -2 (run side by side). Every violation
// found, of any impact, is listed in build/artifacts/axe-report.json and
// axe-report.txt (the lessons': axe-report-lessons-N.*).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeReport } from './axe-helpers.mjs';
import { nextFrames, setup, status } from './helpers.mjs';

const axe = axeReport('axe-report');
const check = (...args) => axe.check(...args);

let env;
before(async () => { env = await setup(); });
after(async () => {
  axe.write();
  await env?.close();
});

test('axe: the default page, then the keyboard help', async () => {
  const { page, context, problems } = await env.open();
  const failures = [...await check(page, 'default')];
  await page.keyboard.press('?');
  await page.waitForSelector('dialog.help-dialog[open]');
  failures.push(...await check(page, 'keyboard help open', ['dialog.help-dialog']));
  assert.deepEqual(failures, []);
  assert.deepEqual(problems, []);
  await context.close();
});

const LAYOUTS = [
  ['embed=1', { width: 800, height: 600 }],
  ['embed=1&show=controls,charts', { width: 1024, height: 768 }],
  // Dark with a lesson: its views (charts, strips, formulas) in dark too.
  ['theme=dark&preset=mini-batches', { width: 1440, height: 1000 }],
  ['theme=projector', { width: 1440, height: 1000 }],
  ['', { width: 360, height: 640 }],
];

for (const [hash, viewport] of LAYOUTS) {
  test(`axe: #${hash} at ${viewport.width}x${viewport.height}`, async () => {
    const { page, context, problems } = await env.open(hash, { viewport });
    await page.evaluate(() => window.bnlab.step(20));
    await nextFrames(page);
    const name = `#${hash} ${viewport.width}x${viewport.height}`;
    const failures = await check(page, name);
    // On narrow screens the settings are in a drawer: check it open too.
    if (await page.isVisible('.drawer-toggle')) {
      await page.click('.drawer-toggle');
      await page.waitForSelector('.settings.is-open');
      failures.push(...await check(page, `${name}, settings drawer open`, ['.settings']));
    }
    assert.equal((await status(page)).ready, true);
    assert.deepEqual(failures, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
