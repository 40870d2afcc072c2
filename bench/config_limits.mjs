// The whole-config limits measured in WASM: for several shapes of experiment,
// the largest config the engine accepts (found by bisection on one knob with
// normalizeConfig), then in a fresh module: the WASM heap after configure,
// steps, a report and the grids; one training step of all runs; one report;
// one 128 x 128 grid per run. Prints the engine's estimate beside each figure.
//
//   node bench/config_limits.mjs            (after ./build.sh web)
//
// The limits in engine/include/bnlab/config.hpp (limits::max_bytes,
// max_step_flops, max_snapshot_flops) were chosen from this table: at the
// limit a step should take at most about 30 ms, a snapshot (report + grids)
// about 1 s, and the heap about 256 MB. engine/src/config/cost.cpp and
// README.md keep the figures.
import { loadBnlab } from '../tests/node/bnlab_module.mjs';
import { median } from './common.mjs';

const runs = (n, set = {}) => Array.from({ length: n }, (_, i) => ({ name: `r${i}`, set }));

// One knob each, grown until the engine refuses.
export const FAMILIES = [
  { label: 'wide 3 x W, batch 128', base: { model: { hidden: [] }, train: { batch_size: 128 } }, knob: 'width3', lo: 1, hi: 512 },
  { label: '3 x 128 BN, 20000 points, batch B', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: [128, 128, 128], batchnorm: true } }, knob: 'batch', lo: 2, hi: 19000 },
  { label: '12 x 16 BN, batch B', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: Array(12).fill(16), batchnorm: true } }, knob: 'batch', lo: 2, hi: 19000 },
  { label: '12 x 4, batch B', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: Array(12).fill(4) } }, knob: 'batch', lo: 2, hi: 19000 },
  { label: 'no hidden layer, batch B, 16 runs', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: [] }, runs: runs(16) }, knob: 'batch', lo: 2, hi: 19000 },
  { label: 'tanh 4 x W, batch 128', base: { model: { hidden: [], activation: 'tanh' }, train: { batch_size: 128 } }, knob: 'width4', lo: 1, hi: 512 },
  { label: 'sigmoid 6 x 8 BN, 20000 points, batch B, 4 runs', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: Array(6).fill(8), activation: 'sigmoid', batchnorm: true }, runs: runs(4) }, knob: 'batch', lo: 2, hi: 19000 },
  { label: '16 runs 3 x 32 adam, batch B', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: [32, 32, 32] }, train: { optimizer: 'adam' }, runs: runs(16) }, knob: 'batch', lo: 2, hi: 19000 },
  { label: '2 x W, 20000 points (report)', base: { data: { points: 20000 }, model: { hidden: [] } }, knob: 'width2', lo: 1, hi: 512 },
  { label: '16 runs 4 x W BN (grids)', base: { model: { hidden: [], batchnorm: true }, runs: runs(16) }, knob: 'width4', lo: 1, hi: 512 },
  { label: '8 runs 1 x W, batch 19000 (memory)', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: [] }, train: { batch_size: 19000 }, runs: runs(8) }, knob: 'width1', lo: 1, hi: 512 },
  { label: '16 runs 12 x 8 BN, 20000 points, batch B (memory)', base: { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: Array(12).fill(8), batchnorm: true }, runs: runs(16) }, knob: 'batch', lo: 2, hi: 19000 },
];

function withKnob(family, v) {
  const c = structuredClone(family.base);
  const m = /^width(\d+)$/.exec(family.knob);
  if (m) c.model.hidden = Array(Number(m[1])).fill(v);
  else if (family.knob === 'batch') (c.train ??= {}).batch_size = v;
  return JSON.stringify(c);
}

function largestAccepted(bnlab, family) {
  const ok = (v) => JSON.parse(bnlab.normalizeConfig(withKnob(family, v))).ok;
  let lo = family.lo, hi = family.hi;
  if (!ok(lo)) throw new Error(`${family.label}: ${lo} is refused`);
  if (ok(hi)) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid; else hi = mid;
  }
  return lo;
}

// CPU milliseconds of this process: on a shared machine, wall time partly
// measures the scheduler's share; CPU time is what an idle core would take.
function time(fn) {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

export async function measure(config) {
  const bnlab = await loadBnlab();  // a fresh module: its heap is this experiment's alone
  const derived = JSON.parse(bnlab.normalizeConfig(config)).derived;
  const lab = new bnlab.Lab();
  const error = lab.configure(config);
  if (error) throw new Error(error);
  const n = lab.numRuns();
  lab.step(2);
  const steps = [];
  for (let i = 0; i < 9; i++) steps.push(time(() => lab.step(1)));
  const reports = [];
  for (let i = 0; i < 3; i++) reports.push(time(() => lab.report()));
  const grids = [];
  for (let i = 0; i < 3; i++) grids.push(time(() => { for (let r = 0; r < n; r++) lab.grid(r, 128, 128, 0); }));
  const heap = bnlab.HEAPU8.length;
  lab.delete();
  return { derived, heap, step: median(steps), report: median(reports), grids: median(grids) };
}

async function main() {
  const bnlab = await loadBnlab();
  const limits = JSON.parse(bnlab.schema()).limits;
  console.log(`limits: ${(limits.maxBytes / 2 ** 20).toFixed(0)} MB, ${limits.maxStepFlops.toExponential(1)} flops/step, ${limits.maxSnapshotFlops.toExponential(1)} flops/snapshot`);
  console.log('CPU milliseconds (process.cpuUsage), medians; estimates from normalizeConfig in parentheses');
  console.log('| experiment at the limit | knob | heap MB (est.) | step ms (est. Mflop, GFLOP/s) | report ms | grids ms | snapshot ms (est. Gflop, GFLOP/s) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const family of FAMILIES) {
    let v, m;
    try {
      v = largestAccepted(bnlab, family);
      m = await measure(withKnob(family, v));
    } catch (err) {
      console.log(`| ${family.label} | failed: ${String(err.message).slice(0, 200)} |`);
      continue;
    }
    const c = m.derived.cost;
    const snap = m.report + m.grids;
    console.log(`| ${family.label} | ${v} | ${(m.heap / 2 ** 20).toFixed(0)} (${(c.bytes / 2 ** 20).toFixed(0)}) | ` +
      `${m.step.toFixed(1)} (${(c.stepFlops / 1e6).toFixed(0)}, ${(c.stepFlops / m.step / 1e6).toFixed(1)}) | ` +
      `${m.report.toFixed(0)} | ${m.grids.toFixed(0)} | ${snap.toFixed(0)} (${(c.snapshotFlops / 1e9).toFixed(2)}, ${(c.snapshotFlops / snap / 1e6).toFixed(1)}) |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The module's glue rethrows uncaught errors with its whole source: say only what failed.
  process.on('uncaughtException', (err) => { console.error(String(err && err.message)); process.exit(1); });
  await main();
}
