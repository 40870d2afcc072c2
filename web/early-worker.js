// The training worker, started ahead of the page that will use it. The full
// page's first script (web/boot.js, from index.html) starts it before the
// page's ~80 modules are fetched, so the engine (worker.js, the glue, the
// .wasm's download and compile) loads in parallel with them
// (docs/PERFORMANCE.md); the one-file page starts it before its App is built
// (web/single/boot.js). The first EngineClient takes it (takeEarlyWorker).
// No imports: nothing delays the start.

// Test hooks (hang, crash: worker.js) exist only in a worker started while
// the page's global bnlabTestHooks is true, which only a script (a test's
// init script), never a link, can set.
export function startPageWorker() {
  return new Worker(new URL('./worker.js', import.meta.url),
    { type: 'module', name: globalThis.bnlabTestHooks === true ? 'bnlab-trainer:test' : 'bnlab-trainer' });
}

// A worker whose messages and errors, until someone listens, are kept and
// handed to the first onmessage / onerror set (a message nobody listens to
// would be lost).
function held(worker) {
  const kept = { message: [], error: [] };
  worker.onmessage = (event) => kept.message.push(event);
  worker.onerror = (event) => { event.preventDefault(); kept.error.push(event); };
  const handler = (type) => ({
    get: () => worker[`on${type}`],
    set: (fn) => {
      worker[`on${type}`] = fn;
      if (typeof fn === 'function') for (const event of kept[type].splice(0)) fn(event);
    },
  });
  return Object.defineProperties({
    postMessage: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  }, { onmessage: handler('message'), onerror: handler('error') });
}

let early = null;

// Starts one worker now (factory: the page's own by default); a failure here
// is left for the real start to report.
export function startEarlyWorker(factory = startPageWorker) {
  if (early) return;
  try {
    early = held(factory());
  } catch {
    early = null;
  }
}

// The worker started ahead, once; null when there is none.
export function takeEarlyWorker() {
  const worker = early;
  early = null;
  return worker;
}
