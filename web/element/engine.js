// Runs in the hidden engine frame (engine.html, on BN Lab's origin). The host
// page's engine-port.js sends {bnlabEngine: 1, type: 'spawn'} with a
// MessagePort; this frame starts a module worker (../worker.js, same origin)
// and relays between the port and the worker, transferring buffers (the
// decision grids) rather than copying them. {bnlabEngine: 'terminate'} on the
// port stops that worker. Only the parent window is obeyed.
//
// Start-up speed (docs/PERFORMANCE.md, "A page full of widgets"): as soon as
// this frame runs it compiles the .wasm once (compileStreaming, while the
// bytes arrive) and posts the compiled WebAssembly.Module to every worker it
// starts, so the page's widgets share one download and one compile; and it
// starts one worker ahead of the first request, so the first widget's engine
// loads while the host page is still building that widget.
const WORKER_URL = new URL('../worker.js?wasm=posted', import.meta.url);
const WASM_URL = new URL('../wasm/bnlab.wasm', import.meta.url);
const MAX_DEPTH = 4;

// Resolves to the compiled module, or null (the worker then fetches it itself).
const compiled = (typeof WebAssembly.compileStreaming === 'function'
  ? WebAssembly.compileStreaming(fetch(WASM_URL, { credentials: 'same-origin' }))
  : fetch(WASM_URL, { credentials: 'same-origin' }).then((r) => r.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes))
).catch(() => null);

// The ArrayBuffers inside a message (typed arrays in snapshots and replies).
function buffers(value, out = new Set(), depth = 0) {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return out;
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value instanceof ArrayBuffer) out.add(value);
  else if (Array.isArray(value)) {
    // Arrays of numbers (report fields) hold nothing to transfer.
    if (value.length > 0 && typeof value[0] !== 'object') return out;
    for (const item of value) buffers(item, out, depth + 1);
  } else {
    for (const key of Object.keys(value)) buffers(value[key], out, depth + 1);
  }
  return out;
}

// A worker, its messages kept until a port takes it (the one started ahead).
function startWorker() {
  const worker = new Worker(WORKER_URL, { type: 'module', name: 'bnlab-trainer' });
  const early = { worker, messages: [], error: null };
  worker.onmessage = (event) => early.messages.push(event.data);
  worker.onerror = (event) => { event.preventDefault(); early.error = event.message || ''; };
  compiled.then((module) => worker.postMessage({ bnlabWasmModule: module }));
  return early;
}

let ahead = null;
try { ahead = startWorker(); } catch { /* reported when a widget asks (spawn) */ }

function spawn(port) {
  let started = ahead;
  ahead = null;
  try {
    if (!started) started = startWorker();
  } catch (err) {
    port.postMessage({ type: 'fatal', message: `The training engine failed to start: ${err && err.message ? err.message : err}` });
    return;
  }
  const { worker } = started;
  const failed = (message) => port.postMessage({ type: 'fatal', message: `The training engine failed to start${message ? `: ${message}` : ''}.` });
  for (const message of started.messages) port.postMessage(message, [...buffers(message)]);
  if (started.error !== null) failed(started.error);
  worker.onmessage = (event) => port.postMessage(event.data, [...buffers(event.data)]);
  worker.onerror = (event) => {
    event.preventDefault();
    failed(event.message);
  };
  port.onmessage = (event) => {
    const message = event.data;
    if (message && message.bnlabEngine === 'terminate') {
      worker.terminate();
      port.close();
      return;
    }
    worker.postMessage(message);
  };
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent) return;
  const message = event.data;
  if (!message || message.bnlabEngine !== 1 || message.type !== 'spawn' || !event.ports[0]) return;
  spawn(event.ports[0]);
});

window.parent.postMessage({ bnlabEngine: 1, type: 'ready' }, '*');
