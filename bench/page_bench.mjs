// The page in headless Chromium (Debian's, via playwright-core, which never
// downloads a browser): training steps per second per run while the page
// animates (boundaries redrawn, charts updated), read from the page's own
// window.bnlab.status() step counter over a timed window, with its perf()
// figures (frame rate, boundary redraws, longest task) alongside.
import { existsSync } from 'node:fs';
import path from 'node:path';

const CHROMIUM = process.env.BNLAB_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

// Presets to measure and the speed settings to ask for (steps/s the page's
// speed menu offers; the highest is "as fast as it goes").
export async function benchPage({ dist, repoRoot, presets, windowS = 4, settleS = 1.5 }) {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: run ./build.sh web`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const { chromium } = await import('playwright-core');
  const { startServer } = await import(path.join(repoRoot, 'scripts', 'serve.mjs'));
  const server = await startServer({ root: dist, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const results = [];
  try {
    for (const preset of presets) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${server.url}#preset=${encodeURIComponent(preset)}`);
      await page.waitForFunction(() => window.bnlab && window.bnlab.status().ready, null, { timeout: 30000 });
      const speeds = await page.$$eval('#speed option', (os) => os.map((o) => Number(o.value)));
      const maxSpeed = Math.max(...speeds);
      const defaultSpeed = await page.$eval('#speed', (s) => Number(s.value));
      for (const speed of [defaultSpeed, maxSpeed]) {
        await page.selectOption('#speed', String(speed));
        await page.evaluate(() => { window.bnlab.play(); });
        await page.waitForTimeout(settleS * 1000);
        await page.evaluate(() => window.bnlab.resetPerf());
        const a = await page.evaluate(() => ({ t: performance.now(), s: window.bnlab.status() }));
        await page.waitForTimeout(windowS * 1000);
        const b = await page.evaluate(() => ({ t: performance.now(), s: window.bnlab.status(), perf: window.bnlab.perf() }));
        await page.evaluate(() => window.bnlab.pause());
        const seconds = (b.t - a.t) / 1000;
        results.push({
          preset,
          runs: b.s.runs.length,
          requested: speed,
          stepsPerSecPerRun: (b.s.step - a.s.step) / seconds,
          fps: b.perf.fps,
          boundaryRedrawsPerSec: b.perf.boundaryRedrawsPerSec,
          longestTaskMs: b.perf.longestTaskMs,
          longestFrameWorkMs: b.perf.longestFrameWorkMs,
          diverged: b.s.runs.filter((r) => r.diverged).length,
          problems: problems.splice(0),  // the errors since the last measurement
        });
        // Start the next speed from a fresh experiment, like a learner would.
        await page.evaluate(() => window.bnlab.reset());
        await page.waitForFunction(() => window.bnlab.status().step === 0, null, { timeout: 10000 });
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}
