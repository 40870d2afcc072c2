// The schema the engine exports to the page: the WASM module's schema() is the
// native build's, normalizeConfig() gives the config an experiment would run
// (without building one), its derived layers are the layers the engine builds
// (the CLI's trace), and the value codec and "changed settings" behave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const TESTS = path.join(path.dirname(CLI), 'bnlab_tests');

const bnlab = await loadBnlab();

function withTempDir(fn) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-schema-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the WASM schema() is the native build\'s, field for field', () => {
  assert.ok(existsSync(TESTS), `${TESTS} not found: build the native tests first`);
  const native = withTempDir((dir) => {
    const out = path.join(dir, 'schema.json');
    execFileSync(TESTS, ['[.schema-export]'], { env: { ...process.env, BNLAB_SCHEMA_OUT: out }, stdio: 'ignore' });
    return JSON.parse(readFileSync(out, 'utf8'));
  });
  const wasm = JSON.parse(bnlab.schema());
  assert.deepEqual(wasm, native);
  // And it says what the page needs.
  const keys = wasm.fields.map((f) => f.key);
  for (const k of ['seed', 'data.name', 'model.hidden', 'train.learning_rate', 'train.batch_size']) assert.ok(keys.includes(k), k);
  assert.ok(wasm.fields.find((f) => f.key === 'data.name').names.includes('custom'));
  assert.equal(wasm.limits.maxHiddenLayers, 12);
  assert.ok(wasm.limits.maxStepFlops > 0 && wasm.limits.maxSnapshotFlops > 0 && wasm.limits.maxBytes > 0);
});

test('normalizeConfig gives the config that configure() runs, for every preset and edited configs', (t) => {
  const configs = JSON.parse(bnlab.presets()).map((p) => bnlab.presetConfig(p.name));
  configs.push('{}', configWith(bnlab, 'default', ['data.name=blobs', 'model.hidden=8,4', 'train.optimizer=adam', 'seed=9']));
  configs.push(configWith(bnlab, 'learning-rate-race', ['data.points=1000', 'model.bn_placement=after']));
  for (const text of configs) {
    const n = JSON.parse(bnlab.normalizeConfig(text));
    assert.equal(n.ok, true, n.error);
    const lab = makeLab(t, bnlab, text);
    assert.deepEqual(n.config, JSON.parse(lab.config()));
    assert.equal(n.derived.trainSize, lab.trainX().length / 2);
    assert.equal(n.derived.testSize, lab.testX().length / 2);
    assert.equal(n.derived.classes, lab.classes());
    assert.equal(n.derived.runs.length, lab.numRuns());
    const report = JSON.parse(lab.report());
    n.derived.runs.forEach((run, i) => {
      assert.equal(run.name, report.runs[i].name);
      // A run's effective settings, as the engine runs them.
      assert.equal(run.settings['model.batchnorm'], report.runs[i].bn.length > 0);
      assert.equal(run.settings['data.standardize'], report.runs[i].standardized);
    });
  }
  const bad = JSON.parse(bnlab.normalizeConfig('{"train": {"batch_size": 0}}'));
  assert.equal(bad.ok, false);
  assert.match(bad.error, /^train\.batch_size:/);
  assert.equal(bad.config, null);
});

// The trace's layers: {"type":"dense","in","out","bias":[...]|null} etc.
function traceLayers(sets) {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first`);
  return withTempDir((dir) => {
    const trace = path.join(dir, 'trace.json');
    const args = ['run', '--steps', '1', '--trace', trace];
    for (const s of sets) args.push('--set', s);
    execFileSync(CLI, args, { stdio: 'ignore' });
    return JSON.parse(readFileSync(trace, 'utf8')).runs.map((r) => r.layers.map((L) => {
      if (L.type === 'dense') return { kind: 'dense', in: L.in, out: L.out, bias: L.bias !== null };
      if (L.type === 'batchnorm') return { kind: 'batchnorm', features: L.features };
      return { kind: 'activation', fn: L.fn };
    }));
  });
}

test('derived layers are the layers the engine builds (the trace), BN before, after and off', () => {
  const variants = [
    ['model.bn_placement=before'],
    ['model.bn_placement=after', 'model.activation=tanh'],
    ['model.batchnorm=false', 'data.name=blobs', 'model.hidden=5,3'],
  ];
  for (const extra of variants) {
    const sets = ['model.hidden=6,4', ...extra];
    const config = configWith(bnlab, 'default', sets);
    const derived = JSON.parse(bnlab.normalizeConfig(config)).derived;
    const traced = traceLayers(sets);
    assert.deepEqual(derived.runs.map((r) => r.layers), traced, sets.join(' '));
  }
  // The variants differ where they should: no bias before a BN, BN after g.
  const [before, after] = [['model.bn_placement=before'], ['model.bn_placement=after']]
    .map((s) => JSON.parse(bnlab.normalizeConfig(configWith(bnlab, 'default', s))).derived.runs[1].layers);
  assert.deepEqual(before.slice(0, 3).map((l) => l.kind), ['dense', 'batchnorm', 'activation']);
  assert.equal(before[0].bias, false);
  assert.deepEqual(after.slice(0, 3).map((l) => l.kind), ['dense', 'activation', 'batchnorm']);
  assert.equal(after[0].bias, true);
});

test('the value codec speaks the --set and URL-hash text, and checks the value', () => {
  const toText = (k, v) => JSON.parse(bnlab.valueToText(k, JSON.stringify(v)));
  const fromText = (k, t) => JSON.parse(bnlab.valueFromText(k, t));
  assert.deepEqual(toText('model.hidden', [16, 16, 16]), { ok: true, text: '16,16,16', error: '' });
  assert.equal(toText('model.hidden', []).text, '[]');
  assert.equal(toText('data.name', 'spiral').text, 'spiral');
  assert.equal(toText('model.batchnorm', true).text, 'true');
  assert.equal(toText('train.learning_rate', 0.3).text, '0.3');
  assert.deepEqual(fromText('model.hidden', '16,16,16'), { ok: true, value: [16, 16, 16], error: '' });
  assert.deepEqual(fromText('model.hidden', '[]').value, []);
  assert.equal(fromText('train.learning_rate', '0.3').value, 0.3);
  assert.equal(fromText('data.name', 'spiral').value, 'spiral');
  const bad = fromText('train.learning_rate', '-1');
  assert.equal(bad.ok, false);
  assert.match(bad.error, /^train\.learning_rate: -1 is out of range/);
  assert.match(toText('no.such', 1).error, /^no\.such: unknown key/);
});

test('changedSettings lists what differs from the base, readably, and the hash rebuilds the config', () => {
  const base = bnlab.presetConfig('default');
  assert.deepEqual(JSON.parse(bnlab.changedSettings(base, base)), []);
  const edited = configWith(bnlab, 'default', ['model.hidden=8,8,8', 'seed=7', 'data.name=moons', 'train.learning_rate=0.03']);
  const changes = JSON.parse(bnlab.changedSettings(base, edited));
  assert.deepEqual(changes, [['seed', '7'], ['data.name', 'moons'], ['model.hidden', '8,8,8'], ['train.learning_rate', '0.03']]);
  const withRuns = configWith(bnlab, 'default', ['runs=[{"name":"b & c","set":{"train.batch_size":8}}]']);
  assert.deepEqual(JSON.parse(bnlab.changedSettings(base, withRuns)), [['runs', '[{"name":"b & c","set":{"train.batch_size":8}}]']]);
  // What the page writes into a link, applySetsLenient reads back to the same config.
  const sets = changes.map(([k, v]) => `${k}=${v}`);
  const back = JSON.parse(bnlab.applySetsLenient(base, JSON.stringify(sets)));
  assert.deepEqual(back.errors, []);
  assert.deepEqual(JSON.parse(bnlab.normalizeConfig(back.json)).config, JSON.parse(bnlab.normalizeConfig(edited)).config);
  assert.match(JSON.parse(bnlab.changedSettings(base, '{"seed": -1}')).error, /^seed:/);
});

// The page's words for config keys (web/config-words.js) come from
// web/i18n/en.js: a label per engine key, words only for values the engine
// has. A new key fails here until its one label line is written.
test('every config key has a label in web/i18n/en.js, and every label and value word names the engine\'s', async () => {
  const { default: en } = await import('../../web/i18n/en.js');
  const fields = JSON.parse(bnlab.schema()).fields;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const unlabelled = fields.filter((f) => !Object.hasOwn(en, `label.${f.key}`)).map((f) => f.key);
  assert.deepEqual(unlabelled, [], 'add `label.<key>` lines to web/i18n/en.js (section "settings: config keys")');
  for (const key of Object.keys(en).filter((k) => k.startsWith('label.'))) {
    assert.ok(byKey.has(key.slice('label.'.length)), `${key}: the engine has no such config key`);
  }
  for (const key of Object.keys(en).filter((k) => k.startsWith('option.'))) {
    const rest = key.slice('option.'.length);
    const dot = rest.lastIndexOf('.');
    const field = byKey.get(rest.slice(0, dot));
    assert.ok(field && Array.isArray(field.names), `${key}: the engine has no such enum key`);
    assert.ok(field.names.includes(rest.slice(dot + 1)), `${key}: ${rest.slice(0, dot)} has no value ${rest.slice(dot + 1)} (${field.names})`);
  }
  assert.ok(fields.length >= 20 && Object.keys(en).filter((k) => k.startsWith('option.')).length >= 15);
});
