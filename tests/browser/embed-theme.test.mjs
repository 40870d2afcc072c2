// Dark theme everywhere: theme=dark and theme=auto under a dark system
// preference, for the full page and the widget (in a cross-origin frame too).
// Screenshots go to build/artifacts/; the assertions read what is drawn:
// the boundary's canvas pixels, the charts' canvas pixels, KaTeX, the views,
// the messages and the page behind them, all against the light theme.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupHosts } from './embed-hosts.mjs';
import { artifactPath } from './helpers.mjs';

let env;
before(async () => { env = await setupHosts(); });
after(async () => { await env?.close(); });

// implementing-bn shows the unit inspector (KaTeX); stop=0 is a bad key, so
// there is a message to look at too.
const LESSON = 'preset=implementing-bn&show=charts,views&stop=0';

function colours(target) {
  return target.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 300));
    const root = document.getElementById('bnlab');
    const style = (sel, prop) => { const n = root.querySelector(sel); return n ? getComputedStyle(n)[prop] : null; };
    const heat = root.querySelector('.panel canvas.heat');
    const [r, g, b] = heat.getContext('2d').getImageData(2, Math.floor(heat.height / 2), 1, 1).data;
    // The charts: the mean colour of what uPlot drew (axes, grid, labels, lines).
    const chart = root.querySelector('.chart canvas');
    const data = chart.getContext('2d').getImageData(0, 0, chart.width, chart.height).data;
    const sum = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 128) continue;
      sum[0] += data[i]; sum[1] += data[i + 1]; sum[2] += data[i + 2]; n += 1;
    }
    // uPlot draws its grid lines pixel-aligned in the theme's grid colour.
    const grid = getComputedStyle(root).getPropertyValue('--chart-grid').trim();
    const [gr, gg, gb] = [1, 3, 5].map((i) => parseInt(grid.slice(i, i + 2), 16));
    let gridPixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 255 && data[i] === gr && data[i + 1] === gg && data[i + 2] === gb) gridPixels += 1;
    }
    return {
      theme: root.dataset.theme,
      grid,
      gridPixels,
      heat: [r, g, b],
      chart: sum.map((s) => Math.round(s / Math.max(1, n))),
      ink: getComputedStyle(root).color,
      katex: style('.katex', 'color'),
      view: style('.view', 'backgroundColor'),
      panel: style('.panel', 'backgroundColor'),
      message: [style('.message', 'color'), style('.message', 'backgroundColor')],
      page: getComputedStyle(document.body).backgroundColor,
    };
  });
}

const ready = (target) => target.waitForFunction(() => document.querySelector('#bnlab .katex') && document.querySelector('#bnlab .chart canvas'), null, { timeout: 30000 });

function assertDark(light, dark, what) {
  assert.equal(light.theme, 'light', what);
  assert.equal(dark.theme, 'dark', what);
  for (const key of ['heat', ...(light.chart ? ['chart'] : []), 'ink', 'katex', 'view', 'panel', 'message', 'page']) {
    assert.notDeepEqual(dark[key], light[key], `${what}: ${key} follows the theme (${JSON.stringify(light[key])} vs ${JSON.stringify(dark[key])})`);
  }
  assert.notEqual(dark.grid, light.grid, what);
  assert.ok(dark.gridPixels > 40, `${what}: the charts' grid is drawn in the dark theme's colour ${dark.grid} (${dark.gridPixels} pixels)`);
  // KaTeX is written in the theme's ink; the dark page is darker than its ink.
  assert.equal(dark.katex, dark.ink, what);
  const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((s, v) => s + Number(v), 0);
  assert.ok(lum(dark.page) < lum(dark.ink), what);
}

// One page with theme=auto gives both: light, then dark when the system
// preference changes (it follows live); theme=dark is the other page.
test('the full page: theme=dark and theme=auto under a dark system preference', async () => {
  const auto = await env.open(LESSON);
  await ready(auto.page);
  const light = await colours(auto.page);
  await auto.page.emulateMedia({ colorScheme: 'dark' });
  await auto.page.waitForFunction(() => document.getElementById('bnlab').dataset.theme === 'dark');
  assertDark(light, await colours(auto.page), 'full page, auto + dark system');
  await auto.page.screenshot({ path: artifactPath('page-theme-auto-dark.png') });
  const dark = await env.open(`${LESSON}&theme=dark`);
  await ready(dark.page);
  assertDark(light, await colours(dark.page), 'full page, theme=dark');
  await dark.page.screenshot({ path: artifactPath('page-theme-dark.png') });
  assert.deepEqual([...auto.problems, ...dark.problems], []);
  for (const p of [auto, dark]) await p.context.close();
});

test('the widget: theme=dark, and theme=auto in a cross-origin frame under a dark system preference', async () => {
  const host = await env.openHost(`commands.html#${LESSON}`, { viewport: { width: 900, height: 1100 } });
  const frame = await host.widget();
  await ready(frame);
  const light = await colours(frame);
  await host.page.emulateMedia({ colorScheme: 'dark' });
  await frame.waitForFunction(() => document.getElementById('bnlab').dataset.theme === 'dark', null, { polling: 100 });
  assertDark(light, await colours(frame), 'widget in a frame, auto + dark system');
  await host.page.screenshot({ path: artifactPath('widget-theme-auto-dark.png') });
  const dark = await env.open(`${LESSON}&embed=1&theme=dark`, { viewport: { width: 820, height: 900 } });
  await ready(dark.page);
  const d = await colours(dark.page);
  // Its charts are another size than the framed widget's: their mean colour
  // is not comparable (their grid colour is, above).
  assertDark({ ...light, chart: null }, d, 'widget, theme=dark');
  await dark.page.screenshot({ path: artifactPath('widget-theme-dark.png') });
  assert.deepEqual([...host.problems, ...dark.problems], []);
  for (const p of [host, dark]) await p.context.close();
});
