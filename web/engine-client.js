// The page's side of the training worker: method calls as promises, snapshots
// and stop notices as callbacks.
//
// How the worker starts depends on where BN Lab runs, so it is pluggable
// (setWorkerFactory): the full page starts web/worker.js as a module worker;
// a <bn-lab> element on another origin goes through a hidden engine frame on
// BN Lab's origin (web/element/engine-port.js); the one-file build starts a
// worker from a blob (web/single/boot.js). A factory returns anything with
// postMessage(message, transfer), onmessage, onerror and terminate().
//
// Robustness (docs/RELIABILITY.md):
// - A worker that stops answering (a call pending and nothing heard for
//   HANG_MS; a heartbeat ping keeps something pending while idle) or whose
//   engine crashed (it posts 'crashed', or throws after it had loaded) is
//   reported once through onTrouble(kind, text); calls then fail at once
//   until restart().
// - restart() replaces the worker with a fresh one and sends it again what
//   the page had set (speed, view, stop-at step, views), continuing the
//   generation count, so stale snapshots stay recognisable. The caller
//   configures it (App.restartEngine).
// - Memory is given back: WASM memory never shrinks, so a configure whose
//   estimated bytes are below a quarter of a heap that grew past 64 MB runs in
//   a fresh worker (transparently: same API, settings and play state re-sent).
import { startEarlyWorker, startPageWorker, takeEarlyWorker } from './early-worker.js';
import { t } from './i18n/index.js';

// The default worker: the page's own (./early-worker.js, where the test
// hooks' worker name is chosen).
const defaultFactory = startPageWorker;
let workerFactory = defaultFactory;

export function setWorkerFactory(factory) {
  workerFactory = typeof factory === 'function' ? factory : defaultFactory;
}

// Starts a worker from the current factory now, for the next EngineClient
// (the one-file page: before its App is built).
export function prestartWorker() {
  startEarlyWorker(workerFactory);
}

// A call pending and no word from the worker this long: hung. The slowest
// legitimate call, configure at the engine's limits, takes ~0.5 s of CPU, and
// a machine shared with other jobs stretches that 5-10x, so 10 s.
export const HANG_MS = 10000;
// A test script (never a link) may shorten the deadline, to test a hang in
// seconds rather than ten: globalThis.bnlabTestHooks = true and
// globalThis.bnlabTestHangMs = N (1000 <= N <= HANG_MS), both set before the
// page's scripts run.
function hangMs() {
  const ms = globalThis.bnlabTestHangMs;
  return globalThis.bnlabTestHooks === true && Number.isFinite(ms) && ms >= 1000 && ms <= HANG_MS ? ms : HANG_MS;
}
const PING_MS = 1000;               // idle this long: a heartbeat call
const WATCH_MS = 500;
// A fresh worker for a small config after a big one: the heap must have grown
// past this (a fresh worker starts at ~16-20 MB; restarting costs a module
// instantiation, ~0.1-0.3 s, worth it only for tens of MB)...
export const RESTART_HEAP_BYTES = 64 * 1024 * 1024;
// ...and the new config's estimate must be below this share of it (at least
// 3/4 of the heap is given back, even if the estimate is off by 2x).
export const RESTART_SHARE = 0.25;

// Calls whose last value a fresh worker must be told again, in this order.
const STICKY = ['setSpeed', 'setView', 'setStopAt', 'setViews'];

// The start-up's milestones as Performance marks (bench/embed_bench.mjs
// --phases reads them): 'bnlab:<what>' with detail {client}, once per client.
let clients = 0;
function bootMark(client, what) {
  if (client.marked.has(what) || typeof performance.mark !== 'function') return;
  client.marked.add(what);
  try { performance.mark(`bnlab:${what}`, { detail: { client: client.id } }); } catch { /* marks are optional */ }
}

export class EngineClient {
  constructor({ onSnapshot, onStopped, onFatal, onTrouble = null }) {
    this.onSnapshot = onSnapshot;
    this.onStopped = onStopped;
    this.onFatal = onFatal;
    this.onTrouble = onTrouble;
    this.pending = new Map();   // id -> {resolve, reject, sentAt, method}
    this.nextId = 1;
    this.dead = false;          // for good (could not start, or terminated)
    this.trouble = null;        // 'hung' | 'crashed' until restart()
    this.sticky = new Map();    // method -> its last args
    this.playing = false;       // as last asked (re-sent after a memory restart)
    this.generation = 0;        // the newest the worker announced
    this.heapBytes = 0;         // the worker's WASM memory, from its snapshots and replies
    this.restarts = { memory: 0, trouble: 0 };
    this.replyMs = {};          // method -> how long its last call took to be answered
    this.workerTasks = {};      // the worker's longest task of each kind, ms (worker.js noteTask)
    this.lastHeard = performance.now();
    this.id = clients++;
    this.marked = new Set();
    this.hangMs = hangMs();
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.spawn();
  }

  spawn() {
    this.loaded = false;  // nothing heard from this worker yet
    bootMark(this, 'spawn');
    try {
      // The first client takes the worker started ahead, if any (index.html).
      this.worker = takeEarlyWorker() || workerFactory();
    } catch (err) {
      // Refused by a policy or a browser without module workers: said once, below.
      this.worker = null;
      queueMicrotask(() => this.fail(t('messages.engineFailed', { detail: `: ${err && err.message ? err.message : err}` })));
      return;
    }
    const worker = this.worker;
    worker.onmessage = (event) => { if (this.worker === worker) this.receive(event.data); };
    // A module worker that fails to load (missing wasm build, CSP) lands here;
    // so does an error thrown in a worker that had loaded: a crash.
    worker.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      if (this.worker !== worker) return;
      if (this.loaded) this.troubled('crashed', event && event.message);
      else this.fail(t('messages.engineFailed', { detail: event && event.message ? `: ${event.message}` : '' }));
    };
  }

  call(method, ...args) {
    if (this.dead) return Promise.reject(new Error(t('messages.engineNotRunning')));
    if (this.trouble) return Promise.reject(new Error(this.troubleText));
    if (method === 'configure' || method === 'configureWithData') return this.configure(method, args);
    if (STICKY.includes(method)) this.sticky.set(method, method === 'setView' ? [{ ...(this.sticky.get('setView') || [{}])[0], ...args[0] }] : args);
    if (method === 'play') this.playing = true;
    if (method === 'pause' || method === 'step') this.playing = false;
    return this.send(method, args);
  }

  send(method, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sentAt: performance.now(), method });
      this.worker.postMessage({ id, method, args });
    });
  }

  // configure / configureWithData, in a fresh worker when that gives memory back.
  async configure(method, args) {
    if (this.heapBytes > RESTART_HEAP_BYTES) {
      const n = await this.send('normalize', [args[0]]);
      const bytes = n && n.derived && n.derived.cost ? n.derived.cost.bytes : Infinity;
      if (bytes < RESTART_SHARE * this.heapBytes && !this.trouble && !this.dead) {
        await this.idle();
        this.replace();
        this.restarts.memory += 1;
      }
    }
    const result = await this.send(method, args);
    bootMark(this, 'configured');
    if (this.playing && result && !result.error) this.send('play', []).catch(() => {});
    return result;
  }

  // Resolves when no call is pending (a replaced worker loses nothing).
  idle() {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => { this.onIdle = resolve; });
  }

  // A fresh worker told what the old one had been told; the old one is gone.
  replace() {
    if (this.worker) this.worker.terminate();
    this.heapBytes = 0;
    this.workerTasks = {};
    this.spawn();
    if (!this.worker) return;
    this.send('init', [{ generation: this.generation }]).catch(() => {});
    for (const method of STICKY) {
      if (this.sticky.has(method)) this.send(method, this.sticky.get(method)).catch(() => {});
    }
  }

  // After onTrouble: a fresh worker (the caller configures it). Resolves with
  // init's reply.
  restart() {
    if (this.dead) return Promise.reject(new Error(t('messages.engineNotRunning')));
    this.trouble = null;
    this.playing = false;
    this.restarts.trouble += 1;
    this.lastHeard = performance.now();
    this.replace();
    return this.send('ping', []);
  }

  receive(message) {
    bootMark(this, 'first-message');
    this.loaded = true;
    this.lastHeard = performance.now();
    if (message && Number.isFinite(message.heapBytes)) this.heapBytes = message.heapBytes;
    if (message.type === 'snapshot') {
      bootMark(this, 'first-snapshot');
      if (message.longestTasks) this.workerTasks = message.longestTasks;
      this.generation = Math.max(this.generation, message.generation);
      return this.onSnapshot(message);
    }
    if (message.type === 'stopped') {
      this.playing = false;
      return this.onStopped(message);
    }
    if (message.type === 'crashed') return this.troubled('crashed', message.message);
    if (message.type === 'fatal') return this.fail(message.message);
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0 && this.onIdle) { const done = this.onIdle; this.onIdle = null; done(); }
    this.replyMs[waiting.method] = Math.round((performance.now() - waiting.sentAt) * 10) / 10;
    if ('error' in message) return waiting.reject(new Error(message.error));
    const result = message.result;
    if (result && Number.isInteger(result.generation)) this.generation = Math.max(this.generation, result.generation);
    waiting.resolve(result);
  }

  // The heartbeat and the deadline on calls.
  watch() {
    if (this.dead || this.trouble || !this.worker) return;
    const now = performance.now();
    let oldest = Infinity;
    for (const p of this.pending.values()) oldest = Math.min(oldest, p.sentAt);
    if (now - oldest >= this.hangMs && now - this.lastHeard >= this.hangMs) {
      this.troubled('hung');
    } else if (this.pending.size === 0 && now - this.lastHeard >= PING_MS) {
      this.send('ping', []).catch(() => {});
    }
  }

  // Hung or crashed: said once; every pending call fails; restart() recovers.
  troubled(kind, detail) {
    if (this.trouble || this.dead) return;
    this.trouble = kind;
    this.playing = false;
    this.troubleText = kind === 'hung' ? t('robust.hung', { seconds: this.hangMs / 1000 })
      : t('robust.crashed', { detail: detail ? `: ${String(detail).slice(0, 200)}` : '' });
    this.rejectAll(this.troubleText);
    if (this.onTrouble) this.onTrouble(kind, this.troubleText);
    else this.fail(this.troubleText);
  }

  rejectAll(text) {
    for (const { reject } of this.pending.values()) reject(new Error(text));
    this.pending.clear();
    if (this.onIdle) { const done = this.onIdle; this.onIdle = null; done(); }
  }

  // The worker's timing log starts afresh (window.bnlab.resetPerf()).
  resetTaskLog() {
    this.workerTasks = {};
    return this.call('resetTaskLog').catch(() => false);
  }

  // What the page reports about the worker (window.bnlab.perf().engine).
  stats() {
    return { heapBytes: this.heapBytes, restarts: { ...this.restarts }, trouble: this.trouble, replyMs: { ...this.replyMs }, hangMs: this.hangMs,
      workerTasks: { ...this.workerTasks } };
  }

  fail(text) {
    if (this.dead) return;
    this.dead = true;
    clearInterval(this.watchdog);
    this.rejectAll(text);
    this.onFatal(text);
  }

  // Stops the worker for good (an element removed from its page).
  terminate() {
    if (this.worker) this.worker.terminate();
    this.dead = true;
    clearInterval(this.watchdog);
    this.rejectAll('the training engine was stopped');
  }
}
