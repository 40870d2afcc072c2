// Colours for every eye: in each theme, the class colours (with the
// heatmap's neutral middle) and the run colours are told apart under a
// simulation of protanopia, deuteranopia and tritanopia (Machado, Oliveira
// and Fernandes 2009, full severity, as culori implements it), measured as
// CIEDE2000 distances between every pair; run colours (chart lines) keep a
// 3:1 contrast against the panel background (WCAG 1.4.11). The tokens are
// read from the page as it resolves them (getComputedStyle), per theme.
// How and why: docs/ACCESSIBILITY.md, "Colour".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse, wcagContrast } from 'culori';
import { setup } from './helpers.mjs';

export const VISION = {
  typical: (c) => c,
  protanopia: filterDeficiencyProt(1),
  deuteranopia: filterDeficiencyDeuter(1),
  tritanopia: filterDeficiencyTrit(1),
};
// Minimum CIEDE2000 distances (about 2.3 is a just-noticeable difference;
// these ask for an obvious one, with margin over what the palette reaches).
export const MIN_CLASS = 20;   // classes and the neutral "unsure" middle, every pair
export const MIN_RUN = 12;     // any two of the eight run colours
export const MIN_RUN_PAIR = 20;  // runs 0 and 1: the default comparison
const deltaE = differenceCiede2000();

// The smallest distance over every pair and every vision: {d, pair, vision}.
export function closest(colors, pairs = null) {
  let worst = { d: Infinity, pair: null, vision: null };
  const all = pairs || colors.flatMap((_, i) => colors.map((__, j) => [i, j]).filter(([a, b]) => a < b));
  for (const [vision, simulate] of Object.entries(VISION)) {
    for (const [i, j] of all) {
      const d = deltaE(simulate(parse(colors[i])), simulate(parse(colors[j])));
      if (d < worst.d) worst = { d, pair: [colors[i], colors[j]], vision };
    }
  }
  return worst;
}

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('the check can fail: red and green are one colour to a deuteranope', () => {
  const w = closest(['#d62728', '#2ca02c']);
  assert.equal(w.vision, 'deuteranopia');
  assert.ok(w.d < MIN_CLASS, `red/green: ${w.d.toFixed(1)}`);
  assert.ok(closest(['#f59322', '#0877bd']).d > MIN_CLASS, 'orange/blue passes');
});

test('every theme: classes and runs distinguishable under protanopia, deuteranopia and tritanopia', async () => {
  // The tokens are CSS only: one page, its root switched from theme to theme
  // (what web/theme.js does), no need to wait for the engine.
  const { page, context, problems } = await env.open('', { viewport: { width: 800, height: 600 }, waitReady: false });
  await page.waitForSelector('#bnlab[data-theme]');
  for (const theme of ['light', 'dark', 'projector']) {
    const tokens = await page.evaluate((name) => {
      const root = document.getElementById('bnlab');
      root.dataset.theme = name;
      const style = getComputedStyle(root);
      const get = (n) => style.getPropertyValue(n).trim();
      return {
        classes: [0, 1, 2].map((c) => get(`--class-${c}`)),
        neutral: get('--heat-neutral'),
        runs: Array.from({ length: 8 }, (_, i) => get(`--run-${i}`)),
        panel: get('--panel'),
      };
    }, theme);
    const classes = closest([...tokens.classes, tokens.neutral]);
    assert.ok(classes.d >= MIN_CLASS, `${theme}: classes ${classes.pair} only ${classes.d.toFixed(1)} apart under ${classes.vision}`);
    const runs = closest(tokens.runs);
    assert.ok(runs.d >= MIN_RUN, `${theme}: runs ${runs.pair} only ${runs.d.toFixed(1)} apart under ${runs.vision}`);
    const pair = closest(tokens.runs, [[0, 1]]);
    assert.ok(pair.d >= MIN_RUN_PAIR, `${theme}: runs 0 and 1 only ${pair.d.toFixed(1)} apart under ${pair.vision}`);
    for (const run of tokens.runs) {
      const ratio = wcagContrast(run, tokens.panel);
      assert.ok(ratio >= 3, `${theme}: run colour ${run} on ${tokens.panel}: ${ratio.toFixed(2)}:1`);
    }
    console.log(`${theme}: classes >= ${classes.d.toFixed(1)} (${classes.vision}), runs >= ${runs.d.toFixed(1)} (${runs.vision}), runs 0/1 >= ${pair.d.toFixed(1)}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
