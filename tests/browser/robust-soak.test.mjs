// A browser soak (issue 12, item 8): the page at top speed while a seeded
// monkey changes controls (selects, sliders, checkboxes of the settings
// column), switches presets, plays, pauses, steps and resets every 150-450 ms.
// Afterwards: status() still advances, no console or page error happened, and
// the JS heap (after a forced GC, through CDP) is within 1.5x of its value at
// the baseline (30 s into the full soak).
//   BNLAB_SOAK=1            the full 3 minutes (./build.sh soak); otherwise CI's
//                           short fixed budget: 30 s, baseline at 10 s
//   BNLAB_SOAK_SEED=N       replay a monkey (the seed is printed, and named on failure)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setup } from './helpers.mjs';

const FULL = process.env.BNLAB_SOAK === '1';
const DURATION_MS = FULL ? 180000 : 30000;
const BASELINE_MS = FULL ? 30000 : 10000;
const SEED = Number(process.env.BNLAB_SOAK_SEED) || (Date.now() % 1000000007);
const HEAP_RATIO = 1.5;

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// mulberry32: a small seeded generator, so a failing monkey can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function jsHeap(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

test(`soak: ${DURATION_MS / 1000} s of a seeded monkey at top speed (seed ${SEED})`, async () => {
  const { page, context, problems } = await env.open();
  const cdp = await context.newCDPSession(page);
  const random = rng(SEED);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const presets = await page.$$eval('#preset option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(presets.length > 3, 'the preset picker lists presets');
  await page.selectOption('#speed', { index: (await page.$$eval('#speed option', (o) => o.length)) - 1 });

  // Each action is started in the page and not awaited (as a learner's clicks
  // are): any promise that rejects or throws becomes a page error.
  const actions = {
    play: () => page.evaluate(() => { window.bnlab.play(); }),
    pause: () => page.evaluate(() => { window.bnlab.pause(); }),
    step: () => page.evaluate((n) => { window.bnlab.step(n); }, 1 + Math.floor(random() * 20)),
    reset: () => page.evaluate(() => { window.bnlab.reset(); }),
    preset: () => page.evaluate((name) => { window.bnlab.openPreset(name); }, pick(presets)),
    control: () => page.evaluate((r) => {
      const inputs = [...document.querySelectorAll('#controls select, #controls input[type=range], #controls input[type=checkbox]')]
        .filter((n) => !n.disabled);
      if (inputs.length === 0) return '';
      const input = inputs[Math.floor(r[0] * inputs.length)];
      if (input.tagName === 'SELECT') {
        input.selectedIndex = Math.floor(r[1] * input.options.length);
      } else if (input.type === 'checkbox') {
        input.checked = !input.checked;
      } else {
        const min = Number(input.min || 0), max = Number(input.max || 100), step = Number(input.step || 1);
        input.value = String(min + Math.round((r[1] * (max - min)) / step) * step);
      }
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return input.id;
    }, [random(), random()]),
  };
  // Weights: mostly training and control changes, presets and resets often.
  const deck = ['play', 'play', 'play', 'pause', 'step', 'reset', 'preset', 'preset', 'control', 'control', 'control', 'control'];

  const started = Date.now();
  const log = [];
  let baseline = null;
  let count = 0;
  try {
    while (Date.now() - started < DURATION_MS) {
      const name = pick(deck);
      const detail = await actions[name]();
      count += 1;
      log.push(`${Date.now() - started}ms ${name}${detail ? ` ${detail}` : ''}`);
      if (log.length > 30) log.shift();
      if (baseline === null && Date.now() - started >= BASELINE_MS) baseline = await jsHeap(page, cdp);
      await new Promise((r) => setTimeout(r, 150 + random() * 300));
      assert.deepEqual(problems, [], `page errors (seed ${SEED}); last actions:\n${log.join('\n')}`);
    }
    // Settle on a known experiment, then it must still train.
    await page.evaluate(() => window.bnlab.openPreset('default'));
    await page.evaluate(() => window.bnlab.play());
    const s0 = await page.evaluate(() => window.bnlab.status());
    await page.waitForFunction((step) => window.bnlab.status().step > step + 20, s0.step, { timeout: 30000 });
    await page.evaluate(() => window.bnlab.pause());
    const end = await jsHeap(page, cdp);
    const perf = await page.evaluate(() => window.bnlab.perf());
    console.log(`soak seed ${SEED}: ${count} actions in ${((Date.now() - started) / 1000).toFixed(0)} s; JS heap ` +
      `${(baseline / 2 ** 20).toFixed(1)} MB at ${BASELINE_MS / 1000} s -> ${(end / 2 ** 20).toFixed(1)} MB at the end ` +
      `(${(end / baseline).toFixed(2)}x); worker WASM memory ${(perf.engine.heapBytes / 2 ** 20).toFixed(1)} MB, restarts ${JSON.stringify(perf.engine.restarts)}`);
    assert.ok(end <= HEAP_RATIO * baseline, `JS heap ${end} > ${HEAP_RATIO} x ${baseline} (seed ${SEED})`);
    assert.equal(perf.engine.trouble, null);
    assert.deepEqual(problems, []);
  } catch (err) {
    err.message = `soak failed with seed ${SEED} (replay: BNLAB_SOAK_SEED=${SEED}): ${err.message}`;
    throw err;
  }
  await context.close();
});
