// Runs in the hidden engine frame (engine.html, on BN Lab's origin). The host
// page's engine-port.js sends {bnlabEngine: 1, type: 'spawn'} with a
// MessagePort; this frame starts a module worker (../worker.js, same origin)
// and relays between the port and the worker, transferring buffers (the
// decision grids) rather than copying them. {bnlabEngine: 'terminate'} on the
// port stops that worker. Only the parent window is obeyed.
const WORKER_URL = new URL('../worker.js', import.meta.url);
const MAX_DEPTH = 4;

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

function spawn(port) {
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: 'module', name: 'bnlab-trainer' });
  } catch (err) {
    port.postMessage({ type: 'fatal', message: `The training engine failed to start: ${err && err.message ? err.message : err}` });
    return;
  }
  worker.onmessage = (event) => port.postMessage(event.data, [...buffers(event.data)]);
  worker.onerror = (event) => {
    event.preventDefault();
    port.postMessage({ type: 'fatal', message: `The training engine failed to start${event.message ? `: ${event.message}` : ''}.` });
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
