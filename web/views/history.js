// What the views plot over steps, one entry per snapshot, read from the
// engine's report: each run's pre-activation percentiles, batch-norm gamma
// and beta, and how far the running averages lag the batch statistics.
// Thinned like the loss history so long runs stay cheap.
const MAX_ENTRIES = 1500;

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

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
  const v = mean(lags);
  return Number.isFinite(v) ? v : null;
}

export class ViewHistory {
  constructor() {
    this.version = 0;
    this.clear();
  }

  clear() {
    this.entries = [];  // {step, runs: [{preact, gammaDev, betaAbs, lag, bn: [{gamma, beta}]}]}
    this.version += 1;
  }

  add(step, report) {
    const last = this.entries[this.entries.length - 1];
    if (last && step < last.step) this.entries = [];
    const entry = {
      step,
      runs: report.runs.map((r) => ({
        preact: Array.isArray(r.preact) ? r.preact : [],
        ...paramDrift(r.bn),
        lag: runningLag(r.bn),
        bn: Array.isArray(r.bn) ? r.bn.map((l) => ({ gamma: l.gamma, beta: l.beta })) : [],
        diverged: Boolean(r.diverged),
      })),
    };
    if (last && last.step === step) this.entries[this.entries.length - 1] = entry;
    else this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) {
      this.entries = this.entries.filter((_, i, a) => i % 2 === 0 || i === a.length - 1);
    }
    this.version += 1;
  }

  steps() {
    return this.entries.map((e) => e.step);
  }

  // One column per run: pick(runRecord) at every entry (null where missing).
  column(run, pick) {
    return this.entries.map((e) => {
      const r = e.runs[run];
      if (!r || r.diverged) return null;
      const v = pick(r);
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
  }

  first() { return this.entries[0] || null; }
  latest() { return this.entries[this.entries.length - 1] || null; }
}
