// Bundles the <bn-lab> element into DIST/bn-lab.js (run by ./build.sh web,
// after the site is assembled in DIST): the element, the App and every part it
// mounts, uPlot, and the styles as text (adopted into each shadow root). KaTeX
// stays a separate chunk (DIST/bn-lab-chunks/), loaded only when a view
// typesets formulas. The engine itself is not bundled: the element's hidden
// engine frame (DIST/web/element/engine.html) starts DIST/web/worker.js.
//
//   node scripts/build-element.mjs [DIST]
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const dist = path.resolve(process.argv[2] || 'dist');

const result = await build({
  entryPoints: { 'bn-lab': path.join(dist, 'web', 'element', 'bn-lab.js') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'bn-lab-chunks/[name]-[hash]',
  minify: true,
  target: ['es2022'],
  loader: { '.css': 'text' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const bytes = statSync(file).size;
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  console.error(`build-element: ${path.relative(process.cwd(), file)} ${(bytes / 1024).toFixed(1)} KB (${(gz / 1024).toFixed(1)} KB gzipped)`);
}
