// web/state.js on its own (no browser): the hash is split and joined as the
// page promises, and nothing in it can reach an object's prototype. (Which
// settings a link carries and how values are written is the engine's:
// tests/node/schema.test.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_HASH_LENGTH, buildHash, parseHash } from '../../web/state.js';

test('parseHash splits on & and the first =, decoding each part', () => {
  const r = parseHash('#preset=lr-race&data.name=spiral&model.hidden=16%2C8&note=a=b&&seed=7');
  assert.equal(r.preset, 'lr-race');
  assert.deepEqual(r.sets, ['data.name=spiral', 'model.hidden=16,8', 'note=a=b', 'seed=7']);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(parseHash(''), { preset: null, sets: [], view: [], widget: [], viewOptions: [], data: null, errors: [] });
  assert.deepEqual(parseHash('#'), { preset: null, sets: [], view: [], widget: [], viewOptions: [], data: null, errors: [] });
  // The learner's points travel apart from the config (web/data/codec.js).
  const d = parseHash('#data.name=custom&data.custom=1e-2,1e-2,AQo&seed=2');
  assert.deepEqual([d.sets, d.data], [['data.name=custom', 'seed=2'], '1e-2,1e-2,AQo']);
  // The view options are page keys, never config settings (web/export/view-keys.js).
  const v = parseHash('#seed=2&speed=300&discretize=1&batchstats=0');
  assert.deepEqual([v.sets, v.viewOptions], [['seed=2'], [['speed', '300'], ['discretize', '1'], ['batchstats', '0']]]);
});

test('parseHash reports malformed items and keeps the rest', () => {
  const r = parseHash('data.name=%E0%A4%A&seed=3&%zz=1&lonely&=5');
  assert.deepEqual(r.sets, ['seed=3']);
  assert.equal(r.errors.length, 4);
  assert.match(r.errors[0], /malformed %-encoding/);
  assert.match(r.errors[2], /expected key=value/);
  // A '+' is a plus (a hash is not a form): 1e+3 stays 1e+3.
  assert.deepEqual(parseHash('train.l2=1e+3').sets, ['train.l2=1e+3']);
});

test('parseHash refuses an overlong hash whole, and quotes long text briefly', () => {
  const r = parseHash('seed=' + '9'.repeat(MAX_HASH_LENGTH));
  assert.deepEqual(r.sets, []);
  assert.equal(r.errors.length, 1);
  const long = parseHash('x'.repeat(500));
  assert.ok(long.errors[0].length < 120, long.errors[0]);
});

test('hostile keys stay text', () => {
  const r = parseHash('__proto__=1&constructor=2&__proto__.polluted=3&preset=__proto__');
  assert.deepEqual(r.sets, ['__proto__=1', 'constructor=2', '__proto__.polluted=3']);
  assert.equal(r.preset, '__proto__');
  assert.equal(({}).polluted, undefined);
});

test('buildHash writes the preset, the engine\'s changed settings and the view items, readably', () => {
  assert.equal(buildHash('default', []), '');
  assert.equal(buildHash('lr-race', []), '#preset=lr-race');
  assert.equal(buildHash('default', [['seed', '7'], ['data.name', 'moons'], ['model.hidden', '8,8,8']]),
    '#seed=7&data.name=moons&model.hidden=8,8,8');
  const runs = [['runs', '[{"name":"b & c","set":{}}]']];
  assert.equal(buildHash('default', runs, [['view', 'inspector']]),
    `#runs=${encodeURIComponent('[{"name":"b & c","set":{}}]').replace(/%3A/g, ':').replace(/%2C/g, ',')}&view=inspector`);
  // What buildHash writes, parseHash reads back.
  const back = parseHash(buildHash('lr-race', runs, [['view.unit', '3']]));
  assert.equal(back.preset, 'lr-race');
  assert.deepEqual(back.sets, ['runs=[{"name":"b & c","set":{}}]']);
  assert.deepEqual(back.view, [['view.unit', '3']]);
});

test('widget keys travel apart from the config and are validated like config keys', async () => {
  const { parseWidgetKeys } = await import('../../web/widget-keys.js');
  const parsed = parseHash('#theme=dark&train.learning_rate=0.3&embed=1&stop=40');
  assert.deepEqual(parsed.sets, ['train.learning_rate=0.3']);
  assert.deepEqual(parsed.widget, [['theme', 'dark'], ['embed', '1'], ['stop', '40']]);
  const good = parseWidgetKeys(parsed.widget);
  assert.deepEqual(good.errors, []);
  assert.equal(good.widget.theme, 'dark');
  assert.equal(good.widget.embed, true);
  assert.equal(good.widget.stop, 40);
  const bad = parseWidgetKeys([['theme', 'neon'], ['stop', '-3'], ['lang', 'xx'], ['origin', 'https://a.example/path']]);
  assert.equal(bad.errors.length, 4);
  assert.match(bad.errors[0], /^theme="neon": not allowed \(allowed: light, dark, projector, auto\); using the default$/);
  assert.equal(bad.widget.theme, 'auto');
  assert.equal(bad.widget.stop, null);
  assert.equal(bad.widget.lang, 'en');
  assert.equal(bad.widget.origin, null);
});
