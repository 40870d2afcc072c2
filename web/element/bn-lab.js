// <bn-lab>: BN Lab as a custom element. This is the entry that
// scripts/build-element.mjs bundles to the root of BN Lab's dist/ as
// bn-lab.js; the element itself (./element.js: the App, uPlot, the styles)
// is a chunk it imports. What this small file does first, so that the engine
// loads while that chunk is fetched and parsed (docs/PERFORMANCE.md, "A page
// full of widgets"): if the page already holds a <bn-lab>, it inserts the
// hidden engine frame, which compiles the .wasm and starts a worker at once
// (./engine-port.js, ./engine.js).
import { framedWorkerFactory, preloadEngineFrame } from './engine-port.js';

// Everything else is found from here (dist/), on BN Lab's origin.
const BASE = new URL('./', import.meta.url);
const ENGINE_FRAME = new URL('web/element/engine.html', BASE);
const preload = () => preloadEngineFrame(ENGINE_FRAME);

if (document.querySelector('bn-lab')) preload();
import('./element.js').then(({ defineBnLab }) => defineBnLab({ base: BASE, preload, workerFactory: framedWorkerFactory(ENGINE_FRAME) }));
