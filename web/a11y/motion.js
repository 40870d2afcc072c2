// Reduced motion: a reader who asks their system for less motion gets a
// calm page. Nothing starts by itself (autoplay waits for play), the
// boundaries redraw about once a second (charts every two) instead of every frame,
// and CSS drops transitions (web/style.css). Training itself is unchanged:
// the learner can still press play.
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

// Redraw intervals while training (ms): every frame normally, calm when reduced.
export const CALM_PANELS_MS = 1000;
export const CALM_CHARTS_MS = 2000;
export const CALM_VIEWS_MS = 1000;

export class MotionPreference {
  constructor(win = globalThis.window, onChange = () => {}) {
    this.query = win && win.matchMedia ? win.matchMedia(REDUCED_MOTION_QUERY) : null;
    this.reduced = Boolean(this.query && this.query.matches);
    if (this.query) {
      this.query.addEventListener('change', () => {
        this.reduced = this.query.matches;
        onChange(this.reduced);
      });
    }
  }
}
