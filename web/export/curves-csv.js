// The curves in the CLI's `--csv` format (docs/DESIGN.md, the CLI contract):
// header `step,run,train_loss,test_loss,train_acc,test_acc`, numbers as C's
// printf("%.9g") writes them, an empty field where a run has diverged, run
// names quoted as the CLI quotes them. The rows come from the worker's
// CurveLog (./curve-log.js): the CLI's steps, not the page's snapshots.
export const CSV_HEADER = 'step,run,train_loss,test_loss,train_acc,test_acc';

const SIG = 9;  // significant digits of %.9g

// The double x exactly as M * 2^E (M a BigInt >= 0).
function exactParts(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0 ? { M: frac, E: -1074 } : { M: frac | (1n << 52n), E: exp - 1075 };
}

// Is |x| exactly halfway between n - 1 and n units of 10^k?
function isTie(x, n, k) {
  const { M, E } = exactParts(x);
  const big = (v) => BigInt(v);
  // |x| * 2 * 10^-k == 2n - 1, with every power moved to the side where it is whole.
  const e2 = E + 1;
  const left = M * (e2 >= 0 ? 2n ** big(e2) : 1n) * (k < 0 ? 10n ** big(-k) : 1n);
  const right = big(2 * n - 1) * (e2 < 0 ? 2n ** big(-e2) : 1n) * (k > 0 ? 10n ** big(k) : 1n);
  return left === right;
}

// printf("%.9g", x) for a finite x: correctly rounded, ties to even (as
// glibc and musl round), trailing zeros dropped, exponent of two digits or more.
export function formatG9(x) {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  // JavaScript rounds exactly too, but a tie goes to the larger digits.
  const [mant, expText] = Math.abs(x).toExponential(SIG - 1).split('e');
  let n = Number(mant.replace('.', ''));
  let X = Number(expText);
  if (n % 2 === 1 && isTie(x, n, X - (SIG - 1))) n -= 1;  // to even (n stays >= 10^8: it was odd)
  const digits = String(n);
  let text;
  if (X < -4 || X >= SIG) {
    const m = `${digits[0]}.${digits.slice(1)}`.replace(/\.?0+$/, '');
    text = `${m}e${X < 0 ? '-' : '+'}${String(Math.abs(X)).padStart(2, '0')}`;
  } else if (X >= 0) {
    text = `${digits.slice(0, X + 1)}.${digits.slice(X + 1)}`;
    text = text.replace(/\.?0+$/, '') || '0';
    if (text.endsWith('.')) text = text.slice(0, -1);
  } else {
    text = `0.${'0'.repeat(-X - 1)}${digits}`.replace(/0+$/, '');
  }
  return sign + text;
}

export function csvNumber(v) {
  return typeof v === 'number' && Number.isFinite(v) ? formatG9(v) : '';
}

// A run name as the CLI writes it: quoted when it holds , " CR or LF.
export function csvField(text) {
  const s = String(text);
  return /[,"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// table: {names, rows: [{step, runs: [[trainLoss, testLoss, trainAcc, testAcc]...]}]}.
export function curvesCsv(table) {
  const lines = [CSV_HEADER];
  for (const row of table.rows) {
    row.runs.forEach((values, i) => {
      lines.push([String(row.step), csvField(table.names[i] ?? ''), ...values.map(csvNumber)].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
