// The pieces web/worker.js builds a snapshot from, so that pause, configure
// and reset are handled between them (issue 12, item 9): a grid in row bands
// (lab.gridRows) and a report run by run (lab.runReport) give exactly what the
// whole calls give, for every grid mode, two and more classes, and a
// diverged run.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const bnlab = await loadBnlab();

function banded(lab, run, w, h, mode, band) {
  const channels = lab.gridChannels();
  const out = new Float32Array(w * h * channels);
  for (let r0 = 0; r0 < h; r0 += band) {
    const r1 = Math.min(h, r0 + band);
    const rows = lab.gridRows(run, w, h, mode, r0, r1);
    assert.equal(rows.length, (r1 - r0) * w * channels);
    out.set(rows, r0 * w * channels);
  }
  return out;
}

const bits = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

const CASES = [
  ['the 8-run race', configWith(bnlab, 'learning-rate-race')],
  ['several classes (blobs), batch norm', configWith(bnlab, 'default', ['data.name=blobs', 'model.batchnorm=true'])],
  ['a diverging run', configWith(bnlab, 'default', ['train.learning_rate=10', 'model.batchnorm=false'])],
];

for (const [what, text] of CASES) {
  test(`${what}: gridRows bands and runReport equal grid and report bit for bit`, (t) => {
    const lab = makeLab(t, bnlab, text);
    lab.step(60);
    if (what.startsWith('several')) assert.ok(lab.gridChannels() > 1, 'more than two classes');
    for (let run = 0; run < lab.numRuns(); run++) {
      for (const mode of [0, 1, 2]) {
        const whole = lab.grid(run, 40, 30, mode).slice();
        for (const band of [1, 7, 30]) {
          assert.equal(bits(banded(lab, run, 40, 30, mode, band)), bits(whole), `run ${run} mode ${mode} band ${band}`);
        }
      }
    }
    const report = JSON.parse(lab.report());
    const pieces = Array.from({ length: lab.numRuns() }, (_, i) => JSON.parse(lab.runReport(i)));
    assert.deepEqual(pieces, report.runs);
    if (what === 'a diverging run') assert.ok(pieces.some((r) => r.diverged), 'a run diverged');
  });
}

test('out-of-range bands and runs give empty results, never a read past a buffer', (t) => {
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default'));
  for (const args of [[0, 10, 10, 0, -1, 2], [0, 10, 10, 0, 5, 11], [0, 10, 10, 0, 4, 4], [9, 10, 10, 0, 0, 2], [0, 10, 10, 3, 0, 2], [0, 0, 10, 0, 0, 2]]) {
    assert.equal(lab.gridRows(...args).length, 0, JSON.stringify(args));
  }
  assert.equal(lab.runReport(-1), '');
  assert.equal(lab.runReport(2), '');
  assert.equal(new bnlab.Lab().runReport(0), '');
});
