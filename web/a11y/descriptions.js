// The run panels' text descriptions, kept up to date at a polite pace: each
// panel carries a polite live region (web/panels.js) that this fills at most
// every few seconds while training, and at once when training stops (pause,
// a step, a new experiment) or a run diverges, so a screen reader hears the
// state without being flooded twenty times a second.
import { boundarySummary, describeRun } from './describe.js';

export const DESCRIPTION_INTERVAL_MS = 5000;

// Every run of a snapshot in words (the describe action uses the same).
// data: the experiment's points (App.data); reached: first step at >= 90% per run.
export function describeSnapshot(snapshot, data, reached = []) {
  return snapshot.report.runs.map((run, i) => {
    const grid = snapshot.grids && snapshot.grids[i];
    const boundary = grid && !run.diverged ? boundarySummary(grid, snapshot.gridSize, snapshot.channels, data) : null;
    return describeRun(run, { step: snapshot.step, reached: reached[i] ?? null, boundary });
  });
}

export class PanelDescriber {
  // nodes(): the panels' description nodes, in run order.
  constructor(nodes) {
    this.nodes = nodes;
    this.at = -Infinity;
    this.divergedKey = '';
  }

  // A new experiment: the next snapshot is described at once.
  reset() {
    this.at = -Infinity;
    this.divergedKey = '';
  }

  // Returns true when the descriptions were rewritten.
  update(snapshot, { data, reached, playing, now = performance.now(), force = false }) {
    const divergedKey = snapshot.report.runs.map((r) => (r.diverged ? '1' : '0')).join('');
    const due = force || !playing || now - this.at >= DESCRIPTION_INTERVAL_MS || divergedKey !== this.divergedKey;
    if (!due) return false;
    this.at = now;
    this.divergedKey = divergedKey;
    const texts = describeSnapshot(snapshot, data, reached);
    this.nodes().forEach((node, i) => {
      if (node && texts[i] !== undefined && node.textContent !== texts[i]) node.textContent = texts[i];
    });
    return true;
  }
}
