// The page's side of the training worker: method calls as promises, snapshots
// and stop notices as callbacks.
//
// How the worker starts depends on where BN Lab runs, so it is pluggable
// (setWorkerFactory): the full page starts web/worker.js as a module worker;
// a <bn-lab> element on another origin goes through a hidden engine frame on
// BN Lab's origin (web/element/engine-port.js); the one-file build starts a
// worker from a blob (web/single/boot.js). A factory returns anything with
// postMessage(message, transfer), onmessage, onerror and terminate().
import { t } from './i18n/index.js';

const defaultFactory = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'bnlab-trainer' });
let workerFactory = defaultFactory;

export function setWorkerFactory(factory) {
  workerFactory = typeof factory === 'function' ? factory : defaultFactory;
}

export class EngineClient {
  constructor({ onSnapshot, onStopped, onFatal }) {
    this.onSnapshot = onSnapshot;
    this.onStopped = onStopped;
    this.onFatal = onFatal;
    this.pending = new Map();
    this.nextId = 1;
    this.dead = false;
    try {
      this.worker = workerFactory();
    } catch (err) {
      // Refused by a policy or a browser without module workers: said once, below.
      this.worker = null;
      queueMicrotask(() => this.fail(t('messages.engineFailed', { detail: `: ${err && err.message ? err.message : err}` })));
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    // A module worker that fails to load (missing wasm build, CSP) lands here.
    this.worker.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      this.fail(t('messages.engineFailed', { detail: event && event.message ? `: ${event.message}` : '' }));
    };
  }

  call(method, ...args) {
    if (this.dead) return Promise.reject(new Error(t('messages.engineNotRunning')));
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

  // Stops the worker for good (an element removed from its page).
  terminate() {
    if (this.worker) this.worker.terminate();
    this.dead = true;
    for (const { reject } of this.pending.values()) reject(new Error('the training engine was stopped'));
    this.pending.clear();
  }
}
