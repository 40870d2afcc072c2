// The training toolbar: play/pause, step, reset, the step and epoch
// counters, the speed and the drawing options. It only reports what the
// learner asks for (handlers) and shows what it is told (state).
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { runSwatch } from './markers.js';

export const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];
export const DEFAULT_SPEED = 100;  // steps per second

// The experiment's epoch: that of the first run still training (a diverged
// run's counters stop at its divergence).
export function epochOf(runs) {
  const live = runs.find((r) => !r.diverged) || runs[0];
  return live && typeof live.epoch === 'number' ? live.epoch : null;
}

// The epoch as the counter writes it.
export function epochText(epoch) {
  return typeof epoch === 'number' ? epoch.toFixed(epoch < 10 ? 2 : 1) : '–';
}

// The runs' epochs as the counter shows them: runs whose epochs read the
// same form one group ([{text, runs: [index, ...]}], in run order). Runs
// with different batch sizes pass through the data at different rates, so
// they differ; a diverged run's counter stopped, so it is left out (unless
// every run diverged).
export function epochGroups(runs) {
  const live = runs.map((r, i) => ({ r, i })).filter(({ r }) => !r.diverged && typeof r.epoch === 'number');
  const shown = live.length > 0 ? live : runs.map((r, i) => ({ r, i })).filter(({ r }) => typeof r.epoch === 'number');
  const groups = [];
  for (const { r, i } of shown) {
    const text = epochText(r.epoch);
    const group = groups.find((g) => g.text === text);
    if (group) group.runs.push(i);
    else groups.push({ text, runs: [i] });
  }
  return groups;
}

export class Toolbar {
  // refs: the layout's nodes (play, step, reset, stepCount, epochCount, speed,
  // discretize, showTest, batchStats); any may be missing in a widget.
  // on: {play, step, reset, speed(n), drawOptions({discretize, showTest}), gridMode(0|1)}
  constructor(refs, on) {
    this.refs = refs;
    const r = refs;
    if (r.speed) {
      for (const s of SPEEDS) r.speed.append(el('option', { value: String(s) }, t('toolbar.speedOption', { n: s })));
      r.speed.value = String(DEFAULT_SPEED);
      r.speed.addEventListener('change', () => on.speed(Number(r.speed.value)));
    }
    if (r.play) r.play.addEventListener('click', () => on.play());
    if (r.step) r.step.addEventListener('click', () => on.step());
    if (r.reset) r.reset.addEventListener('click', () => on.reset());
    const drawOptions = () => on.drawOptions(this.drawOptions());
    if (r.discretize) r.discretize.addEventListener('change', drawOptions);
    if (r.showTest) r.showTest.addEventListener('change', drawOptions);
    if (r.batchStats) r.batchStats.addEventListener('change', () => on.gridMode(r.batchStats.checked ? 1 : 0));
  }

  speed() {
    return this.refs.speed ? Number(this.refs.speed.value) : DEFAULT_SPEED;
  }

  drawOptions() {
    const r = this.refs;
    return { discretize: Boolean(r.discretize && r.discretize.checked), showTest: r.showTest ? r.showTest.checked : true };
  }

  setReady(ready) {
    for (const b of [this.refs.play, this.refs.step, this.refs.reset]) if (b) b.disabled = !ready;
  }

  setPlaying(playing) {
    const play = this.refs.play;
    if (!play) return;
    play.classList.toggle('is-playing', playing);
    play.setAttribute('aria-pressed', String(playing));
    play.setAttribute('aria-label', playing ? t('toolbar.pause') : t('toolbar.play'));
  }

  showCounters(step, runs) {
    if (this.refs.stepCount) this.refs.stepCount.textContent = String(step);
    const out = this.refs.epochCount;
    if (!out) return;
    const groups = epochGroups(runs);
    out.classList.toggle('is-per-run', groups.length > 1);
    if (groups.length <= 1) {
      out.textContent = epochText(epochOf(runs));
      out.removeAttribute('title');
      return;
    }
    // Each run's epoch where they differ: the value after the runs' swatches,
    // their names for a screen reader and on hover.
    const names = (g) => g.runs.map((i) => runs[i].name).join(', ');
    out.title = groups.map((g) => `${names(g)}: ${g.text}`).join('\n');
    out.replaceChildren(...groups.map((g) => el('span', { className: 'epoch-run', dataset: { runs: g.runs.join(',') } },
      ...g.runs.map((i) => runSwatch(i, 10)), el('span', 'visually-hidden', `${names(g)}: `), g.text)));
  }
}
