// axe-core checks shared by the a11y-axe test files: the rules (WCAG 2.0/2.1/
// 2.2 A and AA, and axe's best practices), the blocking impacts, and every
// violation found, of any impact, written to build/artifacts/NAME.json/.txt
// when the file ends. The lessons are checked in two files that run side by
// side (a11y-axe-lessons-*.test.mjs): axe on 15 lessons takes minutes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { artifactPath, nextFrames } from './helpers.mjs';

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

export function axeReport(name) {
  const report = [];  // {page, id, impact, help, nodes: [targets]}
  return {
    report,
    write() {
      writeFileSync(artifactPath(`${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      const lines = report.map((v) => `${v.page}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}\n    ${v.nodes.slice(0, 8).join('\n    ')}`);
      writeFileSync(artifactPath(`${name}.txt`), `${lines.join('\n') || 'no violations'}\n`);
    },
    // Runs axe on the page as it is (or only on the parts given by `include`
    // selectors: what changes between two checks of one page); returns the
    // blocking violations as text.
    async check(page, pageName, include = []) {
      const builder = new AxeBuilder({ page }).withTags(TAGS);
      for (const selector of include) builder.include(selector);
      const result = await builder.analyze();
      assert.ok(result.passes.length > (include.length ? 10 : 20), `${pageName}: axe ran its rules (${result.passes.length} passed)`);
      const blocking = [];
      for (const v of result.violations) {
        const entry = { page: pageName, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) };
        report.push(entry);
        if (BLOCKING.has(v.impact)) blocking.push(`${v.impact} ${v.id}: ${v.help}: ${entry.nodes.slice(0, 5).join(' | ')}`);
      }
      return blocking;
    },
  };
}

// Every lesson of the picker but the opening comparison, in one page,
// switching presets: lessons number part, part + parts, ... (part 0..parts-1).
export async function checkLessons(env, axe, part, parts) {
  const { page, context, problems } = await env.open();
  const all = await page.$$eval('#preset option', (options) => options.map((o) => o.value));
  assert.ok(all.length >= 9, `the lessons are listed (${all.length})`);
  const lessons = all.filter((n) => n !== 'default').filter((_, i) => i % parts === part);
  assert.ok(lessons.length >= 4, `this part checks ${lessons.length} lessons`);
  const failures = [];
  for (const name of lessons) {
    await page.evaluate((n) => window.bnlab.openPreset(n), name);
    await page.waitForFunction((n) => window.bnlab.status().preset === n && window.bnlab.status().ready, name);
    await page.evaluate(() => window.bnlab.step(20));  // the views have numbers to show
    await nextFrames(page);
    // What a lesson changes: its text, its masthead line, its views, and its
    // panels when it has other than the two of the default page (compact
    // panels, their headers and actions); two run panels and the charts are
    // the default page's (a11y-axe.test.mjs checks them there, in both themes
    // and on a phone). axe on the whole experiment of 15 lessons took 170 s.
    const runs = await page.evaluate(() => window.bnlab.status().runs.length);
    const include = ['.lesson', '.masthead', '#views-menu', '#views', ...(runs === 2 ? [] : ['#panels'])];
    failures.push(...await axe.check(page, `preset=${name}`, include));
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(problems, []);
  await context.close();
}
