// The longest uninterrupted pieces of work the worker does at the engine's
// heaviest configs (docs/RELIABILITY.md): one training step, one run's
// report (runReport), one 8-row band of a 128 x 128 grid (gridRows), and the
// one call that is not sliced, configure. CPU time of this process (the other
// jobs on a shared machine do not count), median of a few repetitions.
//   node bench/robust_slices.mjs
import { configWith, loadBnlab } from '../tests/node/bnlab_module.mjs';

const bnlab = await loadBnlab();
const cpuMs = (f) => { const t0 = process.cpuUsage(); f(); const d = process.cpuUsage(t0); return (d.user + d.system) / 1000; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const CONFIGS = [
  ['8-run race, hidden 16, 20000 points, batch 19000', 'learning-rate-race', ['model.hidden=16', 'data.points=20000', 'data.test_fraction=0.05', 'train.batch_size=19000']],
  ['3 x 265, batch 128', 'default', ['model.hidden=265,265,265']],
  ['16 runs 12 x 8 BN, batch 1800', 'default', ['model.hidden=8,8,8,8,8,8,8,8,8,8,8,8', 'model.batchnorm=true', 'data.points=20000', 'train.batch_size=1800',
    `runs=${JSON.stringify(Array.from({ length: 16 }, (_, i) => ({ name: `r${i}` })))}`]],
];
for (const [what, preset, sets] of CONFIGS) {
  const text = configWith(bnlab, preset, sets);
  const n = JSON.parse(bnlab.normalizeConfig(text));
  if (!n.ok) { console.log(`${what}: refused: ${n.error.slice(0, 120)}`); continue; }
  const lab = new bnlab.Lab();
  const configure = median([0, 1, 2].map(() => cpuMs(() => lab.configure(text))));
  const step = median([0, 1, 2, 3, 4].map(() => cpuMs(() => lab.step(1))));
  const report = median([0, 1, 2].map(() => cpuMs(() => lab.runReport(0))));
  const band = median([0, 1, 2].map((i) => cpuMs(() => lab.gridRows(0, 128, 128, 0, 8 * i, 8 * i + 8))));
  console.log(`${what}: configure ${configure.toFixed(0)} ms, step ${step.toFixed(1)} ms, one run's report ${report.toFixed(1)} ms, ` +
    `8-row grid band ${band.toFixed(1)} ms, WASM memory ${(bnlab.HEAPU8.length / 2 ** 20).toFixed(0)} MB`);
  lab.delete();
}
