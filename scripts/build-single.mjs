// ./build.sh single: the whole page in one file, DIST/bnlab.html, built from
// the assembled site in DIST (./build.sh web). It opens straight from disk
// (file://) with no server and makes no network request: the page's script
// (web/single/page.js, bundled with KaTeX and uPlot), the worker's script
// (web/worker.js with the engine, the .wasm gzip-compressed in base64:
// web/single/engine-inline.js) as a text block started from a blob:, the
// styles, and the KaTeX fonts that the formulas use, as data: URLs. Its own
// Content-Security-Policy allows exactly that (hashes of its two inline blocks,
// blob: workers, data: fonts, connect-src 'none'), so the browser itself
// enforces "no network request".
//
//   node scripts/build-single.mjs [DIST]     prints the size; fails above the budget
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const SIZE_BUDGET = 1.5 * 1024 * 1024;
// The KaTeX fonts the inspector's formulas use, measured in Chromium (the
// font files the full page fetched while typesetting them: Main-Regular,
// Math-Italic, Size2-Regular), plus Size1 for taller brackets. Other
// faces are left out of the file (text in them would fall back to the
// system's fonts).
export const KATEX_FONTS = ['KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_Size1-Regular', 'KaTeX_Size2-Regular'];

const dist = path.resolve(process.argv[2] || 'dist');
const web = path.join(dist, 'web');
const read = (...parts) => readFileSync(path.join(web, ...parts), 'utf8');

// Text that sits inside a <script> element must not end it early.
function scriptSafe(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

async function bundle(options) {
  const result = await build({
    bundle: true, format: 'esm', minify: true, target: ['es2022'], write: false,
    loader: { '.css': 'text' }, logLevel: 'warning', legalComments: 'none', ...options,
  });
  return result.outputFiles[0].text;
}

// The worker: web/worker.js with the inline engine in place of the glue's loader.
const wasm = readFileSync(path.join(web, 'wasm', 'bnlab.wasm'));
// A classic worker (iife): Chromium refuses module workers from blob: URLs
// in a file:// page (its origin is opaque), and accepts classic ones.
const workerCode = await bundle({
  format: 'iife',
  define: { 'import.meta.url': 'self.location.href' },  // a classic script has no import.meta
  external: ['fs', 'path'],  // the glue's Node branch, never taken in a browser
  entryPoints: [path.join(web, 'worker.js')],
  plugins: [{
    name: 'inline-engine',
    setup(b) {
      b.onResolve({ filter: /\/wasm\/bnlab\.mjs$/ }, (args) => (
        path.basename(args.importer) === 'worker.js' ? { path: path.join(web, 'single', 'engine-inline.js') } : undefined));
      b.onResolve({ filter: /^bnlab:wasm-gzip-base64$/ }, () => ({ path: 'wasm', namespace: 'bnlab' }));
      b.onLoad({ filter: /.*/, namespace: 'bnlab' }, () => ({
        contents: `export default ${JSON.stringify(gzipSync(wasm, { level: 9 }).toString('base64'))};`, loader: 'js',
      }));
    },
  }],
});

// The page: the boot module (blob worker), then main.js; KaTeX inlined.
const pageCode = await bundle({ entryPoints: [path.join(web, 'single', 'page.js')] });

// Styles: uPlot's, KaTeX's with only the fonts used (as data: URLs), the page's.
const katexCss = read('vendor', 'katex', 'katex.min.css').replace(/@font-face\{[^}]*\}/g, (rule) => {
  const file = /url\(fonts\/(KaTeX_[\w-]+)\.woff2\)/.exec(rule);
  if (!file || !KATEX_FONTS.includes(file[1])) return '';
  const font = readFileSync(path.join(web, 'vendor', 'katex', 'fonts', `${file[1]}.woff2`)).toString('base64');
  return rule.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${font}) format("woff2")`);
});
const css = [read('vendor', 'uPlot.min.css'), katexCss, read('style.css')].join('\n');

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const pageScript = scriptSafe(pageCode);
const policy = [
  "default-src 'none'",
  `script-src ${sha(pageScript)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src ${sha(css)}`,
  'font-src data:',
  'img-src data:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const replaceOnce = (pattern, text) => {
  if (!pattern.test(html)) throw new Error(`build-single: index.html has no ${pattern}`);
  html = html.replace(pattern, () => text);
};
replaceOnce(/<!-- The same policy[^>]*-->\s*/, '');
replaceOnce(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<!-- BN Lab in one file (./build.sh single): opens from disk, fetches nothing. -->\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
html = html.replace(/\s*<link rel="stylesheet"[^>]*>/g, '');
// index.html starts its worker from web/boot.js; here web/single/boot.js does.
replaceOnce(/\s*<!-- The training worker starts first[^>]*-->/, '');
replaceOnce(/\s*<link rel="modulepreload"[^>]*>/, '');
replaceOnce(/\s*<script type="module" src="web\/boot\.js"><\/script>/, '');
replaceOnce(/<script type="module" src="[^"]*"><\/script>/, `<style>${css}</style>\n  <script type="module">${pageScript}</script>`);
replaceOnce(/<\/body>/, `  <script type="text/plain" id="bnlab-worker-source">${scriptSafe(workerCode)}</script>\n</body>`);

const out = path.join(dist, 'bnlab.html');
writeFileSync(out, html);
const size = Buffer.byteLength(html);
const mb = (n) => (n / 1024 / 1024).toFixed(2);
console.log(`build-single: ${path.relative(process.cwd(), out)} ${size.toLocaleString('en-US')} bytes (${mb(size)} MB; budget ${mb(SIZE_BUDGET)} MB): `
  + `page script ${Math.round(pageScript.length / 1024)} KB, worker + engine ${Math.round(workerCode.length / 1024)} KB, styles and fonts ${Math.round(css.length / 1024)} KB`);
if (size > SIZE_BUDGET) {
  console.error(`build-single: ${out} is over the ${mb(SIZE_BUDGET)} MB budget`);
  process.exit(1);
}
