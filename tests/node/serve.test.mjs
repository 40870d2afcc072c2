// The static server: MIME types browsers insist on, the CSP header, no escape
// from the served folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { CONTENT_SECURITY_POLICY, startServer } from '../../scripts/serve.mjs';

// fetch() would normalize "/../" away; send the raw path.
function get(url, rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves files with their MIME types and the CSP, and nothing outside the root', async (t) => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'bnlab-serve-'));
  const root = path.join(parent, 'dist');
  mkdirSync(path.join(root, 'web', 'wasm'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'web', 'main.js'), 'export {};');
  writeFileSync(path.join(root, 'web', 'wasm', 'bnlab.mjs'), 'export default 1;');
  writeFileSync(path.join(root, 'web', 'wasm', 'bnlab.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(path.join(root, 'web', 'style.css'), 'body{}');
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');

  const { url, close } = await startServer({ root, port: 0 });
  t.after(async () => {
    await close();
    rmSync(parent, { recursive: true, force: true });
  });

  const expected = {
    '/': 'text/html',
    '/index.html': 'text/html',
    '/web/main.js': 'text/javascript',
    '/web/wasm/bnlab.mjs': 'text/javascript',
    '/web/wasm/bnlab.wasm': 'application/wasm',
    '/web/style.css': 'text/css',
  };
  for (const [p, type] of Object.entries(expected)) {
    const res = await get(url, p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-type'].split(';')[0], type, p);
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY, p);
  }
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-eval'/);

  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/web/..%2f..%2fsecret.txt', '/missing.js']) {
    const res = await get(url, p);
    assert.ok(res.status === 403 || res.status === 404, `${p} -> ${res.status}`);
    assert.doesNotMatch(res.body, /secret/, p);
  }
  assert.equal((await get(url, '/', 'POST')).status, 405);
});

test('a busy port falls back to another one', async (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bnlab-serve-'));
  writeFileSync(path.join(root, 'index.html'), 'x');
  const first = await startServer({ root, port: 0 });
  const port = Number(new URL(first.url).port);
  const second = await startServer({ root, port });
  t.after(async () => {
    await first.close();
    await second.close();
    rmSync(root, { recursive: true, force: true });
  });
  assert.notEqual(new URL(second.url).port, String(port));
  assert.equal((await get(second.url, '/')).status, 200);
});
