// The WASM API cannot be aborted through its config bindings (issue 12, item
// 11): invalid UTF-8, ten thousand nested brackets, NUL bytes, duplicate
// keys. Each returns an error value; the module keeps answering afterwards,
// and its memory stays small.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const bnlab = await loadBnlab();
const DEFAULT = configWith(bnlab, 'default');
const heapBytes = () => bnlab.HEAPU8.length;

// Bytes that are not UTF-8 reach std::string from a Uint8Array (Embind
// passes its bytes as they are). Before, the error path echoed them back
// through a strict dump() and called abort(), leaking stack each time.
const enc = new TextEncoder();
const bytes = (...parts) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...enc.encode(p)] : p)));
const BAD = [0xff, 0xfe];              // never UTF-8
const SURROGATE = [0xed, 0xa0, 0x80];  // U+D800 encoded: not UTF-8 either

function stillWorks(t) {
  const lab = makeLab(t, bnlab, DEFAULT);
  lab.step(3);
  assert.equal(lab.stepCount(), 3);
  assert.equal(JSON.parse(bnlab.applySets('{}', '["seed=5"]')).error, '');
}

test('invalid UTF-8 through every config binding is an error value, many times over', (t) => {
  for (let i = 0; i < 100; i++) {  // 2,200 calls: an abort leaked stack, and a few hundred exhausted it
    for (const junk of [BAD, SURROGATE]) {
      const a = JSON.parse(bnlab.applySets(bytes('{"seed": "', junk, '"}'), '[]'));
      assert.match(a.error, /^invalid JSON/);
      assert.equal(typeof a.json, 'string');
      const b = JSON.parse(bnlab.applySets('{}', bytes('["data.name=', junk, '"]')));
      assert.match(b.error, /^sets: .*invalid JSON/);
      const c = JSON.parse(bnlab.applySetsLenient(bytes('{"x": "', junk, '"}'), '["seed=3"]'));
      assert.equal(c.errors.length, 1);
      assert.match(c.errors[0], /invalid JSON.*using the defaults/);
      assert.equal(JSON.parse(c.json).seed, 3);
      assert.equal(JSON.parse(bnlab.normalizeConfig(bytes('{"seed": "', junk, '"}'))).ok, false);
      assert.equal(JSON.parse(bnlab.valueFromText('data.name', bytes(junk))).ok, false);
      assert.equal(JSON.parse(bnlab.valueFromText(bytes(junk), '1')).ok, false);
      assert.equal(JSON.parse(bnlab.valueToText(bytes(junk), '1')).ok, false);
      assert.match(JSON.parse(bnlab.changedSettings(bytes(junk), '{}')).error, /^base:/);
      assert.match(JSON.parse(bnlab.changedSettings('{}', bytes(junk))).error, /invalid JSON/);
    }
  }
  const lab = makeLab(t, bnlab, DEFAULT);
  assert.match(lab.configure(bytes('{"runs": [{"name": "', BAD, '"}]}')), /invalid JSON/);
  // Lone surrogates in JS strings: Emscripten pairs them with the next code
  // unit; whatever results is refused or read, never a crash.
  const lone = String.fromCharCode(0xd800);
  assert.equal(typeof JSON.parse(bnlab.applySets('{}', `["${lone}=1"]`)).error, 'string');
  assert.equal(typeof JSON.parse(bnlab.applySets(`{"seed": 1}${lone}`, '[]')).error, 'string');
  stillWorks(t);
});

test('ten thousand nested brackets are refused at once, without growing memory', (t) => {
  const before = heapBytes();
  const deep = '['.repeat(10000) + ']'.repeat(10000);
  for (const call of [
    () => JSON.parse(bnlab.applySets('{}', deep)).error,
    () => JSON.parse(bnlab.applySetsLenient('{}', deep)).errors[0],
    () => JSON.parse(bnlab.applySets(deep, '[]')).error,
    () => JSON.parse(bnlab.normalizeConfig(deep)).error,
    () => JSON.parse(bnlab.changedSettings(deep, deep)).error,
    () => JSON.parse(bnlab.valueToText('model.hidden', deep)).error,
    () => makeLab(t, bnlab, DEFAULT).configure(deep),
  ]) {
    const error = call();
    assert.match(error, /nested more than 32 levels/);
    assert.ok(error.length < 400, error);
  }
  assert.match(JSON.parse(bnlab.valueFromText('model.hidden', deep)).error, /^"model\.hidden=.*too long/);
  assert.ok(heapBytes() - before < 16 * 2 ** 20, `heap grew by ${heapBytes() - before} bytes`);
  stillWorks(t);
});

test('NUL bytes, duplicate keys, rounded seeds, hidden characters and underflow are refused with a message', (t) => {
  const lab = makeLab(t, bnlab, DEFAULT);
  assert.match(lab.configure('{"seed":3}\u0000{{{garbage'), /^config: a NUL byte at character 11/);
  assert.match(lab.configure('{"seed": 3, "seed": 4}'), /^seed: given twice/);
  assert.match(lab.configure('{"seed": 9007199254740993.0}'), /^seed: .*out of range/);
  assert.match(lab.configure('{"runs": [{"name": "with\u202eNB"}]}'), /^runs\[0\]\.name: .*invisible character U\+202E/);
  assert.match(lab.configure('{"train": {"eps": 1e-46}}'), /^train\.eps: .*out of range/);
  assert.match(lab.configure('{"model": {"bn_eps": 1e-46}}'), /^model\.bn_eps: .*out of range/);
  assert.match(JSON.parse(bnlab.applySets('{}', JSON.stringify(Array(201).fill('seed=2')))).error, /too many/);
  assert.match(JSON.parse(bnlab.applySets('{}', `["${'x'.repeat(2 ** 21)}"]`)).error, /too long/);
  assert.equal(lab.stepCount(), 0, 'the running experiment is untouched');
  stillWorks(t);
});
