// The one-file page (dist/bnlab.html, scripts/build-single.mjs): the training
// worker's code travels inside the file as text (a <script> block the browser
// does not run) and starts from a blob: URL, since a page opened from disk has
// no server to load a worker from. A classic worker: Chromium refuses module
// workers from blob: URLs in a file:// page (an opaque origin). Imported
// before ../main.js.
import { setWorkerFactory } from '../engine-client.js';

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
