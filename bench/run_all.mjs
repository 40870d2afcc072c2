// ./build.sh bench: BN Lab's training speed against TF.js and native (issue 5).
//
//   node bench/run_all.mjs [--quick] [--no-page] [--no-tfjs]
//
// Needs the native bench binary ($BNLAB_BENCH, default build/native/bnlab_bench)
// and the built page (dist/, or $BNLAB_WASM_DIR for the module). Prints the
// tables and ends with exactly two lines for scripts:
//   wasm/tfjs ratio: X      BN Lab WASM steps/s / the fastest TF.js loop's
//   wasm/native ratio: Y    BN Lab WASM steps/s / native steps/s
// (steps per second of CPU time, medians of per-round ratios: see
// docs/PERFORMANCE.md for why).
// Also writes build/bench/results.json and build/bench/results.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  REFERENCE, fmt, flopsPerStep, labConfig, loadAverage, machine, median, scalingCases, shapeLabel, timeRate,
} from './common.mjs';
import { benchWasmGrid, benchWasmSteps, loadBnlab, trainingSet } from './wasm_bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');  // shorter timings, for checking the script itself
const NATIVE = path.resolve(ROOT, process.env.BNLAB_BENCH || 'build/native/bnlab_bench');
const OUT_DIR = path.join(ROOT, 'build', 'bench');

const T = QUICK
  ? { tfjsRepeat: 0.4, tfjsWarm: 0.3, refRounds: 3, refRepeat: 0.4, scaleRepeat: 0.2, scaleWarm: 0.1, gridRepeat: 0.3, pageWindow: 1.5 }
  : { tfjsRepeat: 1.5, tfjsWarm: 1, refRounds: 9, refRepeat: 0.8, scaleRepeat: 0.7, scaleWarm: 0.5, gridRepeat: 1, pageWindow: 4 };

const log = (...a) => console.error('[bench]', ...a);
const loads = [];
function noteLoad(phase) {
  const l = loadAverage();
  loads.push({ phase, load: l });
  log(`${phase} (load average ${l})`);
}

function nativeJson(mode, ...rest) {
  const out = execFileSync(NATIVE, [mode, ...rest.map(String)], { encoding: 'utf8' });
  return JSON.parse(out);
}

// ---- table printing -----------------------------------------------------------

function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`;
  const sep = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(cells[0]), sep, ...cells.slice(1).map(line)].join('\n');
}

// ---- the measurements ---------------------------------------------------------

const results = { date: new Date().toISOString(), machine: machine(), quick: QUICK };
log(`machine: ${results.machine.nproc} cores, ${results.machine.cpu}, node ${results.machine.node}, ${results.machine.emcc}`);
noteLoad('start');

const bnlab = await loadBnlab();
const refConfig = labConfig(REFERENCE);
const refFlops = flopsPerStep(REFERENCE);

// 1. TF.js, both backends, both loops, on BN Lab's own training points; the
// fastest (per CPU-second, the figure least moved by other jobs) goes on to
// the interleaved rounds below.
results.tfjs = [];
let tfjsBest = null;
if (!args.has('--no-tfjs')) {
  noteLoad('TF.js, every backend and loop');
  const { loadTfjs, benchTfjs, createTfjsTrainer } = await import('./tfjs_bench.mjs');
  const tf = await loadTfjs();
  const data = trainingSet(bnlab, refConfig);
  for (const backend of ['cpu', 'wasm']) {
    for (const loop of ['layers', 'ops']) {
      const r = await benchTfjs(tf, backend, loop, data, REFERENCE,
        { chunk: 10, warmupS: T.tfjsWarm, repeatS: T.tfjsRepeat, repeats: 3 });
      log(`TF.js ${backend}/${loop}: ${r.rate.toFixed(0)} steps/s (${r.rates.map((x) => x.toFixed(0)).join(' ')}), `
        + `${r.cpuRate.toFixed(0)} per CPU-second`);
      results.tfjs.push(r);
    }
  }
  const fastest = results.tfjs.reduce((best, r) => (!best || r.cpuRate > best.cpuRate ? r : best), null);
  tfjsBest = await createTfjsTrainer(tf, fastest.backend, fastest.loop, data, REFERENCE);
}

// 2 + 3. The reference network: BN Lab WASM, native and the fastest TF.js,
// interleaved round by round so that other load on the machine hits all three
// alike; the median over rounds is the figure.
noteLoad('reference network: WASM, native and TF.js interleaved');
// Many short rounds rather than a few long ones: the median then shrugs off
// the bursts of other jobs. The WASM code is warmed (tiered up) once first.
benchWasmSteps(bnlab, refConfig, { chunk: 1000, repeatS: 0.2, repeats: 1, warmupS: 1 });
const wasmRounds = [];
const nativeRounds = [];
const tfjsRounds = [];
for (let k = 0; k < T.refRounds; ++k) {
  wasmRounds.push(benchWasmSteps(bnlab, refConfig, { chunk: 1000, repeatS: T.refRepeat, repeats: 1, warmupS: 0.3 }));
  nativeRounds.push(nativeJson('steps', refConfig, T.refRepeat, 1000, 1, 0.3));
  let line = `round ${k + 1}: WASM ${wasmRounds[k].rate.toFixed(0)}, native ${nativeRounds[k].rate.toFixed(0)}`;
  if (tfjsBest) {
    tfjsRounds.push(timeRate(tfjsBest.run, { chunk: 10, warmupS: 0.2, repeatS: T.refRepeat, repeats: 1 }));
    line += `, TF.js ${tfjsRounds[k].rate.toFixed(0)}`;
  }
  log(`${line} steps/s`);
}
tfjsBest?.dispose();
const overRounds = (rounds) => ({
  rate: median(rounds.map((r) => r.rate)),
  cpuRate: median(rounds.map((r) => r.cpuRate)),
  rounds: rounds.map((r) => r.rate),
  cpuRounds: rounds.map((r) => r.cpuRate),
});
results.reference = {
  network: shapeLabel(REFERENCE.hidden, REFERENCE.batch),
  flopsPerStep: refFlops,
  wasm: overRounds(wasmRounds),
  native: overRounds(nativeRounds),
  tfjs: tfjsBest ? { backend: tfjsBest.backend, loop: tfjsBest.loop, ...overRounds(tfjsRounds) } : null,
};

// 4. Decision grids of the default page: both runs' 256 x 256 grids.
noteLoad('decision grids');
const defaultConfig = bnlab.presetConfig('default');
const gw = benchWasmGrid(bnlab, defaultConfig, { side: 256, repeatS: T.gridRepeat });
const gn = nativeJson('grid', defaultConfig, T.gridRepeat, 256);
results.grid = { preset: 'default', side: 256, runs: gw.runs, wasm: gw, native: gn };

// 5. Scaling: one axis at a time around the reference.
noteLoad('scaling');
results.scaling = [];
for (const c of scalingCases()) {
  if (c.axis === 'reference') {
    results.scaling.push({ ...c, flops: refFlops, wasm: results.reference.wasm, native: results.reference.native });
    continue;
  }
  const flops = flopsPerStep(c);
  const chunk = Math.max(1, Math.min(1000, Math.floor(4e7 / flops)));  // ~10-40 ms per call
  const config = labConfig(c);
  const w = benchWasmSteps(bnlab, config, { chunk, repeatS: T.scaleRepeat, warmupS: T.scaleWarm });
  const n = nativeJson('steps', config, T.scaleRepeat, chunk, 3, T.scaleWarm);
  log(`${c.label}: WASM ${w.rate.toFixed(0)}, native ${n.rate.toFixed(0)} steps/s`);
  results.scaling.push({ ...c, flops, wasm: w, native: n });
}

// 6. The page in headless Chromium.
results.page = [];
if (!args.has('--no-page')) {
  noteLoad('page in headless Chromium');
  try {
    const { benchPage } = await import('./page_bench.mjs');
    const presets = JSON.parse(bnlab.presets()).map((p) => p.name ?? p);
    const race = presets.find((p) => /race|learning.?rate/i.test(p));
    results.page = await benchPage({
      dist: path.join(ROOT, 'dist'), repoRoot: ROOT, presets: ['default', ...(race ? [race] : [])], windowS: T.pageWindow,
    });
    for (const p of results.page) for (const problem of p.problems) log(`page error (${p.preset}): ${problem}`);
  } catch (err) {
    results.pageError = String(err.message || err);
    log(`page benchmark skipped: ${results.pageError}`);
  }
}
noteLoad('end');
results.loads = loads;

// ---- report ---------------------------------------------------------------------

const bestTfjs = results.reference.tfjs;
const wasmRef = results.reference.wasm;
const nativeRef = results.reference.native;
const gflops = (rate, flops) => ((rate * flops) / 1e9).toFixed(3);
const sections = [];

sections.push(`Machine: ${results.machine.nproc} cores, ${results.machine.cpu}; node ${results.machine.node}; ${results.machine.emcc}`);
sections.push('Load average (1/5/15 min) at each phase; with more than '
  + `${results.machine.nproc} runnable jobs the wall-clock rates fall and the per-CPU-second rates are the steadier figure:\n`
  + loads.map((l) => `  ${l.phase}: ${l.load}`).join('\n'));

const refRows = [];
for (const r of results.tfjs) {
  refRows.push([`TF.js 4.22 ${r.backend} (${r.loop} loop), alone`, fmt.rate(r.rate), fmt.rate(r.cpuRate), gflops(r.rate, refFlops), fmt.ratio(wasmRef.cpuRate / r.cpuRate)]);
}
if (bestTfjs) {
  refRows.push([`TF.js 4.22 ${bestTfjs.backend} (${bestTfjs.loop} loop), rounds`, fmt.rate(bestTfjs.rate), fmt.rate(bestTfjs.cpuRate),
    gflops(bestTfjs.rate, refFlops), fmt.ratio(wasmRef.cpuRate / bestTfjs.cpuRate)]);
}
refRows.push(['BN Lab WASM (Node)', fmt.rate(wasmRef.rate), fmt.rate(wasmRef.cpuRate), gflops(wasmRef.rate, refFlops), '1']);
refRows.push(['BN Lab native', fmt.rate(nativeRef.rate), fmt.rate(nativeRef.cpuRate), gflops(nativeRef.rate, refFlops), fmt.ratio(wasmRef.cpuRate / nativeRef.cpuRate)]);
const rounds = (r) => r.rounds.map((x) => x.toFixed(0)).join(' ');
sections.push(`Reference network ${results.reference.network} (BN before ReLU, SGD, BCE), ${refFlops.toLocaleString('en-US')} FLOP/step\n`
  + `(TF.js "alone": each backend and loop timed on its own, first; "rounds" and BN Lab: median of ${T.refRounds} rounds\n`
  + ` interleaving WASM, native and the fastest TF.js. WASM rounds: ${rounds(wasmRef)}; native: ${rounds(nativeRef)}`
  + `${bestTfjs ? `; TF.js: ${rounds(bestTfjs)}` : ''})\n`
  + table(['implementation', 'steps/s', 'steps/CPU-s', 'GFLOP/s', 'WASM / this, per CPU-s'], refRows));

const cells = 256 * 256 * gw.runs;
const gridRow = (name, g) => [name, (1000 / g.rate).toFixed(1), (1000 / g.cpuRate).toFixed(1), fmt.rate(g.rate * cells)];
sections.push(`Decision grids, default preset: ${gw.runs} runs x 256 x 256 cells (inference mode)\n`
  + table(['engine', 'ms for both grids', 'CPU ms', 'class probabilities/s'], [gridRow('BN Lab WASM', gw), gridRow('BN Lab native', gn)])
  + `\nWASM / native: ${fmt.ratio(gw.rate / gn.rate)} (per CPU-second: ${fmt.ratio(gw.cpuRate / gn.cpuRate)})`);

sections.push('Scaling (one axis at a time around the reference; FLOP counting in bench/common.mjs; GFLOP/s per CPU-second)\n'
  + table(['network', 'axis', 'FLOP/step', 'WASM steps/s', 'WASM GFLOP/s', 'native steps/s', 'native GFLOP/s', 'WASM/native', 'per CPU-s'],
    results.scaling.map((s) => [s.label, s.axis, s.flops.toLocaleString('en-US'), fmt.rate(s.wasm.rate), gflops(s.wasm.cpuRate, s.flops),
      fmt.rate(s.native.rate), gflops(s.native.cpuRate, s.flops), fmt.ratio(s.wasm.rate / s.native.rate),
      fmt.ratio(s.wasm.cpuRate / s.native.cpuRate)])));

if (results.page.length) {
  sections.push('The page in headless Chromium (training in a worker, boundaries and charts animating)\n'
    + table(['preset', 'runs', 'speed asked', 'steps/s per run', 'fps', 'redraws/s', 'longest task ms'],
      results.page.map((p) => [p.preset, p.runs, p.requested, fmt.rate(p.stepsPerSecPerRun), p.fps, p.boundaryRedrawsPerSec, p.longestTaskMs])));
} else {
  sections.push(`The page in headless Chromium: not measured${results.pageError ? ` (${results.pageError})` : ''}`);
}

// The ratios: per round (the three measured within seconds of each other),
// then the median over rounds. The two lines scripts read use CPU time: on this
// shared machine a wall-clock rate mostly measures the scheduler's share.
const perRound = (a, b, key) => median(a.map((r, k) => r[key] / b[k][key]));
results.ratios = {
  wasmOverTfjs: bestTfjs ? perRound(wasmRounds, tfjsRounds, 'cpuRate') : NaN,
  wasmOverNative: perRound(wasmRounds, nativeRounds, 'cpuRate'),
  wasmOverTfjsWall: bestTfjs ? perRound(wasmRounds, tfjsRounds, 'rate') : NaN,
  wasmOverNativeWall: perRound(wasmRounds, nativeRounds, 'rate'),
};
const ratioTfjs = results.ratios.wasmOverTfjs;
const ratioNative = results.ratios.wasmOverNative;
const summary = [
  ['BN Lab WASM (reference network)', fmt.rate(wasmRef.rate), fmt.rate(wasmRef.cpuRate), ''],
  ['BN Lab native', fmt.rate(nativeRef.rate), fmt.rate(nativeRef.cpuRate), ''],
  ['best TF.js', bestTfjs ? fmt.rate(bestTfjs.rate) : '-', bestTfjs ? fmt.rate(bestTfjs.cpuRate) : '-',
    bestTfjs ? `${bestTfjs.backend} backend, ${bestTfjs.loop} loop` : 'not run'],
  ['WASM / best TF.js', fmt.ratio(results.ratios.wasmOverTfjsWall), fmt.ratio(ratioTfjs), 'goal >= 150'],
  ['WASM / native', results.ratios.wasmOverNativeWall.toFixed(2), ratioNative.toFixed(2), 'goal >= 0.8'],
];
sections.push(`Summary: steps/s by wall clock and per CPU-second, medians over the ${T.refRounds} rounds; ratios are\n`
  + 'medians of per-round ratios. The two lines below are the per-CPU-second ratios.\n'
  + table(['measure', 'wall clock', 'per CPU-s', 'note'], summary));

// The last table, then exactly the two lines scripts read.
const text = [sections.join('\n\n'),
  `wasm/tfjs ratio: ${ratioTfjs.toFixed(1)}`,
  `wasm/native ratio: ${ratioNative.toFixed(2)}`].join('\n');
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(path.join(OUT_DIR, 'results.md'), text + '\n');
console.log(text);
