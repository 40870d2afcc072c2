// How a <bn-lab> element reaches its training worker. The element's script
// usually comes from another origin than the page it sits in (a course page
// loading bn-lab.js from BN Lab's host), and a module worker must be
// same-origin with the page that starts it; a blob: worker would do, but a
// strict host CSP (script-src without blob:, so worker-src falls back to it)
// refuses it. So every element's worker is started by one hidden engine frame
// (engine.html) on BN Lab's origin, under BN Lab's own CSP, and the element
// talks to its worker over a MessageChannel (buffers transferred, not copied).
// docs/EMBEDDING.md ("The <bn-lab> element") has the measurements.
const FRAME_TIMEOUT_MS = 20000;

let frame = null;  // {url, ready: Promise<Window>}, one per page

function engineFrame(url) {
  if (frame && frame.url === url.href) return frame.ready;
  const node = document.createElement('iframe');
  node.hidden = true;
  node.title = 'BN Lab engine';
  node.setAttribute('aria-hidden', 'true');
  node.tabIndex = -1;
  node.src = url.href;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no answer from ${url.href}`)); }, FRAME_TIMEOUT_MS);
    const onMessage = (event) => {
      const m = event.data;
      if (event.source !== node.contentWindow || event.origin !== url.origin || !m || m.bnlabEngine !== 1 || m.type !== 'ready') return;
      cleanup();
      resolve(node.contentWindow);
    };
    // A host CSP without frame-src for BN Lab's origin: say so at once.
    const onViolation = (event) => {
      if (!String(event.blockedURI || '').startsWith(url.origin)) return;
      cleanup();
      reject(new Error(`the page's Content-Security-Policy refused ${url.origin} (${event.effectiveDirective}); allow it in frame-src`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      document.removeEventListener('securitypolicyviolation', onViolation);
    };
    window.addEventListener('message', onMessage);
    document.addEventListener('securitypolicyviolation', onViolation);
  });
  (document.body || document.documentElement).append(node);
  frame = { url: url.href, ready };
  ready.catch(() => { if (frame && frame.ready === ready) frame = null; });
  return ready;
}

// Looks like a Worker to EngineClient: postMessage, onmessage, onerror, terminate.
class FramedWorker {
  constructor(url) {
    this.onmessage = null;
    this.onerror = null;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (event) => { if (this.onmessage) this.onmessage(event); };
    // Messages posted before the frame answers wait in the port's queue.
    engineFrame(url).then(
      (win) => win.postMessage({ bnlabEngine: 1, type: 'spawn' }, url.origin, [channel.port2]),
      (err) => { if (this.onerror) this.onerror({ message: err.message }); },
    );
  }

  postMessage(message, transfer = []) { this.port.postMessage(message, transfer); }

  terminate() {
    this.port.postMessage({ bnlabEngine: 'terminate' });
    this.port.close();
  }
}

// Loads the engine frame (a tiny page, no engine yet) ahead of the first
// element's start, so that start does not wait for it.
export function preloadEngineFrame(frameUrl) {
  engineFrame(new URL(frameUrl)).catch(() => {});  // a failure is reported at start
}

// A worker factory for setWorkerFactory (../engine-client.js).
export function framedWorkerFactory(frameUrl) {
  const url = new URL(frameUrl);
  return () => new FramedWorker(url);
}
