// Loss and accuracy of every run over steps, in uPlot's column layout
// ([steps, series...]). Long runs are thinned (every other point dropped) so
// the charts stay cheap to redraw however long training goes on.
const MAX_POINTS = 1500;
export const METRICS = ['trainLoss', 'testLoss', 'trainAcc', 'testAcc'];
export const MILESTONE_ACCURACY = 0.9;  // the CLI's summary uses the same mark

export class History {
  constructor() {
    this.version = 0;  // bumped by every change, so charts know when to redraw
    this.clear(0);
  }

  clear(runs) {
    this.runs = runs;
    this.steps = [];
    this.series = {};  // metric -> [run][point]
    for (const m of METRICS) this.series[m] = Array.from({ length: runs }, () => []);
    this.reached = Array.from({ length: runs }, () => null);  // first step seen at >= 90% test accuracy
    this.version += 1;
  }

  // Adds the report's values at its step (a repeated step replaces the last).
  add(step, report) {
    if (report.runs.length !== this.runs) this.clear(report.runs.length);
    const last = this.steps.length - 1;
    const replace = last >= 0 && this.steps[last] === step;
    if (!replace && last >= 0 && step < this.steps[last]) this.clear(this.runs);
    const at = replace ? last : this.steps.length;
    this.steps[at] = step;
    for (const m of METRICS) {
      report.runs.forEach((run, r) => {
        const v = run[m];
        this.series[m][r][at] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      });
    }
    report.runs.forEach((run, r) => {
      if (this.reached[r] === null && run.testAcc >= MILESTONE_ACCURACY) this.reached[r] = step;
    });
    if (this.steps.length > MAX_POINTS) this.thin();
    this.version += 1;
  }

  thin() {
    const keep = (arr) => arr.filter((_, i) => i % 2 === 0 || i === arr.length - 1);
    this.steps = keep(this.steps);
    for (const m of METRICS) this.series[m] = this.series[m].map(keep);
  }

  // uPlot data: x then, per run, the train and test series of one quantity.
  columns(trainMetric, testMetric) {
    const out = [this.steps];
    for (let r = 0; r < this.runs; r++) out.push(this.series[trainMetric][r], this.series[testMetric][r]);
    return out;
  }
}
