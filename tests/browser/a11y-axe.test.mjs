// axe-core (WCAG 2.0/2.1/2.2 A and AA, and axe's best practices) on the
// default page, every lesson (one page, switching presets; each lesson's
// panels, views, charts and text), the embed layouts, the dark theme (with a
// lesson's views), the projector theme, a phone, the keyboard help and the
// settings drawer: no violation of impact serious or critical. Every
// violation found, of any impact, is listed in build/artifacts/axe-report.json
// and axe-report.txt.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { artifactPath, nextFrames, setup, status } from './helpers.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);
const report = [];  // {page, id, impact, help, nodes: [targets]}

let env;
before(async () => { env = await setup(); });
after(async () => {
  writeFileSync(artifactPath('axe-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const lines = report.map((v) => `${v.page}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}\n    ${v.nodes.slice(0, 8).join('\n    ')}`);
  writeFileSync(artifactPath('axe-report.txt'), `${lines.join('\n') || 'no violations'}\n`);
  await env?.close();
});

// Runs axe on the page as it is (or only on the parts given by `include`
// selectors: what changes between two checks of one page); returns the
// blocking violations as text.
async function check(page, name, include = []) {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  for (const selector of include) builder.include(selector);
  const result = await builder.analyze();
  assert.ok(result.passes.length > (include.length ? 10 : 20), `${name}: axe ran its rules (${result.passes.length} passed)`);
  const blocking = [];
  for (const v of result.violations) {
    const entry = { page: name, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) };
    report.push(entry);
    if (BLOCKING.has(v.impact)) blocking.push(`${v.impact} ${v.id}: ${v.help}: ${entry.nodes.slice(0, 5).join(' | ')}`);
  }
  return blocking;
}

test('axe: the default page, every lesson, then the keyboard help', async () => {
  const { page, context, problems } = await env.open();
  const failures = [...await check(page, 'default')];
  const presets = await page.$$eval('#preset option', (options) => options.map((o) => o.value));
  assert.ok(presets.length >= 9, `the lessons are listed (${presets.length})`);
  for (const name of presets.filter((n) => n !== 'default')) {
    await page.evaluate((n) => window.bnlab.openPreset(n), name);
    await page.waitForFunction((n) => window.bnlab.status().preset === n && window.bnlab.status().ready, name);
    await page.evaluate(() => window.bnlab.step(20));  // the views have numbers to show
    await nextFrames(page);
    // What a lesson changes: its panels, views, charts and text (the rest was checked above).
    failures.push(...await check(page, `preset=${name}`, ['.experiment', '.lesson']));
  }
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
