// index.html's first script: starts the training worker at once, while the
// browser fetches the page's modules (web/main.js and its imports); the App
// takes it when it is built (web/early-worker.js).
import { startEarlyWorker } from './early-worker.js';

startEarlyWorker();
