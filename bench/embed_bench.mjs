// Embedding and page-loading figures in headless Chromium (Debian's, via
// playwright-core), for ./build.sh bench (docs/PERFORMANCE.md, "A page full
// of widgets"). Not a test: it prints figures and the goals beside them.
//
//   node bench/embed_bench.mjs [--quick] [--page]   (--page: the full page's part only)
//
// 1. A course page (another origin, strict CSP) with 4 <bn-lab> elements, 2 in
//    view: time from navigation start to the first drawn boundary of each
//    visible element; frames per second of the host page while both train at
//    the default speed.
// 2. Bytes transferred for one widget, compressed (gzip, as scripts/serve.mjs
//    and any static host send them): without KaTeX, and with the inspector's
//    formulas (KaTeX loaded on demand).
// 3. The full page: cumulative layout shift while loading and while switching
//    lessons (PerformanceObserver 'layout-shift'), and animation frames in
//    which a run panel is blank during a switch.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { startHost } from '../scripts/course-host.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.BNLAB_DIST || path.join(ROOT, 'dist');
const OUT_DIR = path.join(ROOT, 'build', 'bench');
const CHROMIUM = process.env.BNLAB_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const QUICK = process.argv.includes('--quick');
const PAGE_ONLY = process.argv.includes('--page');
const PHASES = process.argv.includes('--phases');
const LOADS = QUICK ? 2 : 5;
const FPS_WINDOW_MS = QUICK ? 2000 : 5000;
const SWITCHES = ['implementing-bn', 'learning-rate-race', 'covariate-shift', 'test-time', 'mini-batches', 'default'];
const GOALS = { firstBoundaryMs: 1500, fps: 50, widgetKB: 400, cls: 0.05, blankFrames: 0 };

const log = (text) => console.error(`embed-bench: ${text}`);
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x, d = 0) => Number(x.toFixed(d));

const FOUR = (n = 4) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Four widgets</title><link rel="stylesheet" href="course.css">
<script type="module" src="https://bnlab.example/bn-lab.js"></script></head>
<body><main class="course"><h1>Four widgets</h1>
<div class="pair"><bn-lab id="w0" preset="default"></bn-lab><bn-lab id="w1" preset="default" settings="seed=2"></bn-lab></div>
<p class="spacer">Below the fold.</p>
${n > 2 ? '<div class="pair"><bn-lab id="w2" preset="covariate-shift"></bn-lab><bn-lab id="w3" preset="test-time"></bn-lab></div>' : ''}
</main></body></html>`;
const ONE = (attrs) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>One widget</title><link rel="stylesheet" href="course.css">
<script type="module" src="https://bnlab.example/bn-lab.js"></script></head>
<body><main class="course"><bn-lab id="w0" ${attrs}></bn-lab></main></body></html>`;

// In the host page from the start: when each element's first boundary is on
// screen (its heat canvases painted: a drawn canvas has the grid's size, not
// the default 300 x 150), checked every animation frame; and a frame counter.
const WATCH_ELEMENTS = () => {
  window.__firstDrawn = {};
  window.__frames = 0;
  const tick = () => {
    window.__frames += 1;
    for (const node of document.querySelectorAll('bn-lab')) {
      if (window.__firstDrawn[node.id] || !node.shadowRoot) continue;
      const heats = [...node.shadowRoot.querySelectorAll('canvas.heat')];
      if (heats.length && heats.every((c) => !(c.width === 300 && c.height === 150))) window.__firstDrawn[node.id] = performance.now();
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

// In the full page from the start: layout shifts (not caused by input), and
// frames in which a run panel is blank (no panels, or an unpainted canvas).
const WATCH_PAGE = () => {
  window.__cls = { total: 0, entries: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__cls.total += e.value;
      window.__cls.entries.push({ value: e.value, t: e.startTime,
        sources: (e.sources || []).map((s) => (s.node && s.node.nodeType === 1 ? `${s.node.tagName.toLowerCase()}${s.node.id ? `#${s.node.id}` : ''}.${[...s.node.classList].join('.')}` : String(s.node && s.node.nodeName))) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  window.__blank = { counting: false, frames: 0 };
  const tick = () => {
    if (window.__blank.counting) {
      const panels = document.querySelector('#panels');
      const heats = panels ? [...panels.querySelectorAll('canvas.heat')] : [];
      const blank = heats.length === 0 || heats.some((c) => c.width === 300 && c.height === 150);
      if (blank) window.__blank.frames += 1;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function newPage(browser, viewport, init) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  return { context, page, problems };
}

const elementStatus = (page, id) => page.$eval(`#${id}`, (n) => n.status());
async function waitElement(page, id, predicate, timeout = 60000) {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await elementStatus(page, id);
    if (predicate(s)) return s;
    if (Date.now() > end) throw new Error(`#${id} timed out: ${JSON.stringify(s).slice(0, 200)}`);
    await page.waitForTimeout(50);
  }
}

// Where the time to the first boundary goes (--phases): per load of the four
// widgets, the milestones of each visible element in ms from navigation
// start, from the host page's Resource Timing and marks (web/element/bn-lab.js,
// web/engine-client.js: 'bnlab:*'), the engine frame's, and each worker's
// (Resource Timing of its script and the .wasm; clocks joined through
// performance.timeOrigin); and the main thread's long tasks before the last
// first boundary (CPU taken on the page's thread).
const WATCH_LONG_TASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
};

// CPU time (ms, user + system, children reaped included) of a process and
// its descendants, from /proc (Linux): for this process, the CPU that the
// browser's processes (and the two servers) took during a load, a figure
// less sensitive than wall time to other jobs on the machine.
function treeCpuMs(rootPid) {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    } catch { /* gone */ }
  }
  let ticks = 0;
  const walk = (pid) => {
    const s = stats.get(pid);
    if (s) ticks += s.ticks;
    for (const [child, c] of stats) if (c.ppid === pid) walk(child);
  };
  walk(rootPid);
  return ticks * 10;  // USER_HZ = 100
}

async function phaseLoad(browser, host) {
  const { context, page, problems } = await newPage(browser, { width: 1280, height: 900 }, `(${WATCH_ELEMENTS})();(${WATCH_LONG_TASKS})();`);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  const cpu0 = treeCpuMs(process.pid);
  await page.goto(`${host.url}four.html`);
  await page.waitForFunction(() => window.__firstDrawn.w0 && window.__firstDrawn.w1, null, { timeout: 60000 });
  const cpuMs = treeCpuMs(process.pid) - cpu0;
  const hostSide = await page.evaluate(() => {
    const res = (pattern) => performance.getEntriesByType('resource').filter((e) => pattern.test(e.name))
      .map((e) => ({ name: e.name.replace(/^.*\//, ''), start: e.startTime, end: e.responseEnd }));
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      timeOrigin: performance.timeOrigin,
      html: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      resources: res(/bn-lab|engine\.html|chunk/),
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('bnlab:'))
        .map((m) => ({ name: m.name.slice(6), t: m.startTime, detail: m.detail })),
      drawn: window.__firstDrawn,
      longTasks: window.__longTasks,
      tasks: ['w0', 'w1'].map((id) => document.getElementById(id).app?.engine.stats().workerTasks),
    };
  });
  const frames = [];
  for (const frame of page.frames()) {
    if (!/engine\.html/.test(frame.url())) continue;
    frames.push(await frame.evaluate(() => ({
      timeOrigin: performance.timeOrigin,
      resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(/^.*\//, ''), start: e.startTime, end: e.responseEnd })),
    })));
  }
  const workerSide = [];
  for (const w of workers) {
    try {
      workerSide.push(await w.evaluate(() => ({
        timeOrigin: performance.timeOrigin,
        resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(/^.*\//, ''), start: e.startTime, end: e.responseEnd })),
        marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, t: m.startTime })),
      })));
    } catch { /* a worker that ended */ }
  }
  await context.close();
  const shift = (origin) => origin - hostSide.timeOrigin;
  const r = (x) => (Number.isFinite(x) ? Math.round(x) : null);
  const marksOf = (detailKey, id) => Object.fromEntries(hostSide.marks.filter((m) => m.detail && m.detail[detailKey] === id).map((m) => [m.name, r(m.t)]));
  const lastDrawn = Math.max(hostSide.drawn.w0, hostSide.drawn.w1);
  const busy = hostSide.longTasks.filter(([t]) => t < lastDrawn).reduce((sum, [, d]) => sum + d, 0);
  return {
    html: r(hostSide.html),
    domContentLoaded: r(hostSide.domContentLoaded),
    resources: hostSide.resources.map((e) => [e.name, r(e.start), r(e.end)]),
    engineFrame: frames.map((f) => f.resources.map((e) => [e.name, r(e.start + shift(f.timeOrigin)), r(e.end + shift(f.timeOrigin))])),
    workers: workerSide.map((w) => ({
      start: r(shift(w.timeOrigin)),
      resources: w.resources.map((e) => [e.name, r(e.start + shift(w.timeOrigin)), r(e.end + shift(w.timeOrigin))]),
      marks: w.marks.map((m) => [m.name, r(m.t + shift(w.timeOrigin))]),
    })),
    elements: ['w0', 'w1'].map((id) => {
      const built = hostSide.marks.find((m) => m.name === 'app-built' && m.detail.element === id);
      const client = built ? built.detail.client : -1;
      return { ...marksOf('element', id), ...marksOf('client', client), drawn: r(hostSide.drawn[id]) };
    }),
    mainThreadLongTasksMs: r(busy),
    browserCpuMs: cpuMs,
    longTasks: hostSide.longTasks.filter(([t]) => t < lastDrawn).map(([t, d]) => [r(t), r(d)]),
    workerTasks: hostSide.tasks,
    problems,
  };
}

async function phases(browser, host) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) loads.push(await phaseLoad(browser, host));
  return loads;
}

// settled: the course page is opened in a window that has been open for
// SETTLE_MS, as a learner's is. A new window of the full browser starts its
// own interface's pages first (the omnibox popup's renderer: about 2 CPU
// seconds, measured with a Chrome trace; docs/RELIABILITY.md), which on two
// cores competes with the page. Without it (cold), the page opens in a
// window created that instant; both are reported, the goal is read on the
// settled figure.
const SETTLE_MS = 3000;
async function widgets(browser, host, { settled = true } = {}) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, page, problems } = await newPage(browser, { width: 1280, height: 900 }, WATCH_ELEMENTS);
    if (settled) {
      await page.goto('about:blank');
      await page.waitForTimeout(SETTLE_MS);
    }
    await page.goto(`${host.url}four.html`);
    await page.waitForFunction(() => window.__firstDrawn.w0 && window.__firstDrawn.w1, null, { timeout: 60000 });
    const drawn = await page.evaluate(() => window.__firstDrawn);
    const started = await page.evaluate(() => ['w2', 'w3'].map((id) => document.getElementById(id).status().ready));
    loads.push({ w0: drawn.w0, w1: drawn.w1, farStarted: started.some(Boolean), problems });
    if (settled && i === LOADS - 1) {
      // Both train at the default speed; the host page's frame rate.
      await page.$eval('#w0', (n) => n.play());
      await page.$eval('#w1', (n) => n.play());
      await waitElement(page, 'w0', (s) => s.playing && s.step > 20);
      await waitElement(page, 'w1', (s) => s.playing && s.step > 20);
      await page.waitForTimeout(1000);
      const a = await page.evaluate(() => ({ t: performance.now(), f: window.__frames, s: [document.getElementById('w0').status().step, document.getElementById('w1').status().step] }));
      await page.waitForTimeout(FPS_WINDOW_MS);
      const b = await page.evaluate(() => ({ t: performance.now(), f: window.__frames, s: [document.getElementById('w0').status().step, document.getElementById('w1').status().step] }));
      const seconds = (b.t - a.t) / 1000;
      loads.fps = round((b.f - a.f) / seconds, 1);
      loads.stepsPerSec = [0, 1].map((k) => round((b.s[k] - a.s[k]) / seconds, 1));
    }
    await context.close();
  }
  const first = loads.flatMap((l) => [l.w0, l.w1]);
  return {
    loads: loads.length,
    firstBoundaryMs: { median: round(median(first)), max: round(Math.max(...first)), each: loads.map((l) => [round(l.w0), round(l.w1)]) },
    farStartedEarly: loads.some((l) => l.farStarted),
    fps: loads.fps,
    stepsPerSec: loads.stepsPerSec,
    problems: loads.flatMap((l) => l.problems),
  };
}

// Encoded (compressed) body bytes of every response from BN Lab's origin.
async function widgetBytes(browser, host, bnlabUrl, file, { katex = false } = {}) {
  const { context, page, problems } = await newPage(browser, { width: 1280, height: 900 });
  const responses = [];
  context.on('requestfinished', (req) => responses.push(req));
  await page.goto(`${host.url}${file}`);
  await waitElement(page, 'w0', (s) => s.ready);
  if (katex) {
    await page.waitForFunction(() => document.getElementById('w0').shadowRoot.querySelector('.formulas')?.dataset.state === 'typeset', null, { timeout: 60000 });
    await page.evaluate(() => document.fonts.ready);
  }
  await page.waitForTimeout(500);
  const origin = new URL(bnlabUrl).origin;
  const files = [];
  for (const req of responses) {
    if (!req.url().startsWith(origin)) continue;
    const sizes = await req.sizes();
    files.push({ file: req.url().slice(origin.length), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
  }
  await context.close();
  return { kb: round(files.reduce((s, f) => s + f.bytes, 0) / 1024, 1), files, problems };
}

async function fullPage(browser, server, viewport) {
  const { context, page, problems } = await newPage(browser, viewport, WATCH_PAGE);
  await page.goto(server.url);
  await page.waitForFunction(() => window.bnlab && window.bnlab.status().ready, null, { timeout: 60000 });
  await page.waitForTimeout(1500);  // late shifts (charts, fonts) count too
  const load = await page.evaluate(() => window.__cls);
  const switches = [];
  for (const preset of SWITCHES) {
    await page.evaluate(() => { window.__cls.total = 0; window.__cls.entries = []; window.__blank = { counting: true, frames: 0 }; });
    await page.evaluate((p) => window.bnlab.openPreset(p), preset);
    await page.waitForFunction((p) => window.bnlab.status().preset === p && window.bnlab.status().ready, preset, { timeout: 60000 });
    await page.waitForTimeout(1200);
    const r = await page.evaluate(() => { window.__blank.counting = false; return { cls: window.__cls.total, entries: window.__cls.entries, blank: window.__blank.frames }; });
    switches.push({ preset, cls: round(r.cls, 4), blankFrames: r.blank, shifts: r.entries.slice(0, 6) });
  }
  // The same switches as a learner makes them, with the lesson picker (shifts
  // within 500 ms of an input are expected by the reader, and not counted).
  const picked = [];
  for (const preset of SWITCHES) {
    await page.evaluate(() => { window.__cls.total = 0; window.__cls.entries = []; });
    // A click on the picker (a real input), then the choice.
    await page.click('#preset');
    await page.keyboard.press('Escape');
    await page.selectOption('#preset', preset);
    await page.waitForFunction((p) => window.bnlab.status().preset === p && window.bnlab.status().ready, preset, { timeout: 60000 });
    await page.waitForTimeout(1200);
    picked.push(round(await page.evaluate(() => window.__cls.total), 4));
  }
  await context.close();
  return { viewport: `${viewport.width}x${viewport.height}`, loadCls: round(load.total, 4), loadShifts: load.entries.slice(0, 6), switches, picked, problems };
}

const table = (head, rows) => [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

export async function benchEmbed() {
  const bnlab = await startServer({ root: DIST, port: 0 });
  const host = await startHost(bnlab.url, { pages: { '/four.html': FOUR(), '/one.html': ONE('preset="default"'), '/one-katex.html': ONE('preset="implementing-bn" show="views"') } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const results = { machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`, chromium: browser.version() };
  try {
    if (PHASES) {
      log('phases of the first boundary, four widgets');
      results.phases = await phases(browser, host);
      return results;
    }
    if (!PAGE_ONLY) await widgetParts(browser, host, bnlab, results);
    log('the full page: layout shift and blank panel frames');
    results.page = [];
    for (const viewport of [{ width: 1440, height: 1000 }, { width: 1000, height: 800 }]) results.page.push(await fullPage(browser, bnlab, viewport));
  } finally {
    await browser.close();
    await host.close();
    await bnlab.close();
  }
  return results;
}

async function widgetParts(browser, host, bnlab, results) {
  log('four widgets, two in view');
  results.widgets = await widgets(browser, host);
  log('the same, each in a window opened that instant');
  results.widgetsCold = await widgets(browser, host, { settled: false });
  log('bytes for one widget');
  results.bytes = await widgetBytes(browser, host, bnlab.url, 'one.html');
  results.bytesKatex = await widgetBytes(browser, host, bnlab.url, 'one-katex.html', { katex: true });
}

export function report(r) {
  const w = r.widgets;
  const lines = [];
  lines.push(`A page full of widgets (headless Chromium ${r.chromium}; ${r.machine})\n`);
  if (w) lines.push(table(['figure', 'measured', 'goal'], [
    [`first drawn boundary of each visible widget, from navigation start (${w.loads} loads x 2; a window open for ${SETTLE_MS / 1000} s)`, `median ${w.firstBoundaryMs.median} ms, max ${w.firstBoundaryMs.max} ms`, `<= ${GOALS.firstBoundaryMs} ms`],
    ...(r.widgetsCold ? [[`the same in a window opened that instant (the browser's interface starts beside the page)`, `median ${r.widgetsCold.firstBoundaryMs.median} ms, max ${r.widgetsCold.firstBoundaryMs.max} ms`, '-']] : []),
    ['host page frames per second, both training at the default speed', `${w.fps} (steps/s ${w.stepsPerSec.join(', ')})`, `>= ${GOALS.fps}`],
    ['widgets out of view started before being scrolled to', w.farStartedEarly ? 'yes' : 'none', 'none'],
    ['bytes for one widget, compressed (no KaTeX)', `${r.bytes.kb} KB in ${r.bytes.files.length} files`, `<= ${GOALS.widgetKB} KB`],
    ['bytes for one widget with the inspector\'s formulas (KaTeX on demand)', `${r.bytesKatex.kb} KB in ${r.bytesKatex.files.length} files`, '-'],
  ]));
  lines.push('');
  lines.push('The full page: layout shift and blank run panels\n');
  const maxMean = (v) => `${Math.max(...v)}, ${round(v.reduce((a, b) => a + b, 0) / v.length, 4)}`;
  lines.push(table(['viewport', 'CLS on load', 'CLS per switch, openPreset() (max, mean)', 'CLS per switch, the picker (max, mean)', 'blank panel frames per switch (max)', 'goal'],
    r.page.map((p) => [p.viewport, p.loadCls, maxMean(p.switches.map((s) => s.cls)), maxMean(p.picked),
      Math.max(...p.switches.map((s) => s.blankFrames)), `CLS < ${GOALS.cls}, ${GOALS.blankFrames} blank`])));
  lines.push(`\nSwitches: ${SWITCHES.join(' -> ')}; per switch (openPreset): `
    + r.page.map((p) => `${p.viewport}: ${p.switches.map((s) => `${s.preset} ${s.cls}`).join(', ')}`).join('; '));
  const problems = [...(w ? [...w.problems, ...(r.widgetsCold ? r.widgetsCold.problems : []), ...r.bytes.problems, ...r.bytesKatex.problems] : []), ...r.page.flatMap((p) => p.problems)];
  if (problems.length) lines.push(`\nProblems seen: ${problems.slice(0, 5).join(' | ')}`);
  return lines.join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const results = await benchEmbed();
  if (results.phases) {
    console.log(JSON.stringify(results.phases, null, 1));
    process.exit(0);
  }
  const text = report(results);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'embed.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(OUT_DIR, 'embed.md'), text + '\n');
  console.log(text);
}
