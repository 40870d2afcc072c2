// A keyboard-only walk through the page: Tab from the top reaches the skip
// links, the preset picker, play, the dataset, the learning rate, the panels
// and the link, operates each from the keyboard, and every stop shows a focus
// ring of at least 3:1 against what surrounds it (a screenshot per stop in
// build/artifacts/keyboard-walk/). Arrow keys on a slider or the preset list
// do not restart anything until Enter or leaving the control; Escape goes
// back. The focus goes all the way round (no trap). The same ring check in
// the dark and projector themes, the keyboard help, the single-key shortcuts
// switch, and the keyboard way to place points on a plot.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactPath, nextFrames, setup, status } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());

// sRGB "rgb(...)"/"rgba(...)"/"color(srgb ...)" -> [r, g, b, a] in 0..255 (a in 0..1).
function parseColor(text) {
  const nums = (text.match(/-?[\d.]+/g) || []).map(Number);
  if (text.startsWith('color(srgb')) return [nums[0] * 255, nums[1] * 255, nums[2] * 255, nums.length > 3 ? nums[3] : 1];
  return [nums[0], nums[1], nums[2], nums.length > 3 ? nums[3] : 1];
}
const luminance = ([r, g, b]) => {
  const lin = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
export const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// The focused element (through shadow roots) and what its focus ring looks like.
const FOCUS_PROBE = () => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body || a === document.documentElement) return null;
  const style = getComputedStyle(a);
  // The colour around the ring: the first ancestor with a background.
  let bg = 'rgb(255, 255, 255)';
  for (let n = a.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
  }
  const r = a.getBoundingClientRect();
  return {
    id: a.id, tag: a.tagName, type: a.getAttribute('type') || '', label: a.getAttribute('aria-label') || (a.textContent || '').trim().slice(0, 40),
    field: a.labels && a.labels[0] ? a.labels[0].firstChild.textContent.trim() : '',
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
    background: bg, rect: { x: r.x, y: r.y, width: r.width, height: r.height },
  };
};

// Asserts the focus ring of the element now focused is visible; returns its probe.
async function focusedWithRing(page, where) {
  const f = await page.evaluate(FOCUS_PROBE);
  assert.ok(f, `${where}: something has focus`);
  const name = `${f.tag.toLowerCase()}#${f.id || f.label}`;
  assert.notEqual(f.outlineStyle, 'none', `${where}: ${name} shows a focus outline`);
  assert.ok(f.outlineWidth >= 2, `${where}: ${name} outline ${f.outlineWidth}px`);
  const ratio = contrast(parseColor(f.outlineColor), parseColor(f.background));
  assert.ok(ratio >= 3, `${where}: ${name} ring ${f.outlineColor} on ${f.background}: contrast ${ratio.toFixed(2)} < 3`);
  return { ...f, name, ratio };
}

// A screenshot of the focused element and its surroundings.
async function shoot(page, f, dir, n) {
  const { x, y, width, height } = f.rect;
  const vp = page.viewportSize();
  const clip = { x: Math.max(0, x - 24), y: Math.max(0, y - 24) };
  clip.width = Math.min(width + 48, vp.width - clip.x);
  clip.height = Math.min(height + 48, vp.height - clip.y);
  if (clip.width > 0 && clip.height > 0) {
    await page.screenshot({ path: `${dir}/${String(n).padStart(3, '0')}-${f.name.replace(/[^\w-]+/g, '_').slice(0, 40)}.png`, clip });
  }
}

// Tabs until `match(probe)` (at most `limit` presses); returns the stops passed.
async function tabTo(page, match, { limit = 80, stops = [], shots = null } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focusedWithRing(page, `Tab ${stops.length + 1}`);
    stops.push(f.name);
    if (shots) await shoot(page, f, shots, stops.length);
    if (match(f)) return f;
  }
  throw new Error(`not reached in ${limit} Tab presses; stops: ${stops.join(', ')}`);
}

test('keyboard-only walk: skip link, preset picker, play, dataset, learning rate, a run\'s batch-norm switch, panels, link', async () => {
  const { page, context, problems } = await env.open('', { viewport: { width: 1280, height: 800 } });
  const shots = artifactPath('keyboard-walk');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const stops = [];
  const opts = { stops, shots };

  // 1. The first stop is the skip link to the panels (checked at the end).
  const skip = await tabTo(page, () => true, opts);
  assert.match(skip.label, /Skip to the run panels/);
  await page.evaluate(() => window.bnlab.step(5));

  // 2. The preset picker: arrows choose but do not load; Escape goes back; Enter opens.
  await tabTo(page, (f) => f.id === 'preset', opts);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('.preset-picker .commit-hint');
  let s = await status(page);
  assert.equal(s.preset, 'default', 'arrow keys do not load a lesson');
  assert.equal(s.step, 5, 'nor restart training');
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue('#preset'), 'default', 'Escape goes back');
  await page.keyboard.press('ArrowDown');
  const chosen = await page.inputValue('#preset');
  assert.notEqual(chosen, 'default');
  assert.equal((await status(page)).preset, 'default');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => window.bnlab.status().preset === n && window.bnlab.status().ready, chosen);
  // ... and back to the default comparison, the same way.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.bnlab.status().preset === 'default' && window.bnlab.status().ready);

  // 3. The link (the share button's place until it lands).
  await tabTo(page, (f) => f.id === 'permalink', opts);

  // 4. Play and pause from the keyboard.
  await tabTo(page, (f) => f.id === 'play', opts);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.bnlab.status().playing && window.bnlab.status().step > 0);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => !window.bnlab.status().playing);
  await focusedWithRing(page, 'play after pausing');

  // 5. The dataset: arrows move the choice without a restart; Enter applies it.
  await page.evaluate(() => window.bnlab.step(7));
  const stepBefore = (await status(page)).step;
  const dataset = (await config(page)).data.name;
  await tabTo(page, (f) => f.id === 'ctl-data-name', opts);
  await page.keyboard.press('ArrowDown');
  const pickedData = await page.inputValue('#ctl-data-name');
  assert.notEqual(pickedData, dataset);
  s = await status(page);
  assert.equal(s.step, stepBefore, 'no restart at the arrow key');
  assert.equal((await config(page)).data.name, dataset);
  await page.keyboard.press('Enter');
  await page.waitForFunction((d) => window.bnlab.config().data.name === d, pickedData);
  assert.equal((await status(page)).step, 0, 'applied: a fair restart, once');

  // 6. The learning rate: three arrow steps, no restart; leaving the slider applies.
  await page.evaluate(() => window.bnlab.step(9));
  const lr = (await config(page)).train.learning_rate;
  await tabTo(page, (f) => f.id === 'ctl-train-learning_rate', opts);
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
  assert.equal((await config(page)).train.learning_rate, lr, 'not applied while stepping');
  assert.equal((await status(page)).step, 9, 'nothing restarted');
  assert.match(await page.textContent('.control[data-key="train.learning_rate"] .commit-hint'), /Enter/);
  const shown = await page.textContent('.control[data-key="train.learning_rate"] output');
  await page.keyboard.press('Tab');
  await page.waitForFunction((v) => window.bnlab.config().train.learning_rate !== v, lr);
  const applied = (await config(page)).train.learning_rate;
  assert.ok(applied > lr, `three steps up: ${lr} -> ${applied}`);
  assert.equal(String(applied), shown, 'the value shown while stepping is the one applied');
  assert.equal(await page.locator('.commit-hint').count(), 0);

  // 7. Run 1's own batch-norm switch, in its panel: its "Settings" button
  // opens the run's settings, Space on the switch applies it (one fair restart).
  await page.evaluate(() => window.bnlab.step(4));
  const run1 = (await config(page)).runs[1];
  const bnBefore = run1.set['model.batchnorm'];
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.label === `Settings of ${run1.name}`, opts);
  await page.keyboard.press('Enter');
  await tabTo(page, (f) => f.id === 'run1-model-batchnorm', opts);
  await page.keyboard.press(' ');
  await page.waitForFunction((before) => window.bnlab.config().runs[1].set['model.batchnorm'] !== before, bnBefore);
  assert.equal((await status(page)).step, 0, 'a run\'s own setting restarts every run together');
  assert.equal((await config(page)).runs.length, 2);

  // 8. On through the rest of the page and round again: no trap.
  const first = stops[0];
  let wrapped = false;
  for (let i = 0; i < 300 && !wrapped; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(FOCUS_PROBE);
    if (!f) continue;  // the browser's own UI between the last stop and the first
    const ring = await focusedWithRing(page, `walk ${i}`);
    stops.push(ring.name);
    await shoot(page, ring, shots, stops.length);
    wrapped = stops[stops.length - 1] === first && i > 0;
  }
  assert.ok(wrapped, `Tab goes round to the first stop again (no trap): ${stops.slice(-12).join(', ')}`);
  assert.ok(stops.some((n) => n.startsWith('input#view-toggle-')), 'the views are reachable');
  // Back at the skip link: Enter moves focus to the panels, which are described in words.
  const hash = await page.evaluate(() => location.hash);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'panels', 'the skip link moves focus to the panels');
  assert.equal(await page.evaluate(() => location.hash), hash, 'and leaves the link (the experiment) alone');
  const described = await page.evaluate(() => [...document.querySelectorAll('#panels .panel-description')].map((n) => n.textContent));
  assert.equal(described.length, 2);
  for (const text of described) assert.match(text, /test accuracy \d+\.\d%/);
  // From the panels, Tab goes on to the first run's own buttons, Shift+Tab back.
  await page.keyboard.press('Tab');
  assert.match((await page.evaluate(FOCUS_PROBE)).label, /^Settings of /);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(FOCUS_PROBE), 'Shift+Tab goes back');
  console.log(`keyboard walk: ${stops.length} stops; screenshots in ${shots}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('focus rings in the dark and projector themes', async () => {
  for (const theme of ['dark', 'projector']) {
    const { page, context, problems } = await env.open(`theme=${theme}`, { viewport: { width: 1280, height: 800 } });
    const stops = [];
    await tabTo(page, (f) => f.id === 'preset', { stops });
    await tabTo(page, (f) => f.id === 'play', { stops });
    await tabTo(page, (f) => f.id === 'ctl-train-learning_rate', { stops });
    assert.ok(stops.length > 8, `${theme}: ${stops.length} stops checked`);
    await page.screenshot({ path: artifactPath(`keyboard-focus-${theme}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the keyboard help: ? opens it, Escape closes it and focus returns; shortcuts can be turned off', async () => {
  const { page, context, problems } = await env.open();
  await page.focus('#step');
  await page.keyboard.press('?');
  await page.waitForSelector('dialog.help-dialog[open]');
  const inside = await page.evaluate(() => document.activeElement.closest('dialog') !== null);
  assert.ok(inside, 'focus moves into the help');
  const rows = await page.$$eval('.help-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  for (const key of ['Space', 'S', 'R', 'D', '?']) assert.ok(rows.some((r) => r.startsWith(key)), `the help lists ${key}`);
  await page.screenshot({ path: artifactPath('keyboard-help.png') });
  // Shortcuts do nothing while it is open.
  await page.keyboard.press('s');
  assert.equal((await status(page)).step, 0);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.help-dialog:not([open])', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step', 'focus returns where it was');
  // S steps; turned off in the help, it does not.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('s');
  await page.waitForFunction(() => window.bnlab.status().step === 1);
  await page.click('#help');
  await page.uncheck('#help-shortcuts');
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('s');
  await nextFrames(page);
  assert.equal((await status(page)).step, 1, 'single-key shortcuts are off');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the unit inspector\'s unit choice, from the skip link to the views', async () => {
  const { page, context, problems } = await env.open('preset=implementing-bn', { viewport: { width: 1280, height: 800 } });
  await page.evaluate(() => window.bnlab.step(10));
  await page.keyboard.press('Tab');
  const views = await tabTo(page, () => true);
  assert.match(views.label, /Skip to the views/);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'views-menu');
  await tabTo(page, (f) => f.tag === 'SELECT' && f.field === 'Unit', { limit: 30 });
  const unit = await page.evaluate(() => window.bnlab.views().selection.unit);
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((u) => window.bnlab.views().selection.unit === u + 1, unit);
  await page.waitForFunction((u) => window.bnlab.views().inspector && window.bnlab.views().inspector.unit === u + 1, unit);
  assert.equal((await status(page)).step, 10, 'choosing a unit does not restart training');
  assert.deepEqual(problems, []);
  await context.close();
});

test('placing points from the keyboard: a focusable plot with a crosshair (for the drawing tool)', async () => {
  const { page, context, problems } = await env.open();
  // Mounted the way the point-drawing tool will: on a panel's plot.
  await page.evaluate(async () => {
    const { PlotCursor } = await import('./web/a11y/plot-cursor.js');
    window.placed = [];
    const plot = document.querySelector('.panel .plot');
    window.cursor = new PlotCursor(plot, {
      extent: () => [-6, 6, -6, 6], classes: () => 2,
      onPlace: (x1, x2, cls) => window.placed.push([x1, x2, cls]),
    });
  });
  await page.focus('.panel .plot');
  await focusedWithRing(page, 'the plot');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.plot-cursor')).display), 'block', 'the crosshair shows');
  await page.keyboard.press('1');                       // class 1 at the centre
  for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');  // 10 of 40 steps: +3 in x1
  await page.keyboard.press('Shift+ArrowUp');           // 10 steps up: +3 in x2
  await page.keyboard.press('0');
  await page.keyboard.press('Enter');                   // the same class again
  await page.keyboard.press('7');                       // no class 7 in a two-class set: ignored
  const placed = await page.evaluate(() => window.placed);
  assert.deepEqual(placed.map(([x1, x2, c]) => [Math.round(x1 * 100) / 100, Math.round(x2 * 100) / 100, c]),
    [[0, 0, 1], [3, 3, 0], [3, 3, 0]]);
  assert.match(await page.evaluate(() => document.querySelector('.plot [aria-live]').textContent), /class 0 point at x₁ 3, x₂ 3/);
  // Its keys stay its own: the page's shortcuts do not fire, Tab leaves.
  assert.equal((await status(page)).step, 0);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('plot')), false, 'Tab leaves the plot');
  assert.deepEqual(problems, []);
  await context.close();
});
