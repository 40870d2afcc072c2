// Loads the built ES module (dist/web/wasm/bnlab.mjs, or $BNLAB_WASM_DIR) in Node.
//
// Emscripten 3.1.6's ES6 glue running in Node calls require() and reads
// __dirname, which ES modules lack, and would try Node 20's fetch() on a file
// path ("Failed to parse URL"). So: provide both globals and hand it the .wasm
// bytes ourselves.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WASM_DIR = path.resolve(REPO_ROOT, process.env.BNLAB_WASM_DIR || 'dist/web/wasm');

export async function loadBnlab() {
  const glue = path.join(WASM_DIR, 'bnlab.mjs');
  if (!existsSync(glue)) {
    throw new Error(`${glue} not found: run ./build.sh web first (or set BNLAB_WASM_DIR)`);
  }
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= WASM_DIR;
  const { default: createBnlab } = await import(pathToFileURL(glue).href);
  return createBnlab({ wasmBinary: readFileSync(path.join(WASM_DIR, 'bnlab.wasm')) });
}

// A configured Lab, deleted when the test ends.
export function makeLab(t, bnlab, configJson) {
  const lab = new bnlab.Lab();
  t.after(() => lab.delete());
  const error = lab.configure(configJson);
  if (error !== '') throw new Error(`configure failed: ${error}`);
  return lab;
}

// The preset's config with "key=value" settings applied, strictly.
export function configWith(bnlab, preset, sets = []) {
  const base = bnlab.presetConfig(preset);
  if (base === '') throw new Error(`no preset named ${preset}`);
  const { json, error } = JSON.parse(bnlab.applySets(base, JSON.stringify(sets)));
  if (error !== '') throw new Error(`applySets: ${error}`);
  return json;
}
