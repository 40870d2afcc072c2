// Limits on a config as a whole (issue 12, item 9): the hostile
// configs, which ran at 4.6 GB for minutes (and died of bad_alloc with 16
// runs), are refused before anything is built: by the CLI with exit status 2
// and one line, by the WASM module with an error value, by the page's hash
// path with a message. A config at the limit is accepted. (The times and
// memory at the limit are measured by bench/config_limits.mjs, not here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, configWith, loadBnlab, makeLab } from './bnlab_module.mjs';

const CLI = path.resolve(REPO_ROOT, process.env.BNLAB_CLI || 'build/native/bnlab');
const bnlab = await loadBnlab();

const HOSTILE = ['model.hidden=512,512,512,512,512,512,512,512,512,512,512,512', 'data.points=20000',
  'data.test_fraction=0.05', 'train.batch_size=19000'];
const RUNS16 = `runs=${JSON.stringify(Array.from({ length: 16 }, (_, i) => ({ name: `r${i}` })))}`;
const TOO_LARGE = /^experiment: too large: about .* of memory, .* per step and .* per snapshot \(allowed: up to .*\); reduce model\.hidden/;

test('the CLI refuses the hostile configs with exit status 2 and one line', () => {
  assert.ok(existsSync(CLI), `${CLI} not found: build the native CLI first`);
  for (const sets of [HOSTILE, [...HOSTILE, RUNS16], [...HOSTILE, RUNS16, 'model.batchnorm=true']]) {
    const args = ['run', '--steps', '5'];
    for (const s of sets) args.push('--set', s);
    const r = spawnSync(CLI, args, { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 2, `exit status (stderr: ${r.stderr})`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^bnlab: experiment: too large: about \d+(\.\d)? GB of memory/);
    assert.equal(r.stdout, '');
  }
  // The same through a preset with many runs, and with --steps and --seed given.
  const race = spawnSync(CLI, ['run', '--preset', 'learning-rate-race', '--set', 'model.hidden=512,512,512', '--steps', '3', '--seed', '4'],
    { encoding: 'utf8', timeout: 20000 });
  assert.equal(race.status, 2, race.stderr);
  assert.match(race.stderr, /^bnlab: experiment: too large/);
});

test('the WASM module refuses them with an error value, keeping the running experiment', (t) => {
  const lab = makeLab(t, bnlab, configWith(bnlab, 'default'));
  lab.step(4);
  const before = lab.config();
  for (const sets of [HOSTILE, [...HOSTILE, RUNS16]]) {
    const text = JSON.parse(bnlab.applySets('{}', JSON.stringify(sets))).json;
    assert.match(lab.configure(text), TOO_LARGE);
    const n = JSON.parse(bnlab.normalizeConfig(text));
    assert.equal(n.ok, false);
    assert.match(n.error, TOO_LARGE);
    assert.equal(JSON.parse(bnlab.applySets(text, '[]')).error, '', 'applySets only checks each setting alone');
  }
  assert.equal(lab.config(), before);
  assert.equal(lab.stepCount(), 4);
  // The page's hash path keeps the other settings and names the one that was too much.
  const lenient = JSON.parse(bnlab.applySetsLenient(bnlab.presetConfig('default'), JSON.stringify(['data.name=xor', ...HOSTILE])));
  assert.ok(lenient.errors.some((e) => /^model\.hidden: \[512,.*experiment: too large/.test(e)), lenient.errors.join('\n'));
  assert.equal(JSON.parse(lenient.json).data.name, 'xor');
  assert.equal(JSON.parse(bnlab.normalizeConfig(lenient.json)).ok, true);
});

test('a config at the limit is accepted and configures; its cost is within the exported limits', (t) => {
  const { limits } = JSON.parse(bnlab.schema());
  const base = { data: { points: 20000, test_fraction: 0.05 }, model: { hidden: [128, 128, 128], batchnorm: true } };
  const ok = (b) => JSON.parse(bnlab.normalizeConfig(JSON.stringify({ ...base, train: { batch_size: b } }))).ok;
  let lo = 2, hi = 19000;
  assert.ok(ok(lo) && !ok(hi));
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid; else hi = mid;
  }
  const text = JSON.stringify({ ...base, train: { batch_size: lo } });
  const { cost } = JSON.parse(bnlab.normalizeConfig(text)).derived;
  assert.ok(cost.stepFlops <= limits.maxStepFlops && cost.stepFlops > 0.99 * limits.maxStepFlops, JSON.stringify(cost));
  assert.ok(cost.snapshotFlops <= limits.maxSnapshotFlops && cost.bytes <= limits.maxBytes);
  const lab = makeLab(t, bnlab, text);
  lab.step(1);
  assert.equal(lab.stepCount(), 1);
  assert.equal(JSON.parse(lab.report()).runs.length, 2);
  assert.equal(lab.grid(0, limits.gridSide, limits.gridSide, 0).length, limits.gridSide ** 2);
});
