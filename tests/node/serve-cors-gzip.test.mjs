// scripts/serve.mjs as a static host for embedding: every file may be loaded
// from another origin (the <bn-lab> element's module script is a CORS
// request), and text and WebAssembly go out gzipped to clients that accept it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../../scripts/serve.mjs';

function get(url, rawPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path: rawPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('CORS for every file; gzip for text and wasm when accepted, plain otherwise', async (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bnlab-serve-cors-'));
  mkdirSync(path.join(root, 'web'));
  const js = `export const text = ${JSON.stringify('bn-lab '.repeat(500))};\n`;
  const wasm = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), Buffer.alloc(4000)]);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'bn-lab.js'), js);
  writeFileSync(path.join(root, 'web', 'bnlab.wasm'), wasm);
  writeFileSync(path.join(root, 'web', 'font.woff2'), Buffer.from('wOF2 not compressible'));
  const { url, close } = await startServer({ root, port: 0 });
  t.after(async () => { await close(); rmSync(root, { recursive: true, force: true }); });

  for (const p of ['/bn-lab.js', '/web/bnlab.wasm', '/web/font.woff2', '/index.html']) {
    const res = await get(url, p, { Origin: 'https://course.example' });
    assert.equal(res.headers['access-control-allow-origin'], '*', p);
  }
  const plain = await get(url, '/bn-lab.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), js);

  const zipped = await get(url, '/bn-lab.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers['content-type'].split(';')[0], 'text/javascript');
  assert.ok(zipped.body.length < js.length / 5, `compressed to ${zipped.body.length} of ${js.length} bytes`);
  assert.equal(gunzipSync(zipped.body).toString(), js);

  const w = await get(url, '/web/bnlab.wasm', { 'Accept-Encoding': 'gzip' });
  assert.equal(w.headers['content-encoding'], 'gzip');
  assert.equal(w.headers['content-type'], 'application/wasm');
  assert.deepEqual(gunzipSync(w.body), wasm);

  const font = await get(url, '/web/font.woff2', { 'Accept-Encoding': 'gzip' });
  assert.equal(font.headers['content-encoding'], undefined, 'woff2 is compressed already');
});
