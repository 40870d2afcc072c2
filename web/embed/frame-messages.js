// The iframe messages, protocol 1 (docs/DESIGN.md, "Embedding (contract,
// round 2)"; the teacher's guide is docs/EMBEDDING.md). Started by main.js
// only when the page runs inside a frame.
//
// To the parent window:
//   {bnlab:1, type:"ready", preset, status}     once the engine is ready
//   {bnlab:1, type:"resize", height}            the preferred height, when it changes,
//   {subject:"lti.frameResize", height}         and the same for LMSs such as Canvas
//   {bnlab:1, type:"status", status, reason}    play/pause, reset, divergence, stop,
//                                                and twice a second while training
// From the parent window:
//   {bnlab:1, type:"command", id, method, args} -> {bnlab:1, type:"reply", id, ok, result | error}
//
// Who is obeyed: only messages whose source is our parent window, and with
// origin= in the hash only those from that origin. Replies go to the sender
// at the sender's origin. A sender with an opaque origin ("null": a page
// opened from a file, a sandboxed frame) gets its reply with targetOrigin "*":
// it is our parent (checked above), and a reply carries nothing the widget
// does not already tell its parent in every status event; refusing would
// break course pages opened from disk. Events go to the origin= origin, or
// to any parent when none is given (they hold public training numbers only).
//
// Nothing here throws on bad input: foreign messages (no `bnlab` key) are
// ignored; malformed commands get an ok:false reply naming the problem.
import { quote } from '../state.js';
import { watchHeight } from './fit.js';
import { settingsToSets } from './settings.js';

export const PROTOCOL = 1;
export const MAX_STEPS = 100000;     // per step command
const MAX_PENDING = 32;              // commands being carried out at once
const MAX_ID_CHARS = 200;
const MAX_NAME_CHARS = 100;

// method -> [min args, max args, needs the engine ready, changes settings]
const METHODS = Object.freeze(Object.assign(Object.create(null), {
  status: [0, 0, false, false],
  play: [0, 0, true, false],
  pause: [0, 0, false, false],
  step: [0, 1, true, false],
  reset: [0, 0, true, false],
  openPreset: [1, 1, true, true],
  set: [1, 1, true, true],
}));

class CommandError extends Error {}
// Untrusted values in a reply: short, and never serialized whole.
const describe = (v) => quote(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : typeof v);

const fail = (text) => { throw new CommandError(text); };

function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// The id to echo: a string or a finite number; anything else is an error
// (replied to with id null).
function readId(data) {
  if (!Object.hasOwn(data, 'id') || data.id === undefined || data.id === null) return { id: null };
  const { id } = data;
  if (typeof id === 'number' && Number.isFinite(id)) return { id };
  if (typeof id === 'string' && id.length <= MAX_ID_CHARS) return { id };
  return { id: null, error: `id: expected a string of up to ${MAX_ID_CHARS} characters or a number` };
}

// app: the App (web/app.js); win: the frame's window; widget: its keys.
// Returns a function that stops everything.
export function startFrameMessages(app, { win = window, widget }) {
  const parent = win.parent;
  if (!parent || parent === win) return () => {};
  const only = widget.origin;             // null: any parent origin
  const eventTarget = only || '*';
  const post = (message) => {
    try { parent.postMessage(message, eventTarget); } catch { /* a parent gone away */ }
  };
  let pending = 0;

  const stopStatus = app.onStatus((status, reason) => {
    if (reason === 'ready') post({ bnlab: PROTOCOL, type: 'ready', preset: status.preset, status });
    else post({ bnlab: PROTOCOL, type: 'status', status, reason });
  });
  const stopHeight = watchHeight(app.root, (height) => {
    post({ bnlab: PROTOCOL, type: 'resize', height });
    post({ subject: 'lti.frameResize', height });
  });

  async function run(method, args) {
    const [min, max, needsReady, changesSettings] = METHODS[method];
    if (args.length < min || args.length > max) {
      fail(`${method}: expected ${min === max ? min : `${min} to ${max}`} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`);
    }
    if (changesSettings && app.widget.lock) fail(`${method}: refused: the widget is locked (lock=1), so its settings and lesson cannot change`);
    if (needsReady && !app.ready) fail(`${method}: not ready yet (wait for the "ready" message)`);
    switch (method) {
      case 'status': break;
      case 'play': await app.play(); break;
      case 'pause': await app.pause(); break;
      case 'step': {
        const n = args.length ? args[0] : 1;
        if (!Number.isInteger(n) || n < 1 || n > MAX_STEPS) {
          fail(`step: n must be a whole number from 1 to ${MAX_STEPS}, got ${describe(n)}`);
        }
        await app.step(n);
        break;
      }
      case 'reset': await app.reset(); break;
      case 'openPreset': {
        const name = args[0];
        const names = app.presets.map((p) => p.name);
        if (typeof name !== 'string' || name.length > MAX_NAME_CHARS || !names.includes(name)) {
          fail(`openPreset: unknown preset ${describe(name)} (presets: ${names.join(', ')})`);
        }
        await app.openPreset(name);
        break;
      }
      case 'set': {
        const parsed = settingsToSets(args[0]);
        if (parsed.error) fail(parsed.error);
        const outcome = await app.applySettings(parsed.sets);
        if (!outcome.ok) fail(`set: ${outcome.error}`);
        break;
      }
      default: fail(`unknown method ${quote(method)}`);
    }
    return app.status();
  }

  async function onMessage(event) {
    if (event.source !== parent) return;           // a sibling frame, a popup, ourselves
    if (only && event.origin !== only) return;      // origin= narrows it to one host
    const data = event.data;
    if (!isPlainObject(data) || !Object.hasOwn(data, 'bnlab')) return;  // not for us
    const replyTarget = event.origin === 'null' ? '*' : event.origin;
    const reply = (message) => {
      try { event.source.postMessage({ bnlab: PROTOCOL, type: 'reply', ...message }, replyTarget); } catch { /* gone */ }
    };
    // Malformed commands are answered only when they carry an id; well-formed
    // ones always are (with id null when they carry none).
    const { id, error: idError } = readId(data);
    const hasId = Object.hasOwn(data, 'id');
    const refuse = (error) => { if (hasId) reply({ id, ok: false, error }); };
    if (data.type !== 'command') {
      // Our own event shapes coming back (a host echoing them) are not commands.
      if (!['reply', 'status', 'ready', 'resize'].includes(data.type)) {
        refuse(`type: ${describe(data.type)} is not a message this widget takes (allowed: command)`);
      }
      return;
    }
    if (data.bnlab !== PROTOCOL) return refuse(`bnlab: ${describe(data.bnlab)} is not a protocol this widget speaks (allowed: ${PROTOCOL})`);
    if (idError) return refuse(idError);
    const { method } = data;
    if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
      return refuse(`method: ${describe(method)} is not a command (commands: ${Object.keys(METHODS).join(', ')})`);
    }
    const args = Object.hasOwn(data, 'args') && data.args !== undefined ? data.args : [];
    if (!Array.isArray(args)) return refuse(`${method}: args must be a list (an array), such as [10]`);
    if (pending >= MAX_PENDING) return refuse(`${method}: busy (${MAX_PENDING} commands are still being carried out)`);
    pending += 1;
    try {
      const result = await run(method, args);
      reply({ id, ok: true, result });
    } catch (err) {
      const text = err instanceof CommandError ? err.message : `${method}: ${String(err && err.message ? err.message : err)}`;
      reply({ id, ok: false, error: text.split('\n')[0] });
    } finally {
      pending -= 1;
    }
  }

  const listener = (event) => { onMessage(event).catch(() => {}); };
  win.addEventListener('message', listener);
  return () => {
    win.removeEventListener('message', listener);
    stopStatus();
    stopHeight();
  };
}
