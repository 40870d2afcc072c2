// Shared steps for the data-*.test.mjs files: a page with touch, the data
// tools' state, clicks at plane coordinates, the data CSV as downloaded.
import { readFile } from 'node:fs/promises';
import { waitReadyOn } from './helpers.mjs';

// Like env.open, with a touch screen (page.touchscreen) and pen input (CDP).
export async function openWithTouch(env, hash = '') {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, hasTouch: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  await page.goto(env.server.url + (hash ? `#${hash}` : ''));
  await waitReadyOn(page);
  return { page, context, problems };
}

// The status line under the data tools.
export const dataState = (page) => page.$eval('.data-status', (p) => ({
  state: p.dataset.state, points: Number(p.dataset.points), text: p.textContent,
}));

// Waits until the engine trains on `points` of the learner's own points.
export async function waitTrained(page, points) {
  await page.waitForFunction((n) => {
    const p = document.querySelector('.data-status');
    const c = window.bnlab.config();
    return p.dataset.state === 'custom' && Number(p.dataset.points) === n && c.data.name === 'custom' && c.data.points === n;
  }, points, { timeout: 20000 });
}

// Screen position of plane point (x, y) on run `run`'s plot, from the
// drawing plane's extent (the axis range the panel shows).
export async function screenOf(page, x, y, plane, run = 0) {
  const box = await page.locator(`.panel[data-run="${run}"] .plot`).boundingBox();
  const [xmin, xmax, ymin, ymax] = plane;
  return { x: box.x + ((x - xmin) / (xmax - xmin)) * box.width, y: box.y + ((ymax - y) / (ymax - ymin)) * box.height };
}

// The data CSV through the page's download button: [text, rows].
export async function downloadData(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.data-download')]);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  return { text, rows, name: download.suggestedFilename() };
}

// Every point at once through the contract's API.
export const loadData = (page, csv) => page.evaluate((text) => window.bnlab.loadData(text), csv);

export const csvOf = (rows, eol = '\n') => `x1,x2,label${eol}` + rows.map((r) => r.join(',') + eol).join('');

// Two well-separated clusters on a 0.01 grid (what a link carries exactly).
export function twoClusters(n, seed = 1) {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows = [];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    rows.push([Math.round((k ? 2 : -2) * 100 + (r() - 0.5) * 300) / 100, Math.round((r() - 0.5) * 400) / 100, k]);
  }
  return rows;
}
