// Placing points from the keyboard: a plot becomes one focusable widget with
// a crosshair. Arrow keys move it (Shift: ten times faster, Home: back to the
// centre), a digit 0-7 places a point of that class (the CSV data's labels),
// Enter places one of the class used last, Delete asks to remove the point
// nearest the crosshair. Its position is announced politely in the data's
// own coordinates. For the point-drawing tool (docs/ACCESSIBILITY.md,
// "Placing points"): the drawing code owns the points; this only reports
// where and what the learner asked for.
//   const cursor = new PlotCursor(panel.plot, {
//     label: 'Place points on the with-BN panel',
//     extent: () => data.extent, classes: () => 2,
//     onPlace: (x1, x2, cls) => ..., onRemove: (x1, x2) => ... });
//   cursor.destroy();
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

export const GRID_STEPS = 40;  // arrow steps across the plot (Shift: GRID_STEPS / 10)
export const MAX_CLASSES = 8;

// Rows for the keyboard help (./help.js HelpOverlay.addRows) once a plot takes points.
export const PLOT_CURSOR_KEYS = Object.freeze([
  ['help.keyArrows', 'help.cursorMove'],
  ['help.keyShiftArrows', 'help.cursorFast'],
  ['0–7', 'help.cursorPlace'],
  ['help.keyEnter', 'help.cursorPlaceAgain'],
  ['help.keyDelete', 'help.cursorRemove'],
]);

const fmt = (v) => Number(v.toFixed(2)).toString().replace('-', '−');

export class PlotCursor {
  constructor(plot, { label, extent, classes = () => 2, onPlace = () => {}, onRemove = null } = {}) {
    this.plot = plot;
    this.extent = extent;
    this.classes = classes;
    this.onPlace = onPlace;
    this.onRemove = onRemove;
    this.u = 0.5;  // the crosshair, as fractions of the plot from the top-left
    this.v = 0.5;
    this.lastClass = 0;
    this.cross = el('div', { className: 'plot-cursor', 'aria-hidden': 'true' });
    this.live = el('p', { className: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
    plot.append(this.cross, this.live);
    plot.tabIndex = 0;
    plot.classList.add('has-cursor');
    // An application: screen readers pass the arrow and digit keys through.
    plot.setAttribute('role', 'application');
    plot.setAttribute('aria-roledescription', t('cursor.role'));
    plot.setAttribute('aria-label', label || t('cursor.label'));
    this.onKey = (e) => this.key(e);
    plot.addEventListener('keydown', this.onKey);
    this.place();
  }

  // The crosshair's position in the data's coordinates [x1, x2].
  position() {
    const [xmin, xmax, ymin, ymax] = this.extent();
    return [xmin + this.u * (xmax - xmin), ymax - this.v * (ymax - ymin)];
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step = (e.shiftKey ? 10 : 1) / GRID_STEPS;
    const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (move) {
      this.u = Math.min(1, Math.max(0, this.u + move[0]));
      this.v = Math.min(1, Math.max(0, this.v + move[1]));
    } else if (e.key === 'Home') {
      this.u = 0.5;
      this.v = 0.5;
    } else if (/^[0-7]$/.test(e.key) && Number(e.key) < Math.min(MAX_CLASSES, this.classes())) {
      this.lastClass = Number(e.key);
      this.put(this.lastClass);
    } else if (e.key === 'Enter') {
      this.put(this.lastClass);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && this.onRemove) {
      const [x1, x2] = this.position();
      this.onRemove(x1, x2);
      this.say(t('cursor.removed', { x1: fmt(x1), x2: fmt(x2) }));
    } else {
      return;  // not ours: Tab, Escape and the page's shortcuts go on
    }
    e.preventDefault();
    e.stopPropagation();
    if (move || e.key === 'Home') {
      this.place();
      const [x1, x2] = this.position();
      this.say(t('cursor.at', { x1: fmt(x1), x2: fmt(x2) }));
    }
  }

  put(cls) {
    const [x1, x2] = this.position();
    this.onPlace(x1, x2, cls);
    this.say(t('cursor.placed', { cls, x1: fmt(x1), x2: fmt(x2) }));
  }

  place() {
    this.cross.style.left = `${(this.u * 100).toFixed(2)}%`;
    this.cross.style.top = `${(this.v * 100).toFixed(2)}%`;
  }

  say(text) {
    this.live.textContent = text;
  }

  destroy() {
    this.plot.removeEventListener('keydown', this.onKey);
    this.cross.remove();
    this.live.remove();
    this.plot.removeAttribute('tabindex');
    this.plot.removeAttribute('role');
    this.plot.removeAttribute('aria-roledescription');
    this.plot.removeAttribute('aria-label');
    this.plot.classList.remove('has-cursor');
  }
}
