// A tiny static file server for dist/: correct MIME types (ES modules and
// WebAssembly are refused by browsers under the wrong type) and the strict
// Content-Security-Policy the page must work under (no eval, no other hosts).
// Like a static host configured for BN Lab: every file may be loaded from
// other origins (Access-Control-Allow-Origin: *, which the <bn-lab> element's
// module script needs when a course page on another host loads it), and text
// and WebAssembly are sent gzip-compressed to browsers that accept it.
//
//   node scripts/serve.mjs [ROOT]      serves ROOT (default dist) on 127.0.0.1:$PORT
//
// Also a module: the browser tests call startServer() on port 0.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets Chromium compile WebAssembly; JS eval stays forbidden.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
].join('; ');

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.md', '.map']);
const gzipAsync = promisify(gzip);
const gzipCache = new Map();  // file -> {mtimeMs, size, body}

async function gzipped(file, stat) {
  const cached = gzipCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.body;
  const body = await gzipAsync(await fs.readFile(file));
  gzipCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, body });
  return body;
}

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// Maps a URL path to a file under root, or null if it would leave root.
function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

async function handle(root, req, res, csp) {
  if (csp) res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  }
  let file = resolveUnder(root, new URL(req.url, 'http://localhost').pathname);
  if (!file) return send(res, 403, 'forbidden\n');
  let stat;
  try {
    stat = await fs.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
  } catch {
    return send(res, 404, 'not found\n');
  }
  if (!stat.isFile()) return send(res, 404, 'not found\n');
  if (COMPRESSIBLE.has(path.extname(file).toLowerCase()) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    const body = await gzipped(file, stat);
    res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': body.length, 'Content-Encoding': 'gzip' });
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': stat.size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

// Starts serving root. If the port is taken, tries the next few, then any free
// one. Resolves to {server, url, close()}.
// csp: the Content-Security-Policy header (default: the page's own; '' for
// none). The embedding tests serve host pages with a policy of their own.
export async function startServer({ root = 'dist', port = 8080, host = '127.0.0.1', csp = CONTENT_SECURITY_POLICY } = {}) {
  const absRoot = path.resolve(root);
  const server = createServer((req, res) => {
    handle(absRoot, req, res, csp).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  const candidates = port === 0 ? [0] : [port, port + 1, port + 2, port + 3, port + 4, 0];
  let lastError;
  for (const candidate of candidates) {
    try {
      const actual = await listen(server, candidate, host);
      const url = `http://${host}:${actual}/`;
      return { server, url, close: () => new Promise((r) => server.close(() => r())) };
    } catch (err) {
      if (err.code !== 'EADDRINUSE') throw err;
      lastError = err;
    }
  }
  throw lastError;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = process.argv[2] || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be an integer 0..65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  try {
    await fs.access(path.join(root, 'index.html'));
  } catch {
    console.error(`serve: ${path.resolve(root)}/index.html not found; run ./build.sh web first`);
    process.exit(2);
  }
  const { url } = await startServer({ root, port });
  if (port !== 0 && !url.endsWith(`:${port}/`)) console.error(`serve: port ${port} is busy, using another`);
  console.log(`BN Lab is served at ${url}  (Ctrl-C to stop)`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
