// web/runs/ops.js: the runs arrays the page hands to the engine. The copies
// never share a `set` with the original, a null drops an own value, and a
// copy's name is free and within the engine's length limit (the engine then
// judges the whole config; these only build it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIndex, freeName, renamed, withCopy, withSettings, without } from '../../web/runs/ops.js';

const pair = () => [{ name: 'without BN', set: { 'model.batchnorm': false } }, { name: 'with BN', set: { 'model.batchnorm': true } }];

test('edits return new arrays and leave the given runs alone', () => {
  const runs = pair();
  const frozen = JSON.stringify(runs);
  const edited = withSettings(runs, 1, { 'train.learning_rate': 0.3, 'model.batchnorm': null });
  assert.deepEqual(edited[1], { name: 'with BN', set: { 'train.learning_rate': 0.3 } });
  assert.deepEqual(renamed(runs, 0, 'plain')[0].name, 'plain');
  const copied = withCopy(runs, 0, 'without BN copy');
  assert.deepEqual(copied.map((r) => r.name), ['without BN', 'without BN copy', 'with BN']);
  copied[1].set['train.l2'] = 1;
  assert.equal(copied[0].set['train.l2'], undefined, 'a copy has its own set');
  assert.deepEqual(without(runs, 0).map((r) => r.name), ['with BN']);
  assert.equal(JSON.stringify(runs), frozen);
});

test('indices outside the runs are named in the error', () => {
  assert.equal(checkIndex(pair(), 1), '');
  for (const bad of [2, -1, 0.5, '1', null]) assert.match(checkIndex(pair(), bad), /run index .* is not allowed \(allowed: an integer 0\.\.1\)/);
});

test('a copy gets a free name within the length limit', () => {
  assert.equal(freeName('with BN', ['with BN']), 'with BN copy');
  assert.equal(freeName('with BN', ['with BN', 'with BN copy']), 'with BN copy 2');
  assert.equal(freeName('with BN', ['with BN copy', 'with BN copy 2']), 'with BN copy 3');
  const long = 'x'.repeat(40);
  const name = freeName(long, [long], 32);
  assert.equal([...name].length, 32);
  const next = freeName(long, [long, name], 32);
  assert.equal([...next].length, 32);
  assert.match(next, / 2$/);
  assert.notEqual(next, name);
  // Characters, not UTF-16 units: a name of emoji is cut whole.
  const emoji = freeName('🙂'.repeat(40), [], 32);
  assert.equal([...emoji].length, 32);
  assert.ok(!/[\uD800-\uDBFF]$/.test(emoji), 'no half of a surrogate pair');
});
