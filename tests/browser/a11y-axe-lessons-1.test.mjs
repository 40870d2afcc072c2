// axe-core on every lesson, part 1 of 2 (lessons 1, 3, 5, ... of the
// picker; the other part runs beside it): each lesson's panels, views, charts
// and text, after 20 steps, with no violation of impact serious or critical.
// Violations of any impact: build/artifacts/axe-report-lessons-1.json/.txt.
import { after, before, test } from 'node:test';
import { axeReport, checkLessons } from './axe-helpers.mjs';
import { setup } from './helpers.mjs';

const axe = axeReport('axe-report-lessons-1');
let env;
before(async () => { env = await setup(); });
after(async () => {
  axe.write();
  await env?.close();
});

test('axe: every lesson, part 1 of 2', async () => {
  await checkLessons(env, axe, 0, 2);
});
