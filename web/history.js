// Everything the page plots over steps, one entry per snapshot, read from the
// engine's report: each run's losses and accuracies (the charts), its
// pre-activation percentiles, batch-norm gamma and beta and how far the
// running averages lag the batch statistics (the lessons' views). Long runs
// are thinned (every other entry dropped) so the charts stay cheap to redraw
// however long training goes on.
const MAX_ENTRIES = 1500;
export const METRICS = ['trainLoss', 'testLoss', 'trainAcc', 'testAcc'];
export const MILESTONE_ACCURACY = 0.9;  // the CLI's summary uses the same mark

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// mean |gamma - 1| and mean |beta| over every BN unit of a run (null without BN).
export function paramDrift(bn) {
  if (!Array.isArray(bn) || bn.length === 0) return { gammaDev: null, betaAbs: null };
  const g = bn.flatMap((l) => l.gamma.map((v) => Math.abs(v - 1)));
  const b = bn.flatMap((l) => l.beta.map((v) => Math.abs(v)));
  return { gammaDev: mean(g), betaAbs: mean(b) };
}

// The running averages' lag at the last BN layer: mean over units of
// |runningMean - batchMean| / sqrt(batchVar), in batch standard deviations.
export function runningLag(bn) {
  if (!Array.isArray(bn) || bn.length === 0) return null;
  const l = bn[bn.length - 1];
  const lags = l.runningMean.map((m, u) => Math.abs(m - l.batchMean[u]) / Math.sqrt(Math.max(l.batchVar[u], 1e-12)));
  return finite(mean(lags));
}

function record(run) {
  const r = {
    diverged: Boolean(run.diverged),
    preact: Array.isArray(run.preact) ? run.preact : [],
    zBeforeBn: Array.isArray(run.zBeforeBn) ? run.zBeforeBn : [],
    ...paramDrift(run.bn),
    lag: runningLag(run.bn),
    // The last training mini-batch's mu and sigma^2 per unit too (the
    // mini-batch statistics view follows one unit's over steps).
    bn: Array.isArray(run.bn) ? run.bn.map((l) => ({ gamma: l.gamma, beta: l.beta, batchMean: l.batchMean, batchVar: l.batchVar })) : [],
  };
  for (const m of METRICS) r[m] = finite(run[m]);
  return r;
}

export class History {
  constructor() {
    this.version = 0;  // bumped by every change, so charts and views know when to redraw
    this.clear(0);
  }

  clear(runs = this.runs) {
    this.runs = runs;
    this.entries = [];  // {step, runs: [record...]}
    this.reached = Array.from({ length: runs }, () => null);  // first step seen at >= 90% test accuracy
    this.version += 1;
  }

  // Adds the report's values at its step (a repeated step replaces the last;
  // an earlier step means a new experiment).
  add(step, report) {
    if (report.runs.length !== this.runs) this.clear(report.runs.length);
    const last = this.entries[this.entries.length - 1];
    if (last && step < last.step) this.clear(this.runs);
    const entry = { step, runs: report.runs.map(record) };
    if (last && last.step === step) this.entries[this.entries.length - 1] = entry;
    else this.entries.push(entry);
    report.runs.forEach((run, r) => {
      if (this.reached[r] === null && run.testAcc >= MILESTONE_ACCURACY) this.reached[r] = step;
    });
    if (this.entries.length > MAX_ENTRIES) {
      this.entries = this.entries.filter((_, i, a) => i % 2 === 0 || i === a.length - 1);
    }
    this.version += 1;
  }

  steps() {
    return this.entries.map((e) => e.step);
  }

  // One column per run: pick(record) at every entry (null where missing,
  // not finite, or after the run diverged).
  column(run, pick) {
    return this.entries.map((e) => {
      const r = e.runs[run];
      if (!r || r.diverged) return null;
      return finite(pick(r));
    });
  }

  // uPlot data: x then, per run, the train and test series of one quantity.
  columns(trainMetric, testMetric) {
    const out = [this.steps()];
    for (let r = 0; r < this.runs; r++) out.push(this.column(r, (x) => x[trainMetric]), this.column(r, (x) => x[testMetric]));
    return out;
  }

  first() { return this.entries[0] || null; }
  latest() { return this.entries[this.entries.length - 1] || null; }
}
