// Handles are freed: many configure/delete cycles do not grow the WASM heap.
// WebAssembly memory never shrinks, so a leak shows as growth of HEAPU8.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { configWith, loadBnlab } from './bnlab_module.mjs';

const bnlab = await loadBnlab();
// Large enough that a leaked experiment shows within a few cycles.
const BIG = configWith(bnlab, 'default', ['data.points=4000']);

const heapBytes = () => bnlab.HEAPU8.length;

function cycle(config) {
  const lab = new bnlab.Lab();
  assert.equal(lab.configure(config), '');
  lab.step(3);
  lab.grid(0, 48, 48, 0);
  lab.report();
  lab.delete();
}

test('50 Lab create/configure/delete cycles do not grow memory', () => {
  for (let i = 0; i < 5; i++) cycle(BIG);  // warm up: allocator pools, first growth
  const before = heapBytes();
  for (let i = 0; i < 50; i++) cycle(BIG);
  assert.equal(heapBytes(), before, `heap grew from ${before} to ${heapBytes()} bytes`);
});

test('50 configures of one Lab replace the experiment without growing memory', () => {
  const lab = new bnlab.Lab();
  try {
    for (let i = 0; i < 5; i++) assert.equal(lab.configure(BIG), '');
    const before = heapBytes();
    for (let i = 0; i < 50; i++) {
      assert.equal(lab.configure(BIG), '');
      lab.step(2);
      assert.notEqual(lab.configure('{"train": {"batch_size": 0}}'), '', 'a rejected config');
    }
    assert.equal(heapBytes(), before, `heap grew from ${before} to ${heapBytes()} bytes`);
  } finally {
    lab.delete();
  }
});

test('the measurement can see a leak: Labs never deleted do grow memory', () => {
  const before = heapBytes();
  const kept = [];
  for (let i = 0; i < 50 && heapBytes() === before; i++) {
    const lab = new bnlab.Lab();
    lab.configure(BIG);
    lab.step(1);
    kept.push(lab);
  }
  const grew = heapBytes() > before;
  for (const lab of kept) lab.delete();
  assert.ok(grew, `50 live experiments did not grow a ${before}-byte heap`);
});
