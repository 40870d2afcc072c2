// The widget's height. In its box (an iframe of any size from 480 x 360 up)
// the widget fills the box exactly and its panels shrink to fit, so it never
// shows a scrollbar. What it tells the host page is its *preferred* height:
// the height it takes at the current width with nothing squeezed (the
// .is-natural layout in style.css). That depends only on the width and the
// content, never on the box's height, so a host that sets the frame to the
// reported height gets the same number back and the loop ends there.

// The preferred height in CSS pixels. Switches to the natural layout and
// back within one task: nothing is painted and no ResizeObserver sees it.
export function preferredHeight(root) {
  root.classList.add('is-natural');
  const height = Math.ceil(root.getBoundingClientRect().height);
  root.classList.remove('is-natural');
  return height;
}

// Mutations inside these change numbers, not the layout's height.
const VOLATILE = '.stats, .milestone, .counter, .toolbar, .diverged-banner, canvas, .u-wrap, .u-legend';
const BURST_LIMIT = 8;       // reports within BURST_MS at most: a host that
const BURST_MS = 2000;       // fights back (scrollbars) cannot make a loop
const SETTLE_MS = 250;
// Changes are gathered for this long, then measured once. A timer, not an
// animation frame: a browser does not run animation frames (nor, often,
// ResizeObservers) in a frame scrolled out of view, and a host page needs
// the height before the reader gets there.
const GATHER_MS = 30;
// While the content keeps changing (views redrawn during training), measure
// at most this often: measuring lays the widget out twice.
const MIN_INTERVAL_MS = 250;

// Calls report(height) with the preferred height now and whenever it changes
// (box resized, runs or regions added, messages shown, lesson changed).
// Returns a function that stops watching.
export function watchHeight(root, report) {
  const win = root.ownerDocument.defaultView;
  let last = -1;
  let timer = 0;
  let measuredAt = -Infinity;
  let settleTimer = 0;
  const sent = [];      // when the recent reports were sent
  const reported = [];  // the recent reports: {height, width}

  const measure = () => {
    timer = 0;
    measuredAt = win.performance.now();
    let height = preferredHeight(root);
    mutations.takeRecords();  // the measuring itself (the class toggled on root)
    // A host page whose scrollbar comes and goes with the frame's height
    // changes the frame's width, and so the height it wants: when the width
    // and the height flip back to those of the report before last, keep the
    // larger height and stop there.
    const width = root.clientWidth;
    const before = reported[reported.length - 2];
    const flipped = before && Math.abs(height - before.height) < 1 && width === before.width && width !== reported[reported.length - 1].width;
    if (flipped) height = Math.max(height, last);
    if (Math.abs(height - last) < 1) return;
    const now = win.performance.now();
    while (sent.length && now - sent[0] > BURST_MS) sent.shift();
    if (sent.length >= BURST_LIMIT) {
      // Too many changes in a row: report once more when things settle.
      clearTimeout(settleTimer);
      settleTimer = win.setTimeout(schedule, SETTLE_MS);
      return;
    }
    sent.push(now);
    reported.push({ height, width });
    if (reported.length > 4) reported.shift();
    last = height;
    report(height);
  };
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(GATHER_MS, measuredAt + MIN_INTERVAL_MS - win.performance.now());
    timer = win.setTimeout(measure, wait);
  };

  win.addEventListener('resize', schedule);
  const resizes = new win.ResizeObserver(schedule);
  resizes.observe(root);
  for (const child of root.children) resizes.observe(child);
  const mutations = new win.MutationObserver((records) => {
    const relevant = records.some((r) => {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return !node || !node.closest(VOLATILE);
    });
    if (relevant) schedule();
  });
  mutations.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden', 'class'] });
  schedule();
  return () => {
    win.removeEventListener('resize', schedule);
    resizes.disconnect();
    mutations.disconnect();
    clearTimeout(settleTimer);
    clearTimeout(timer);
  };
}
