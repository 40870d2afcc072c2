// Drawing on the panels' plots with mouse, pen and touch (pointer events,
// delegated from the panels' container, so rebuilt panels need nothing) and
// with the keyboard (a focusable plot with a cross the arrows move).
//   add mode:    press to add a point of the chosen class; drag to add more,
//                one every SPACING_PX
//   erase mode:  press or drag over points to remove them
//   in add mode, right-click, Shift+press and a pen's eraser end erase too
// Coordinates are the drawing plane's (editor.plane()), which stays fixed
// while the learner draws.
import { el } from '../dom.js';
import { t } from '../i18n/index.js';

const SPACING_PX = 14;      // distance between points added by one drag
const ERASE_RADIUS_PX = 12; // the eraser's reach (touch: TOUCH_RADIUS_PX)
const TOUCH_RADIUS_PX = 20;
const PEN_ERASER_BUTTON = 5;
const KEY_STEP = 0.02;      // the cross moves 1/50 of the plane (Shift: 1/10)
const KEY_STEP_LARGE = 0.1;

export class PlotDrawing {
  // container: the panels' container; editor: {mode, plane(), add(x, y),
  // eraseNear(x, y, rx, ry), setLabel(k), setMode(m), classes}
  constructor(container, editor) {
    this.container = container;
    this.editor = editor;
    this.stroke = null;
    this.cursor = { fx: 0.5, fy: 0.5 };
    container.addEventListener('pointerdown', (e) => this.down(e));
    container.addEventListener('pointermove', (e) => this.move(e));
    container.addEventListener('pointerup', (e) => this.up(e));
    container.addEventListener('pointercancel', (e) => this.up(e));
    container.addEventListener('contextmenu', (e) => {
      if (this.editor.mode !== 'off' && this.plotOf(e)) e.preventDefault();
    });
    container.addEventListener('keydown', (e) => this.key(e));
    container.addEventListener('focusout', (e) => {
      const plot = this.plotOf(e);
      if (plot) this.hideCross(plot);
    });
  }

  plotOf(event) {
    const target = event.composedPath ? event.composedPath()[0] : event.target;
    const plot = target && target.closest ? target.closest('.plot') : null;
    return plot && this.container.contains(plot) ? plot : null;
  }

  // Plot-relative fractions -> plane coordinates, and the reach of `px` pixels.
  at(plot, fx, fy, px = 0) {
    const [xmin, xmax, ymin, ymax] = this.editor.plane();
    const rect = plot.getBoundingClientRect();
    return {
      x: xmin + fx * (xmax - xmin),
      y: ymax - fy * (ymax - ymin),
      rx: (px * (xmax - xmin)) / Math.max(1, rect.width),
      ry: (px * (ymax - ymin)) / Math.max(1, rect.height),
    };
  }

  fractions(plot, event) {
    const rect = plot.getBoundingClientRect();
    return { fx: (event.clientX - rect.left) / rect.width, fy: (event.clientY - rect.top) / rect.height };
  }

  apply(plot, fx, fy, erase, radiusPx) {
    if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1) || !this.editor.plane()) return;
    const p = this.at(plot, fx, fy, radiusPx);
    if (erase) this.editor.eraseNear(p.x, p.y, p.rx, p.ry);
    else this.editor.add(p.x, p.y);
  }

  down(e) {
    const mode = this.editor.mode;
    if (mode === 'off' || !e.isPrimary) return;
    const plot = this.plotOf(e);
    if (!plot) return;
    const erase = mode === 'erase' || e.button === 2 || e.button === PEN_ERASER_BUTTON || e.shiftKey;
    if (e.button !== 0 && !erase) return;
    e.preventDefault();
    plot.focus({ preventScroll: true });
    if (plot.setPointerCapture) plot.setPointerCapture(e.pointerId);
    const radius = e.pointerType === 'touch' ? TOUCH_RADIUS_PX : ERASE_RADIUS_PX;
    this.stroke = { plot, id: e.pointerId, erase, radius, x: e.clientX, y: e.clientY };
    const { fx, fy } = this.fractions(plot, e);
    this.apply(plot, fx, fy, erase, radius);
  }

  move(e) {
    const s = this.stroke;
    if (!s || e.pointerId !== s.id) return;
    if (!s.erase && Math.hypot(e.clientX - s.x, e.clientY - s.y) < SPACING_PX) return;
    s.x = e.clientX;
    s.y = e.clientY;
    const { fx, fy } = this.fractions(s.plot, e);
    this.apply(s.plot, fx, fy, s.erase, s.radius);
  }

  up(e) {
    if (this.stroke && e.pointerId === this.stroke.id) this.stroke = null;
  }

  // ---- keyboard -----------------------------------------------------------

  key(e) {
    if (this.editor.mode === 'off' || e.altKey || e.ctrlKey || e.metaKey) return;
    const plot = this.plotOf(e);
    if (!plot) return;
    const step = e.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const c = this.cursor;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (Object.hasOwn(moves, e.key)) {
      c.fx = Math.min(1, Math.max(0, c.fx + moves[e.key][0]));
      c.fy = Math.min(1, Math.max(0, c.fy + moves[e.key][1]));
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.apply(plot, c.fx, c.fy, this.editor.mode === 'erase', ERASE_RADIUS_PX);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      this.apply(plot, c.fx, c.fy, true, ERASE_RADIUS_PX);
    } else if (/^[1-8]$/.test(e.key) && Number(e.key) <= this.editor.classes) {
      this.editor.setLabel(Number(e.key) - 1);
    } else if (e.key === 'Escape') {
      this.editor.setMode('off');
      return;
    } else {
      return;
    }
    e.preventDefault();  // also keeps space and the letters from reaching the page's shortcuts
    this.showCross(plot);
  }

  showCross(plot) {
    let cross = plot.querySelector('.draw-cross');
    if (!cross) {
      cross = el('div', { className: 'draw-cross', 'aria-hidden': 'true' });
      plot.append(cross);
    }
    cross.hidden = false;
    cross.style.left = `${this.cursor.fx * 100}%`;
    cross.style.top = `${this.cursor.fy * 100}%`;
  }

  hideCross(plot) {
    const cross = plot.querySelector('.draw-cross');
    if (cross) cross.hidden = true;
  }

  // Drawing on or off: plots become focusable drawing areas (and back).
  refresh(mode, runNames) {
    this.container.classList.toggle('is-drawing', mode !== 'off');
    this.container.classList.toggle('is-erasing', mode === 'erase');
    this.container.querySelectorAll('.plot').forEach((plot, i) => {
      if (mode === 'off') {
        plot.removeAttribute('tabindex');
        plot.removeAttribute('aria-label');
        plot.removeAttribute('role');
        this.hideCross(plot);
      } else {
        plot.tabIndex = 0;
        plot.setAttribute('role', 'application');
        plot.setAttribute('aria-label', t('data.plotLabel', { name: runNames[i] || String(i + 1) }));
      }
    });
  }
}
