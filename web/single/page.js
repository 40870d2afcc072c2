// Entry of the one-file page's script (scripts/build-single.mjs bundles it):
// the blob worker first, then the full page exactly as index.html runs it.
import './boot.js';
import '../main.js';
