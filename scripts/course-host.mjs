// A course page on one loopback origin, BN Lab (dist/, scripts/serve.mjs) on
// another, for the element's browser tests and the widgets benchmark: the
// host serves examples/ (or given pages) with the strict CSP of the embedding
// contract as a header, with BN Lab's origin in place of https://bnlab.example.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export const EXAMPLES = path.join(ROOT, 'examples');
export const PLACEHOLDER = 'https://bnlab.example';

export const hostPolicy = (bnlabOrigin) => `script-src 'self' ${bnlabOrigin} 'wasm-unsafe-eval'; style-src 'self' ${bnlabOrigin}`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

// Serves examples/ (or `pages`: {'/name.html': text}) on a free port.
export function startHost(bnlabUrl, { pages = {} } = {}) {
  const origin = new URL(bnlabUrl).origin;
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, 'http://host').pathname;
    let text = pages[name];
    if (text === undefined && /^\/[\w.-]+$/.test(name)) {
      try { text = await readFile(path.join(EXAMPLES, name), 'utf8'); } catch { text = undefined; }
    }
    if (text === undefined) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(name)] || 'text/plain',
      'Content-Security-Policy': hostPolicy(origin),
      'Cache-Control': 'no-cache',
    });
    res.end(text.replaceAll(PLACEHOLDER, origin));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  })));
}

// Every CSP violation the page sees, from the event (which also fires inside
// shadow roots) as well as from the console.
export async function watchViolations(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    }, true);
  });
}
