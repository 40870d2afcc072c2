// The one-file page (dist/bnlab.html, scripts/build-single.mjs): the training
// worker's code travels inside the file as text (a <script> block the browser
// does not run) and starts from a blob: URL, since a page opened from disk has
// no server to load a worker from. A classic worker: Chromium refuses module
// workers from blob: URLs in a file:// page (an opaque origin). Imported
// before ../main.js.
import { prestartWorker, setWorkerFactory } from '../engine-client.js';

const SOURCE_ID = 'bnlab-worker-source';
let url = null;

setWorkerFactory(() => {
  if (!url) {
    const source = document.getElementById(SOURCE_ID);
    if (!source) throw new Error(`#${SOURCE_ID} is missing from this file`);
    url = URL.createObjectURL(new Blob([source.textContent], { type: 'text/javascript' }));
  }
  return new Worker(url, { name: 'bnlab-trainer' });
});
// Started now, before the page's App is built: the engine loads meanwhile.
prestartWorker();

// A page without an address of its own (an iframe's srcdoc, as the Jupyter
// module python/bnlab_jupyter.py makes) brings its state in
// <meta name="bnlab-state" content="preset=...&...">: it becomes the hash
// before the page reads it (replaceState: no hashchange, no history entry).
const state = document.querySelector('meta[name="bnlab-state"]');
if (state && !location.hash && state.content) {
  history.replaceState(null, '', `${location.href.split('#')[0]}#${state.content.replace(/^#/, '')}`);
}
