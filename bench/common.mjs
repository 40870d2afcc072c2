// Shared by the benchmark parts: the reference network, the scaling cases,
// how FLOPs are counted, and how a rate is timed (warm-up, then the median of
// several timed repeats).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

// Reference network (issue 5): 2-16-16-16-1, BN before ReLU (dense layers
// feeding BN have no bias), batch 32, SGD lr 0.1, binary cross-entropy.
export const REFERENCE = { hidden: [16, 16, 16], batch: 32 };

// A one-run BN Lab config for a network shape. `points` is train + test; the
// training set (half) must hold at least one batch.
export function labConfig({ hidden, batch }) {
  const points = Math.max(1000, 4 * batch);
  return JSON.stringify({
    data: { name: 'circle', points },
    model: { hidden, batchnorm: true },
    train: { batch_size: batch, learning_rate: 0.1 },
    runs: [{ name: 'ref', set: {} }],
  });
}

// Scaling cases: one axis at a time around the reference (width, depth,
// batch), not the full cross product, so the whole bench stays within minutes.
export function scalingCases() {
  const cases = [];
  const add = (axis, hidden, batch) => cases.push({ axis, hidden, batch, label: shapeLabel(hidden, batch) });
  add('reference', REFERENCE.hidden, REFERENCE.batch);
  for (const w of [64, 256]) add('width', [w, w, w], 32);
  for (const d of [2, 4, 8]) add('depth', Array(d).fill(16), 32);
  for (const b of [8, 128, 512]) add('batch', REFERENCE.hidden, b);
  return cases;
}

export function shapeLabel(hidden, batch) {
  return `2-${hidden.join('-')}-1 b${batch}`;
}

// FLOPs of one training step (a multiply-add counts 2):
//   dense layer in x out, batch B: forward 2*B*in*out; backward 2*B*in*out for
//     dW and 2*B*in*out for dX, so 6*B*in*out (the usual "3 x forward"),
//     except the first layer, whose dX nobody needs (4*B*in*out); plus the
//     bias of the last layer: B*out forward, B*out backward.
//   batch norm over F features: forward ~8 per element (mean 1, variance 3,
//     normalize 2, scale/shift 2), backward ~10 per element (the two sums
//     sum(dy), sum(xhat*dy) 4, dx 5, dgamma/dbeta counted in the sums 1).
//   ReLU: 1 per element forward, 1 backward.
//   loss (sigmoid BCE on the logit): ~10 per example, negligible.
//   SGD: 2 per parameter (w -= lr * g).
export function flopsPerStep({ hidden, batch }) {
  const widths = [2, ...hidden, 1];
  let flops = 0;
  let params = 0;
  for (let l = 0; l + 1 < widths.length; ++l) {
    const [i, o] = [widths[l], widths[l + 1]];
    flops += (l === 0 ? 4 : 6) * batch * i * o;
    params += i * o;
    const last = l + 2 === widths.length;
    if (last) {
      flops += 2 * batch * o;
      params += o;
    } else {
      flops += (8 + 10 + 2) * batch * o;  // BN forward + backward, ReLU both ways
      params += 2 * o;  // gamma, beta
    }
  }
  flops += 10 * batch;
  flops += 2 * params;
  return flops;
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Times `run(n)` (n steps) synchronously: warm up for warmupS seconds, then
// `repeats` repeats of at least repeatS seconds each, each in chunks of
// `chunk` steps. Returns the median steps/s (wall clock) and every repeat's
// rate, and the same per second of this process's CPU time: on a machine
// shared with other jobs, CPU time is what the steps cost us, wall-clock time
// also counts the waits for a core.
export function timeRate(run, { chunk, warmupS = 1, repeatS = 1, repeats = 3 }) {
  const now = () => performance.now() / 1000;
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  let t0 = now();
  while (now() - t0 < warmupS) run(chunk);
  const rates = [];
  const cpuRates = [];
  for (let r = 0; r < repeats; ++r) {
    let steps = 0;
    t0 = now();
    const c0 = cpu();
    let elapsed = 0;
    while (elapsed < repeatS) {
      run(chunk);
      steps += chunk;
      elapsed = now() - t0;
    }
    rates.push(steps / elapsed);
    cpuRates.push(steps / Math.max(cpu() - c0, 1e-6));
  }
  return { rate: median(rates), rates, cpuRate: median(cpuRates), cpuRates };
}

export function loadAverage() {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

export function machine() {
  let cpu = 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  let emcc = 'unknown';
  try {
    const first = execFileSync('emcc', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
    emcc = `emscripten ${first.match(/\d+\.\d+\.\d+/)?.[0] ?? first.trim()}`;
  } catch { /* no emscripten on PATH */ }
  return { nproc: os.cpus().length, cpu, node: process.version, emcc };
}

export const fmt = {
  rate: (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)),
  ratio: (x) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3)),
};
