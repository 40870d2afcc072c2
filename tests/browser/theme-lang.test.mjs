// Themes and languages: the theme key recolours what is drawn (the heatmap's
// canvas pixels, not only CSS), auto follows the reader's system, and lang=
// switches the page's own strings from one table per language.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, nextFrames, setup } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

// The colour of the heatmap's centre-left pixel of the first panel, and the page background.
async function colours(page) {
  await nextFrames(page);
  return page.evaluate(() => {
    const canvas = document.querySelector('.panel .heat');
    const ctx = canvas.getContext('2d');
    const [r, g, b] = ctx.getImageData(2, Math.floor(canvas.height / 2), 1, 1).data;
    return { theme: document.getElementById('bnlab').dataset.theme, pixel: [r, g, b], page: getComputedStyle(document.body).backgroundColor };
  });
}

test('theme=dark, theme=light and auto under a dark system preference', async () => {
  const light = await env.open('theme=light');
  const dark = await env.open('theme=dark');
  const l = await colours(light.page);
  const d = await colours(dark.page);
  assert.equal(l.theme, 'light');
  assert.equal(d.theme, 'dark');
  assert.notDeepEqual(l.pixel, d.pixel, 'the heatmap is drawn with the theme\'s colours');
  assert.notEqual(l.page, d.page);
  // auto follows prefers-color-scheme.
  await light.page.emulateMedia({ colorScheme: 'dark' });
  const autoPage = await env.open('');
  await autoPage.page.emulateMedia({ colorScheme: 'dark' });
  await autoPage.page.waitForFunction(() => document.getElementById('bnlab').dataset.theme === 'dark');
  assert.deepEqual([...light.problems, ...dark.problems, ...autoPage.problems], []);
  for (const p of [light, dark, autoPage]) await p.context.close();
});

test('a bad theme or language gets a message and falls back', async () => {
  const { page, context, problems } = await env.open('theme=neon&lang=xx');
  const text = (await messages(page)).join('\n');
  assert.match(text, /theme="neon": not allowed/);
  assert.match(text, /lang="xx": no such language/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('lang=de shows the toolbar in German; English stays the fallback', async () => {
  const { page, context, problems } = await env.open('lang=de');
  const labels = await page.evaluate(() => ({
    play: document.getElementById('play').getAttribute('aria-label'),
    step: document.querySelector('.counter-label').textContent,
    lang: document.documentElement.lang,
  }));
  assert.deepEqual(labels, { play: 'Start', step: 'Schritt', lang: 'de' });
  await page.evaluate(() => window.bnlab.play());
  await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-label') === 'Pause');
  await page.evaluate(() => window.bnlab.pause());
  assert.deepEqual(problems, []);
  await context.close();
});
