// TF.js 4.22 in Node on the reference network, for the "wasm/tfjs" ratio.
//
// Fair to TF.js: the fastest manual loop we could write (no model.fit or
// trainOnBatch, whose per-call bookkeeping and async calls cost more),
// mini-batches made into tensors once up front (TF.js pays nothing for data,
// BN Lab copies each batch), a warm-up, then the median of timed repeats.
// Two loops, both measured, the best one counts:
//   layers  tf.layers model (dense no bias -> batchNormalization -> relu) x3 ->
//           dense(1), optimizer.minimize(() => loss(model.apply(x, {training})))
//   ops     the same network written with tf ops (matMul, moments, batchNorm,
//           relu) and tf.variableGrads via optimizer.minimize: no layer
//           machinery at all.
// Both update the BN running averages like BN Lab does (momentum 0.1).
import path from 'node:path';
import { createRequire } from 'node:module';

import { timeRate } from './common.mjs';

const require = createRequire(import.meta.url);

// Loads @tensorflow/tfjs (CPU backend, pure JS) and the WASM backend from
// node_modules; the .wasm binaries are read from disk, never fetched.
export async function loadTfjs() {
  const tf = require('@tensorflow/tfjs');
  const wasmBackend = require('@tensorflow/tfjs-backend-wasm');
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasmBackend.setWasmPaths(wasmDir + path.sep);
  // The multithreaded binary spawns workers from Blob URLs, which Node cannot
  // run; BN Lab is single-threaded too, so compare single-threaded SIMD.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // Production mode skips debug-only checks (a documented TF.js speed tip).
  tf.enableProdMode();
  return tf;
}

// Standardized training points (features in rows of 2) and labels -> batches.
function makeBatches(tf, { x, y }, batch) {
  const n = y.length;
  const count = Math.floor(n / batch);
  const batches = [];
  for (let b = 0; b < count; ++b) {
    const xs = x.subarray(2 * b * batch, 2 * (b + 1) * batch);
    const ys = Float32Array.from(y.subarray(b * batch, (b + 1) * batch));
    batches.push({ xs: tf.tensor2d(xs, [batch, 2]), ys: tf.tensor2d(ys, [batch, 1]) });
  }
  return batches;
}

function layersModel(tf, hidden) {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(tf.layers.dense({
      units, useBias: false, kernelInitializer: 'heNormal', ...(i === 0 ? { inputShape: [2] } : {}),
    }));
    // Keras momentum 0.99 means running = 0.99 * running + 0.01 * batch; 0.9 is
    // PyTorch's (and BN Lab's) 0.1.
    model.add(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    model.add(tf.layers.reLU());
  });
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.sgd(0.1);
  const loss = (xs, ys) => tf.losses.sigmoidCrossEntropy(ys, model.apply(xs, { training: true }));
  const step = (xs, ys) => tf.tidy(() => { optimizer.minimize(() => loss(xs, ys), false); });
  return { step, loss, dispose: () => { model.dispose(); optimizer.dispose(); } };
}

function opsModel(tf, hidden) {
  const widths = [2, ...hidden];
  const he = (i, o) => tf.variable(tf.randomNormal([i, o], 0, Math.sqrt(2 / i)));
  const layers = hidden.map((units, l) => ({
    w: he(widths[l], units),
    gamma: tf.variable(tf.ones([units])),
    beta: tf.variable(tf.zeros([units])),
    runMean: tf.variable(tf.zeros([units]), false),
    runVar: tf.variable(tf.ones([units]), false),
  }));
  const wOut = he(hidden[hidden.length - 1], 1);
  const bOut = tf.variable(tf.zeros([1]));
  const trainable = [...layers.flatMap((l) => [l.w, l.gamma, l.beta]), wOut, bOut];
  const optimizer = tf.train.sgd(0.1);
  const loss = (xs, ys) => {
    let h = xs;
    for (const l of layers) {
      const z = tf.matMul(h, l.w);
      const { mean, variance } = tf.moments(z, 0);
      h = tf.relu(tf.batchNorm(z, mean, variance, l.beta, l.gamma, 1e-5));
      // Running averages (not differentiated: the assigned values are outputs).
      const m = xs.shape[0];
      l.runMean.assign(tf.add(tf.mul(l.runMean, 0.9), tf.mul(mean, 0.1)));
      l.runVar.assign(tf.add(tf.mul(l.runVar, 0.9), tf.mul(variance, 0.1 * m / (m - 1))));
    }
    const logits = tf.add(tf.matMul(h, wOut), bOut);
    return tf.losses.sigmoidCrossEntropy(ys, logits);
  };
  const step = (xs, ys) => tf.tidy(() => { optimizer.minimize(() => loss(xs, ys), false, trainable); });
  return {
    step,
    loss,
    dispose: () => {
      for (const l of layers) for (const v of Object.values(l)) v.dispose();
      wOut.dispose(); bOut.dispose(); optimizer.dispose();
    },
  };
}

const LOOPS = { layers: layersModel, ops: opsModel };

// A trainer for one backend and loop: run(n) takes n steps; meanLoss() is the
// mean mini-batch loss over one pass of the batches (forward only). data: {x:
// Float32Array (2 per point, standardized), y: Int32Array}. Checks that a step
// leaves no tensors behind.
export async function createTfjsTrainer(tf, backend, loop, data, { hidden, batch }) {
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to start`);
  await tf.ready();
  const batches = makeBatches(tf, data, batch);
  const model = LOOPS[loop](tf, hidden);
  let next = 0;
  const run = (n) => {
    for (let s = 0; s < n; ++s) {
      const b = batches[next];
      next = (next + 1) % batches.length;
      model.step(b.xs, b.ys);
    }
  };
  const meanLoss = () => tf.tidy(() => {
    let sum = 0;
    for (const b of batches) sum += model.loss(b.xs, b.ys).dataSync()[0];
    return sum / batches.length;
  });
  const dispose = () => {
    model.dispose();
    for (const b of batches) { b.xs.dispose(); b.ys.dispose(); }
  };
  run(3);  // builds lazily created variables
  const tensorsBefore = tf.memory().numTensors;
  run(3);
  const leak = tf.memory().numTensors - tensorsBefore;
  if (leak > 0) {
    dispose();
    throw new Error(`TF.js ${backend}/${loop} leaks ${leak} tensors per 3 steps`);
  }
  return { backend, loop, run, meanLoss, dispose };
}

// Steps/s of one backend and loop (see timeRate in common.mjs). Also checks
// that the loop really trains: the mean batch loss must fall.
export async function benchTfjs(tf, backend, loop, data, shape, timing) {
  const trainer = await createTfjsTrainer(tf, backend, loop, data, shape);
  try {
    const lossBefore = trainer.meanLoss();
    const rate = timeRate(trainer.run, timing);
    const lossAfter = trainer.meanLoss();
    if (!(lossAfter < 0.8 * lossBefore)) {
      throw new Error(`TF.js ${backend}/${loop} does not train: loss ${lossBefore.toFixed(4)} -> ${lossAfter.toFixed(4)}`);
    }
    return { backend, loop, lossBefore, lossAfter, ...rate };
  } finally {
    trainer.dispose();
  }
}
