// web/export/view-keys.js on its own (no browser): the view options a link
// carries are read strictly (one message naming the key and what is allowed;
// that option keeps its default) and written only when not the default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultViewOptions, parseViewOptions, viewOptionItems } from '../../web/export/view-keys.js';

test('good view options are read, defaults are not written', () => {
  const r = parseViewOptions([['speed', '3000'], ['discretize', 'true'], ['batchstats', '1']]);
  assert.deepEqual(r, { options: { speed: 3000, discretize: true, batchStats: true }, errors: [] });
  assert.deepEqual(viewOptionItems(r.options), [['speed', '3000'], ['discretize', '1'], ['batchstats', '1']]);
  assert.deepEqual(viewOptionItems(defaultViewOptions()), []);
  assert.deepEqual(parseViewOptions([['speed', '100'], ['discretize', '0']]).options, defaultViewOptions());
});

test('bad view options: one message each, the default kept', () => {
  const bad = [['speed', '7'], ['speed', '1e3'], ['speed', ' 300x'], ['speed', ''], ['discretize', 'yes'], ['batchstats', '2']];
  const r = parseViewOptions(bad);
  assert.deepEqual(r.options, defaultViewOptions());
  assert.equal(r.errors.length, bad.length);
  assert.equal(r.errors[0], 'speed="7": not allowed (allowed: 1, 3, 10, 30, 100, 300, 1000, 3000, 10000 steps per second)');
  assert.equal(r.errors[4], 'discretize="yes": not allowed (allowed: 1 or 0)');
  assert.equal(r.errors[5], 'batchstats="2": not allowed (allowed: 1 or 0)');
  // A long hostile value is quoted briefly.
  assert.ok(parseViewOptions([['speed', 'x'.repeat(5000)]]).errors[0].length < 160);
});
