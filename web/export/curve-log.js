// The curves as the CLI records them (`bnlab run --every K --csv`): every
// run's train/test loss and accuracy at step 0 and every K steps, read from
// the engine's report at exactly those steps. Kept in the worker, beside the
// engine, because the page's History sees only the snapshots (about twenty a
// second, at whatever steps training has reached) and is thinned on long runs.
//
// K starts at the CLI's default (10) and doubles (the rows off the new cadence
// dropped) when a very long run would hold more than MAX_ROWS rows, or when
// recording would take more than a quarter of the worker's time at the speed
// playing asks for (coarsen(): the worker's RECORD_SHARE; many runs at
// thousands of steps a second).
// The log always matches `bnlab run --every K` for the K its rows show;
// single steps and step(n) never change K.
export const CLI_EVERY = 10;
export const MAX_ROWS = 20000;  // x runs x 4 numbers: at most ~5 MB with 8 runs

// [trainLoss, testLoss, trainAcc, testAcc] per run; null where not finite
// (the report's JSON null: a diverged run).
export function rowOf(report) {
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return report.runs.map((r) => [num(r.trainLoss), num(r.testLoss), num(r.trainAcc), num(r.testAcc)]);
}

export class CurveLog {
  constructor() {
    this.clear();
  }

  clear() {
    this.every = CLI_EVERY;
    this.rows = [];   // {step, runs: [[4 numbers]...]}, steps ascending, multiples of `every`
    this.names = [];
  }

  // Steps to take before the next recorded step, from `step` (>= 1).
  stepsToNext(step) {
    return this.every - (step % this.every);
  }

  // Records the engine's report (parsed) at `step`, if it is on the cadence.
  record(step, report) {
    if (step % this.every !== 0) return;
    const last = this.rows[this.rows.length - 1];
    if (last && last.step >= step) return;
    this.names = report.runs.map((r) => r.name);
    this.rows.push({ step, runs: rowOf(report) });
    if (this.rows.length > MAX_ROWS) this.coarsen();
  }

  // Doubles K, keeping only the rows on the new cadence.
  coarsen() {
    this.every *= 2;
    this.rows = this.rows.filter((r) => r.step % this.every === 0);
  }

  // What the CLI writes for `--steps step --every K`: the recorded rows up to
  // `step`, then the row at `step` itself (from `report`, the current state)
  // when it is off the cadence.
  table(step, report) {
    const rows = this.rows.filter((r) => r.step <= step);
    if (!rows.length || rows[rows.length - 1].step !== step) rows.push({ step, runs: rowOf(report) });
    return { every: this.every, names: report.runs.map((r) => r.name), rows };
  }
}
