// An independent forward pass, in double, over the parameters a `bnlab run
// --trace` recorded: what the engine's own layers must have computed. The
// Node and browser tests compare the inspector's numbers and the report's
// pre-activation percentiles with it, so a bug in the engine's batch-norm
// layer shows (recomputing from the inspector's own numbers could not see it).
//
// Batch norm uses the statistics of the batch it is given (mean and biased
// variance), as the engine's probe forward and the inspector do.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');

// The trace of `bnlab run --preset PRESET --steps STEPS --set ...`.
export function traceOf(preset, steps, sets = []) {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: build the native CLI first (./build.sh cli)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-trace-'));
  try {
    const file = path.join(dir, 'trace.json');
    const args = ['run', '--preset', preset, '--steps', String(steps), '--trace', file];
    for (const s of sets) args.push('--set', s);
    execFileSync(CLI, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return JSON.parse(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ACTIVATIONS = {
  relu: () => (z) => Math.max(z, 0),
  leaky_relu: (layer) => (z) => (z > 0 ? z : layer.slope * z),
  tanh: () => Math.tanh,
  sigmoid: () => (z) => 1 / (1 + Math.exp(-z)),
  linear: () => (z) => z,
};

// Forward of examples (indices into run.train_x) through run.final_layers.
// Returns, per batch-norm layer, its input rows z[unit][example] with gamma,
// beta and eps; and per hidden layer its pre-activations (the input of its
// activation function), pooled over units and examples.
export function forward(run, examples) {
  let a = examples.map((i) => run.train_x[i].slice());  // a[example][feature]
  const bn = [], preact = [];
  for (const layer of run.final_layers) {
    if (layer.type === 'dense') {
      a = a.map((v) => layer.weight.map((row, o) =>
        row.reduce((sum, w, i) => sum + w * v[i], layer.bias ? layer.bias[o] : 0)));
    } else if (layer.type === 'batchnorm') {
      const z = layer.gamma.map((_, f) => a.map((v) => v[f]));
      bn.push({ z, gamma: layer.gamma, beta: layer.beta, eps: layer.eps });
      z.forEach((values, f) => {
        const { mu, variance } = moments(values);
        a.forEach((v, j) => { v[f] = layer.gamma[f] * (values[j] - mu) / Math.sqrt(variance + layer.eps) + layer.beta[f]; });
      });
    } else if (layer.type === 'activation') {
      preact.push(a.flat());
      const g = ACTIVATIONS[layer.fn](layer);
      a = a.map((v) => v.map(g));
    } else {
      throw new Error(`unknown layer type ${layer.type}`);
    }
  }
  return { bn, preact, output: a };
}

// Mean and biased variance.
export function moments(values) {
  const mu = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mu) ** 2, 0) / values.length;
  return { mu, variance };
}

// numpy's default percentile: linear between order statistics.
export function percentile(values, q) {
  const v = [...values].sort((x, y) => x - y);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < v.length ? v[lo] + (pos - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

// The inspector's numbers for (bn, unit) on the run's last recorded batch.
export function expectedInspect(run, bnIndex, unit) {
  const examples = run.steps[run.steps.length - 1].batch;
  const layer = forward(run, examples).bn[bnIndex];
  const z = layer.z[unit];
  const { mu, variance } = moments(z);
  const zNorm = z.map((v) => (v - mu) / Math.sqrt(variance + layer.eps));
  return {
    examples, z, mu, var: variance, eps: layer.eps, gamma: layer.gamma[unit], beta: layer.beta[unit], zNorm,
    zTilde: zNorm.map((v) => layer.gamma[unit] * v + layer.beta[unit]),
  };
}

// The report's preact ([p15, p50, p85] per hidden layer) on the probe batch:
// the first min(256, train size) training examples.
export function expectedPreact(run) {
  const probe = [...Array(Math.min(256, run.train_x.length)).keys()];
  return forward(run, probe).preact.map((values) => [0.15, 0.5, 0.85].map((q) => percentile(values, q)));
}

// Asserts every number of `actual` is within `tol` (relative, floor 1) of
// `expected`, key by key (arrays element by element); `what` names the check.
export function assertClose(assert, actual, expected, what, tol = 1e-4) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length,
      `${what}: ${actual?.length} values, expected ${expected.length}`);
    expected.forEach((e, i) => assertClose(assert, actual[i], e, `${what}[${i}]`, tol));
  } else if (typeof expected === 'object') {
    for (const key of Object.keys(expected)) assertClose(assert, actual?.[key], expected[key], `${what}.${key}`, tol);
  } else {
    assert.ok(Number.isFinite(actual) && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
      `${what}: ${actual}, expected ${expected}`);
  }
}
