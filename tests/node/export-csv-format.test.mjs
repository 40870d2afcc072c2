// The page's curves CSV writes numbers as the CLI does, printf("%.9g"):
// checked against Python's own %-formatting (correctly rounded, ties to even,
// as glibc) on random doubles of every magnitude and on exact ties.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { csvField, curvesCsv, formatG9 } from '../../web/export/curves-csv.js';

function pythonG9(values) {
  const script = 'import sys\nfor line in sys.stdin: print("%.9g" % float.fromhex(line.strip()))';
  // Hex floats: the exact doubles, whatever Python's float parsing does.
  const hex = values.map((v) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    const sign = bits >> 63n ? '-' : '';
    const exp = Number((bits >> 52n) & 0x7ffn);
    const frac = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
    return exp === 0 ? `${sign}0x0.${frac}p-1022` : `${sign}0x1.${frac}p${exp - 1023}`;
  });
  const run = spawnSync('python3', ['-c', script], { input: hex.join('\n') + '\n', encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n');
}

test('formatG9 is printf("%.9g") on random doubles and exact ties', () => {
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const values = [0, 1, 0.5, 0.1, 1e-5, 1e-4, 0.0001234, 123456789, 1234567890, 99999999.95, 999999999.5, 0.9999999995,
    1 / 3, 2 / 3, 1e300, 5e-324, -0.25, -1234.5678];
  for (let i = 0; i < 3000; i++) values.push((rand() - 0.2) * 10 ** Math.floor(rand() * 24 - 12));
  for (let i = 0; i < 500; i++) values.push(rand());  // losses and accuracies live here
  // Accuracies k/n: exact ties at 9 digits for n = 1024 (e.g. 1023/1024 = 0.9990234375).
  for (const n of [512, 1024, 2048, 4096, 3, 7, 150, 160, 200]) for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 300))) values.push(k / n);
  const expected = pythonG9(values);
  const got = values.map(formatG9);
  const wrong = values.map((v, i) => [v, got[i], expected[i]]).filter(([, g, e]) => g !== e);
  assert.deepEqual(wrong.slice(0, 10), []);
  // Ties that round down are really among them (JavaScript alone rounds them up).
  const naive = (v) => String(Number(v.toPrecision(9)));
  const ties = values.filter((v, i) => v > 1e-4 && v < 1e9 && naive(v) !== expected[i]);
  assert.ok(ties.length >= 5, `only ${ties.length} ties that round down`);
  assert.equal(formatG9(1023 / 1024), '0.999023438');
});

test('curvesCsv: the CLI header, quoting and empty fields for a diverged run', () => {
  assert.equal(csvField('with BN'), 'with BN');
  assert.equal(csvField('a,"b"'), '"a,""b"""');
  const text = curvesCsv({ names: ['without BN', 'lr=0.3, BN'], rows: [
    { step: 0, runs: [[0.5, 0.25, 0.5, 0.125], [1, 2, 0, 1]] },
    { step: 10, runs: [[0.1, 0.2, 0.75, 0.8], [null, null, null, null]] },
  ] });
  assert.equal(text, 'step,run,train_loss,test_loss,train_acc,test_acc\n'
    + '0,without BN,0.5,0.25,0.5,0.125\n0,"lr=0.3, BN",1,2,0,1\n'
    + '10,without BN,0.1,0.2,0.75,0.8\n10,"lr=0.3, BN",,,,\n');
});
