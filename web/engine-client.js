// The page's side of the training worker: method calls as promises, snapshots
// and stop notices as callbacks.
export class EngineClient {
  constructor({ onSnapshot, onStopped, onFatal }) {
    this.onSnapshot = onSnapshot;
    this.onStopped = onStopped;
    this.onFatal = onFatal;
    this.pending = new Map();
    this.nextId = 1;
    this.dead = false;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'bnlab-trainer' });
    this.worker.onmessage = (event) => this.receive(event.data);
    // A module worker that fails to load (missing wasm build, CSP) lands here.
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(`The training engine failed to start${event.message ? `: ${event.message}` : ''}. Was the page built with ./build.sh web?`);
    };
  }

  call(method, ...args) {
    if (this.dead) return Promise.reject(new Error('the training engine is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  receive(message) {
    if (message.type === 'snapshot') return this.onSnapshot(message);
    if (message.type === 'stopped') return this.onStopped(message);
    if (message.type === 'fatal') return this.fail(message.message);
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if ('error' in message) waiting.reject(new Error(message.error));
    else waiting.resolve(message.result);
  }

  fail(text) {
    if (this.dead) return;
    this.dead = true;
    for (const { reject } of this.pending.values()) reject(new Error(text));
    this.pending.clear();
    this.onFatal(text);
  }
}
