// web/views/model.js on its own (no browser): each run and its network from
// the engine's description of the experiment (normalizeConfig's derived, from
// the built WASM module), and the checking of a (run, layer, unit) selection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRuns, bnRuns, checkSelection, networkSteps } from '../../web/views/model.js';
import { loadBnlab } from '../node/bnlab_module.mjs';

const bnlab = await loadBnlab();
const derivedOf = (config) => {
  const n = JSON.parse(bnlab.normalizeConfig(JSON.stringify(config)));
  assert.equal(n.ok, true, n.error);
  return n.derived;
};
const CONFIG = derivedOf({
  data: { standardize: true },
  model: { hidden: [16, 8], activation: 'relu', batchnorm: false, bn_placement: 'before' },
  train: { batch_size: 32 },
  runs: [
    { name: 'plain', set: { 'model.batchnorm': false } },
    { name: 'bn', set: { 'model.batchnorm': true } },
    { name: 'bn after', set: { 'model.batchnorm': true, 'model.bn_placement': 'after', 'train.batch_size': 8 } },
  ],
});

test('runs take the shared settings with their own overrides', () => {
  const runs = allRuns(CONFIG);
  assert.deepEqual(runs.map((r) => [r.name, r.batchnorm, r.placement, r.batchSize]),
    [['plain', false, 'before', 32], ['bn', true, 'before', 32], ['bn after', true, 'after', 8]]);
  assert.deepEqual(bnRuns(CONFIG), [1, 2]);
});

test('a selection that exists is kept; defaults are the first BN run, layer 0, unit 0', () => {
  assert.deepEqual(checkSelection(CONFIG, {}), { selection: { run: 1, layer: 0, unit: 0 }, errors: [] });
  assert.deepEqual(checkSelection(CONFIG, { run: '2', layer: '1', unit: '7' }).selection, { run: 2, layer: 1, unit: 7 });
});

test('each field that does not exist falls back with a message naming it', () => {
  const r = checkSelection(CONFIG, { run: 0, layer: 2, unit: 99 });
  assert.deepEqual(r.selection, { run: 1, layer: 0, unit: 0 });
  assert.equal(r.errors.length, 3);
  assert.match(r.errors[0], /^view\.run=0: run "plain" has no batch norm/);
  assert.match(r.errors[1], /^view\.layer=2: there is no such hidden layer/);
  assert.match(r.errors[2], /^view\.unit=99: hidden layer 0 has 16 units/);
  // Layer 1 has 8 units: unit 8 does not exist there.
  assert.match(checkSelection(CONFIG, { layer: 1, unit: 8 }).errors[0], /hidden layer 1 has 8 units/);
  for (const bad of ['-1', '1.5', '0x1', 'abc', '1e3', '__proto__', 7]) {
    const c = checkSelection(CONFIG, { run: bad });
    assert.equal(c.selection.run, 1, `run=${bad}`);
    assert.equal(c.errors.length, 1, `run=${bad}`);
  }
  assert.equal(checkSelection({ ...CONFIG, runs: [CONFIG.runs[0]] }, {}).selection.run, null, 'no BN run at all');
  assert.equal(checkSelection(null, {}).selection.run, null, 'no experiment yet');
});

test('the diagram: no bias before a BN, BN after g when placed after', () => {
  const [plain, bn, after] = allRuns(CONFIG).map((r) => networkSteps(r));
  assert.deepEqual(plain.layers.map((l) => l.map((s) => s.kind)), [['dense', 'act'], ['dense', 'act']]);
  assert.deepEqual(bn.layers.map((l) => [l[0].bias, ...l.map((s) => s.kind)]), [[false, 'dense', 'bn', 'act'], [false, 'dense', 'bn', 'act']]);
  assert.deepEqual(after.layers.map((l) => [l[0].bias, ...l.map((s) => s.kind)]), [[true, 'dense', 'act', 'bn'], [true, 'dense', 'act', 'bn']]);
  assert.equal(bn.output.bias, true);
  assert.equal(bn.output.units, 1);
  assert.equal(plain.inputs, 2);
  // Three classes: three logits out.
  const [blobs] = allRuns(derivedOf({ data: { name: 'blobs' }, model: { hidden: [4] }, runs: [{ name: 'x' }] })).map((r) => networkSteps(r));
  assert.equal(blobs.output.units, 3);
});
