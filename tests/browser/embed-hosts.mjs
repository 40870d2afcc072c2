// Course pages on one origin with BN Lab in iframes from another: two
// loopback servers (two ports are two origins). BN Lab is dist/ under its own
// CSP; the host is a temporary copy of examples/ with BN Lab's address put in
// (the examples point at http://127.0.0.1:8080/, where ./build.sh serve runs),
// served under a strict host policy that lets it frame BN Lab and nothing else.
// An init script in every frame records every message it receives, with its
// origin and whether it came from the parent, a child frame or elsewhere.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT, setup } from './helpers.mjs';

export const EXAMPLE_BNLAB = 'http://127.0.0.1:8080/';

function recordMessages() {
  window.__messages = [];
  window.addEventListener('message', (event) => {
    let from = 'other';
    if (event.source === window.parent && window.parent !== window) from = 'parent';
    else {
      for (const frame of document.querySelectorAll('iframe')) {
        if (frame.contentWindow === event.source) from = frame.id || 'child';
      }
    }
    // A copy of the fields the tests read (a command's args, possibly huge, are not kept).
    const d = event.data;
    let data = d;
    if (d !== null && typeof d === 'object' && !Array.isArray(d)) {
      data = {};
      for (const key of ['bnlab', 'type', 'id', 'method', 'reason', 'preset', 'ok', 'error', 'result', 'status', 'height', 'subject']) {
        if (Object.hasOwn(d, key)) {
          try { data[key] = JSON.parse(JSON.stringify(d[key]) ?? 'null'); } catch { data[key] = String(typeof d[key]); }
        }
      }
    } else if (typeof d !== 'string' && typeof d !== 'number') {
      data = String(d);
    }
    window.__messages.push({ from, origin: event.origin, data, time: performance.now() });
  });
}

export async function setupHosts({ full = false } = {}) {
  const env = await setup({ full });
  const bnlabUrl = env.server.url;
  const bnlabOrigin = new URL(bnlabUrl).origin;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnlab-hosts-'));
  cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (!/\.(html|js)$/.test(name)) continue;
    const file = path.join(dir, name);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(EXAMPLE_BNLAB, bnlabUrl));
  }
  const csp = ["default-src 'self'", "script-src 'self'", "style-src 'self'", `frame-src ${bnlabOrigin}`, "img-src 'self' data:"].join('; ');
  const host = await startServer({ root: dir, port: 0, csp });
  const hostOrigin = new URL(host.url).origin;

  // Writes a page of the test's own into the host folder.
  const writePage = (name, html) => writeFileSync(path.join(dir, name), html);

  // Opens a host page ('commands.html#lock=1', or a file:// URL with
  // {file: true}); returns {page, context, problems, widget(id)}.
  async function openHost(file, { viewport = { width: 1000, height: 900 }, reducedMotion = 'no-preference', colorScheme = 'light', fromDisk = false } = {}) {
    const context = await env.browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion, colorScheme });
    await context.addInitScript(recordMessages);
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
    const url = fromDisk ? pathToFileURL(path.join(dir, file.split('#')[0])).href + (file.includes('#') ? `#${file.split('#')[1]}` : '') : host.url + file;
    await page.goto(url);
    // The BN Lab frame with this element id (default: the first one).
    const widget = async (id = null) => {
      const handle = await page.waitForSelector(id ? `iframe#${id}` : 'iframe');
      let frame = null;
      for (let i = 0; i < 100 && !(frame = await handle.contentFrame()); i++) await page.waitForTimeout(50);
      // (Until main.js runs, window.bnlab is the element with that id. A frame
      // out of view runs no animation frames: poll on a timer.)
      await frame.waitForFunction(() => window.bnlab && typeof window.bnlab.status === 'function' && window.bnlab.status().ready, null, { timeout: 30000, polling: 100 });
      return frame;
    };
    return { page, context, problems, widget };
  }

  return {
    ...env,
    bnlabUrl,
    bnlabOrigin,
    hostUrl: host.url,
    hostOrigin,
    dir,
    writePage,
    openHost,
    close: async () => {
      await env.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The messages a page or frame has received: [{from, origin, data, time}].
export function received(target) {
  return target.evaluate(() => window.__messages);
}

// Posts `message` from `target`'s window to the frame with this element id
// (or to window.parent's first frame, for a sibling).
export function post(target, message, frameId = 'bnlab', targetOrigin = '*') {
  return target.evaluate(([m, id, origin]) => {
    const frame = document.getElementById(id);
    frame.contentWindow.postMessage(m, origin);
  }, [message, frameId, targetOrigin]);
}

// Waits for the reply with this id in the host page's received messages.
export async function replyTo(page, id, timeout = 30000) {
  const handle = await page.waitForFunction((i) => window.__messages.find((m) => m.data && m.data.type === 'reply' && m.data.id === i), id, { timeout });
  return (await handle.jsonValue()).data;
}
