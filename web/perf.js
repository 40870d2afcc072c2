// What the page measures about itself (window.bnlab.perf()): frame rate,
// boundary redraws and training steps per second over the last second or
// so, and the longest main-thread task since the last reset.
const WINDOW_MS = 1000;

class RateCounter {
  constructor() { this.events = []; }  // [time, amount]
  add(time, amount = 1) {
    this.events.push([time, amount]);
    this.trim(time);
  }
  trim(now) {
    while (this.events.length && now - this.events[0][0] > WINDOW_MS) this.events.shift();
  }
  rate(now) {
    this.trim(now);
    if (this.events.length < 2) return 0;
    const span = now - this.events[0][0];
    const total = this.events.reduce((s, [, a]) => s + a, 0) - this.events[0][1];
    return span > 0 ? (total * 1000) / span : 0;
  }
}

export class PerfMeter {
  constructor() {
    this.frames = new RateCounter();
    this.redraws = new RateCounter();
    this.steps = new RateCounter();
    this.longestTaskMs = 0;
    this.longestFrameWorkMs = 0;
    this.lastStep = null;
    this.totals = { frames: 0, boundaryRedraws: 0, steps: 0 };
    this.longTasks = [];  // the last few, for diagnosis
    this.resetAt = 0;  // since load, for exact rates over a window
    this.engineStats = null;  // () -> the worker's {heapBytes, restarts, trouble} (EngineClient.stats)
    if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
      this.observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          // Entries arrive late: one that began before a reset belongs to the old window.
          if (entry.startTime < this.resetAt) continue;
          this.longestTaskMs = Math.max(this.longestTaskMs, entry.duration);
          this.longTasks.push({ at: Math.round(entry.startTime), ms: Math.round(entry.duration),
            source: (entry.attribution || []).map((a) => `${a.name}/${a.containerType}`).join(',') });
          if (this.longTasks.length > 10) this.longTasks.shift();
        }
      });
      this.observer.observe({ type: 'longtask' });
      this.longTasksObserved = true;
    } else {
      this.longTasksObserved = false;
    }
  }

  frame(now) { this.frames.add(now); this.totals.frames += 1; }
  boundaryRedraw(now) { this.redraws.add(now); this.totals.boundaryRedraws += 1; }
  frameWork(ms) { this.longestFrameWorkMs = Math.max(this.longestFrameWorkMs, ms); }

  // Training progress as seen by the page (from snapshots).
  stepCount(now, step) {
    const advanced = this.lastStep !== null && step >= this.lastStep ? step - this.lastStep : 0;
    this.steps.add(now, advanced);
    this.totals.steps += advanced;
    this.lastStep = step;
  }

  reset() {
    this.resetAt = performance.now();
    this.longestTaskMs = 0;
    this.longestFrameWorkMs = 0;
    this.longTasks = [];
  }

  report() {
    const now = performance.now();
    const round = (v) => Math.round(v * 10) / 10;
    return {
      fps: round(this.frames.rate(now)),
      boundaryRedrawsPerSec: round(this.redraws.rate(now)),
      stepsPerSec: round(this.steps.rate(now)),
      // Long tasks (>50 ms) as Chromium reports them; 0 means none so far.
      longestTaskMs: round(this.longestTaskMs),
      // The page's own longest animation-frame callback, for browsers without 'longtask'.
      longestFrameWorkMs: round(this.longestFrameWorkMs),
      longTasksObserved: this.longTasksObserved,
      longTasks: this.longTasks.slice(),
      totals: { ...this.totals, timeMs: now },
      // The worker's WASM memory (never shrinks; a restart gives it back), its restarts.
      engine: this.engineStats ? this.engineStats() : null,
    };
  }
}
