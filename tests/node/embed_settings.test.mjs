// A `set` command's settings, checked before they reach the engine
// (web/embed/settings.js): plain data only, read with a budget so a huge or
// deeply nested value from another page is refused without being walked whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SETTINGS, boundedJson, settingsToSets } from '../../web/embed/settings.js';

test('values become the JSON the engine\'s value codec reads', () => {
  assert.deepEqual(settingsToSets({ 'train.learning_rate': 0.3, seed: 7, 'data.name': 'moons', 'data.standardize': false, 'model.hidden': [16, 16] }).sets,
    ['train.learning_rate=0.3', 'seed=7', 'data.name="moons"', 'data.standardize=false', 'model.hidden=[16,16]']);
  assert.deepEqual(settingsToSets({ runs: [{ name: 'BN', set: { 'model.batchnorm': true } }] }).sets,
    ['runs=[{"name":"BN","set":{"model.batchnorm":true}}]']);
  // Text that looks like more settings stays one value.
  assert.deepEqual(settingsToSets({ 'data.name': 'moons&seed=3' }).sets, ['data.name="moons&seed=3"']);
});

test('one run\'s settings: run.<i>.<key> as JSON, run.<i>.name as its text (the engine reads it raw)', () => {
  assert.deepEqual(settingsToSets({ 'run.1.train.learning_rate': 0.3, 'run.0.model.activation': 'tanh', 'run.12.model.hidden': [8], 'run.2.name': 'BN, "fast"' }).sets,
    ['run.1.train.learning_rate=0.3', 'run.0.model.activation="tanh"', 'run.12.model.hidden=[8]', 'run.2.name=BN, "fast"']);
  const error = (settings) => settingsToSets(settings).error;
  assert.match(error({ 'run.0.name': 7 }), /^set: run\.0\.name: a run's name is text/);
  assert.match(error({ 'run.0.name': 'x'.repeat(1001) }), /^set: run\.0\.name: the value is longer than 1000 characters$/);
  for (const key of ['run.01.train.learning_rate', 'run.100.seed', 'run.-1.seed', 'run..seed', 'run.0.', 'run.0.a.b.c', 'run.x.seed.y']) {
    assert.match(error({ [key]: 1 }), /is not a setting's dotted key \(such as train\.learning_rate or run\.1\.train\.learning_rate\)$/, key);
  }
});

test('shapes and keys that are not settings are refused with one line', () => {
  const error = (settings) => settingsToSets(settings).error;
  assert.match(error([]), /^set: expected one object of settings/);
  assert.match(error(null), /^set: expected one object/);
  assert.match(error('seed=7'), /^set: expected one object/);
  assert.match(error({}), /^set: no settings given/);
  assert.match(error({ theme: 'dark' }), /^set: theme is a widget key/);
  assert.match(error({ preset: 'x' }), /^set: preset is not a setting \(use the openPreset command\)$/);
  assert.match(error({ 'view.unit': 3 }), /^set: "view\.unit" chooses a view/);
  assert.match(error(JSON.parse('{"__proto__": 1}')), /^set: "__proto__" is not a setting's dotted key/);
  assert.match(error({ 'a.b.c': 1 }), /not a setting's dotted key/);
  assert.match(error({ 'Train.rate': 1 }), /not a setting's dotted key/);
  const many = Object.fromEntries(Array.from({ length: MAX_SETTINGS + 1 }, (_, i) => [`data.k${i}`, i]));
  assert.match(error(many), /^set: more than 50 settings \(allowed: up to 50\)$/);
  for (const v of [NaN, Infinity, undefined, () => 1, 10n, Symbol('s'), new Date(0), new Map()]) {
    assert.match(error({ seed: v }), /^set: seed: the value is /, String(typeof v));
  }
});

test('a huge or deep value is refused after reading only a little of it', () => {
  assert.equal(boundedJson('x'.repeat(998)).text.length, 1000);
  assert.match(boundedJson('x'.repeat(999)).error, /longer than 1000 characters/);
  let deep = 1;
  for (let i = 0; i < 100000; i++) deep = [deep];  // JSON.stringify would overflow the stack
  assert.match(boundedJson(deep).error, /nested deeper than 6 levels/);
  // A long list is abandoned once the budget is spent: every element read
  // is counted, so a getter beyond the budget is never reached.
  let reads = 0;
  const huge = new Proxy(new Array(1e7).fill(1), { get(target, key) { if (/^\d+$/.test(String(key))) reads += 1; return target[key]; } });
  assert.match(boundedJson(huge).error, /longer than 1000 characters/);
  assert.ok(reads < 1000, `${reads} elements read`);
});
