// The engine inside the one-file page's worker: scripts/build-single.mjs puts
// this module in place of ../wasm/bnlab.mjs for ../worker.js. The .wasm is
// inlined gzip-compressed and base64-encoded (a third of its raw size) and
// unpacked with the browser's own DecompressionStream, so nothing is fetched.
import createBnlab from '../wasm/bnlab.mjs';
import packed from 'bnlab:wasm-gzip-base64';

async function unpack() {
  const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export default async function createInlineBnlab(options = {}) {
  // locateFile: the glue would otherwise resolve the .wasm's URL against its own.
  return createBnlab({ ...options, wasmBinary: await unpack(), locateFile: (file) => file });
}
