// autoplay=1: training starts the first time the widget is on screen (an
// IntersectionObserver on its root, which inside an iframe also knows whether
// the host page has scrolled the frame into view), and never for a reader who
// prefers reduced motion: then it waits for play like any other widget.
// The decision is shown on the root as data-autoplay (waiting, started,
// reduced-motion) for tests and for the curious.
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const VISIBLE_RATIO = 0.2;  // "on screen": a fifth of it showing...
const VISIBLE_PX = 200;     // ...or, for a very tall widget, this much of it

// app: {ready, play()}. Call check() whenever app may have become ready.
// Returns {check, stop}.
export function autoplayWhenVisible(node, app) {
  const win = node.ownerDocument.defaultView;
  let visible = false;
  let done = false;
  node.dataset.autoplay = 'waiting';
  const observer = new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting
      && (e.intersectionRatio >= VISIBLE_RATIO || e.intersectionRect.height >= VISIBLE_PX));
    check();
  }, { threshold: [0, VISIBLE_RATIO, 0.5, 1] });
  observer.observe(node);

  function check() {
    if (done || !visible || !app.ready) return;
    done = true;
    observer.disconnect();
    if (win.matchMedia && win.matchMedia(REDUCED_MOTION).matches) {
      node.dataset.autoplay = 'reduced-motion';
      return;
    }
    node.dataset.autoplay = 'started';
    app.play();
  }

  return { check, stop: () => { done = true; observer.disconnect(); } };
}
