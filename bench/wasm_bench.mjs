// BN Lab's WebAssembly module in Node: training steps/s and decision grids,
// timed like the native binary (bench/common.mjs, bench/bench_native.cpp).
import { timeRate } from './common.mjs';

export { loadBnlab } from '../tests/node/bnlab_module.mjs';

function configuredLab(bnlab, configJson) {
  const lab = new bnlab.Lab();
  const error = lab.configure(configJson);
  if (error !== '') {
    lab.delete();
    throw new Error(`configure: ${error}`);
  }
  return lab;
}

// Steps/s of a one-run config; fails if the run diverged (it would stop
// training and make the rate meaningless).
export function benchWasmSteps(bnlab, configJson, { chunk, repeatS, repeats = 3, warmupS = 1 }) {
  const lab = configuredLab(bnlab, configJson);
  try {
    const result = timeRate((n) => lab.step(n), { chunk, warmupS, repeatS, repeats });
    const run = JSON.parse(lab.report()).runs[0];
    if (run.diverged || run.step !== lab.stepCount()) {
      throw new Error(`run diverged at step ${run.divergedStep}; rate not valid`);
    }
    return { ...result, steps: lab.stepCount() };
  } finally {
    lab.delete();
  }
}

// Grids per second: one unit = a side x side grid of every run (inference
// mode), as the page fills them. Only one cell of each view is read: the native
// side copies nothing either (the page's worker adds a .slice() per grid).
export function benchWasmGrid(bnlab, configJson, { side = 256, repeatS }) {
  const lab = configuredLab(bnlab, configJson);
  try {
    lab.step(100);
    const runs = lab.numRuns();
    let sink = 0;
    const result = timeRate((n) => {
      for (let k = 0; k < n; ++k) for (let r = 0; r < runs; ++r) sink += lab.grid(r, side, side, 0)[0];
    }, { chunk: 1, warmupS: 0.5, repeatS, repeats: 3 });
    if (!Number.isFinite(sink)) throw new Error('grid produced non-finite probabilities');
    return { ...result, runs, side };
  } finally {
    lab.delete();
  }
}

// The reference run's standardized training set, for TF.js to train on the
// same points: x as float32 pairs, y as 0/1.
export function trainingSet(bnlab, configJson) {
  const lab = configuredLab(bnlab, configJson);
  try {
    const raw = lab.trainX().slice();
    const y = lab.trainY().slice();
    const n = y.length;
    const x = new Float32Array(2 * n);
    for (let f = 0; f < 2; ++f) {
      let mean = 0;
      for (let i = 0; i < n; ++i) mean += raw[2 * i + f];
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; ++i) variance += (raw[2 * i + f] - mean) ** 2;
      const std = Math.sqrt(variance / n) || 1;
      for (let i = 0; i < n; ++i) x[2 * i + f] = (raw[2 * i + f] - mean) / std;
    }
    return { x, y };
  } finally {
    lab.delete();
  }
}
