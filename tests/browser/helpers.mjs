// Shared set-up for the browser tests: Debian's Chromium (its headless shell:
// tests/browser/chromium.mjs) driven by playwright-core (which never
// downloads a browser), the built dist/ folder
// served by scripts/serve.mjs with the page's CSP header, and every console
// error, page error and failed request kept.
//   BNLAB_DIST      the built site to test (default: dist/ of this checkout)
//   BNLAB_CHROMIUM  the browser binary (default: /usr/bin/chromium-headless-shell)
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from './chromium.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.BNLAB_DIST || join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'build', 'artifacts');

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

// One browser and one server for a test file: {browser, server, open(hash), close()}.
// full: the full browser rather than the headless shell (tests/browser/chromium.mjs).
export async function setup({ full = false } = {}) {
  if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'web', 'wasm', 'bnlab.mjs'))) {
    throw new Error(`${DIST} has no built page: run ./build.sh web first`);
  }
  const server = await startServer({ root: DIST, port: 0 });
  const browser = await launchChromium({ full });

  // Opens the page (optionally with a hash) and waits until the engine is ready.
  async function open(hash = '', { viewport = { width: 1440, height: 1000 }, waitReady = true } = {}) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // A request cut off by the test's own navigation (net::ERR_ABORTED: e.g.
    // the full page's idle fetch of KaTeX when a test moves on at once) is
    // not the page's failure; every other failure is.
    page.on('requestfailed', (req) => {
      const error = req.failure()?.errorText ?? '';
      if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${error})`);
    });
    await page.goto(server.url + (hash ? `#${hash.replace(/^#/, '')}` : ''));
    if (waitReady) await waitReadyOn(page);
    return { page, context, problems };
  }

  return {
    browser,
    server,
    open,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export async function waitReadyOn(page, timeout = 30000) {
  await page.waitForFunction(() => window.bnlab && window.bnlab.status().ready, null, { timeout });
}

// After two animation frames the page has drawn the latest snapshot.
export const nextFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

export const status = (page) => page.evaluate(() => window.bnlab.status());
export const messages = (page) => page.evaluate(() => window.bnlab.messages());
