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

  write(hash) {
    const { pathname, search } = this.win.location;
    this.win.history.replaceState(null, '', `${pathname}${search}${hash}`);
  }

  subscribe(listener) {
    this.win.addEventListener('hashchange', listener);
  }
}
