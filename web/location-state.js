// The full page's state source: the URL hash. read() is the hash text,
// write() changes the address bar without adding history entries, and
// subscribe() hears the learner (or a link) change the hash.
export class LocationState {
  constructor(win = window) {
    this.win = win;
  }

  read() {
    return this.win.location.hash;
  }

  // The document's own address (not one relative to the base URL, which an
  // iframe's srcdoc document shares with its parent) with the new hash.
  write(hash) {
    const here = this.win.location.href.split('#')[0];
    this.win.history.replaceState(null, '', `${here}${hash}`);
  }

  subscribe(listener) {
    this.win.addEventListener('hashchange', listener);
  }
}
