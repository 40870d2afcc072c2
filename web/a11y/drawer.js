// The settings drawer on narrow screens (phones, small tablets): the
// settings column and the toolbar's speed and drawing options move into a
// panel that slides over the page, opened by the toolbar's "Settings"
// button. While open it is a modal dialog: the rest of the page is inert,
// Escape, the close button or a tap beside it closes it, and focus returns
// to the button. On wide screens the same nodes are an ordinary column.
import { el } from '../dom.js';

export const DRAWER_QUERY = '(max-width: 900px)';

export class SettingsDrawer {
  // refs: the layout's (settings, controls, drawerToggle, drawerClose,
  // drawerOptions, toolbarOptions, toolbar, root).
  constructor(refs, { win = window } = {}) {
    this.refs = refs;
    this.root = refs.root;
    this.open = false;
    this.narrow = false;
    this.backdrop = el('div', { className: 'drawer-backdrop', hidden: true });
    this.backdrop.addEventListener('click', () => this.close());
    refs.settings.after(this.backdrop);
    refs.drawerToggle.addEventListener('click', () => (this.open ? this.close() : this.show()));
    refs.drawerClose.addEventListener('click', () => this.close());
    refs.settings.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.open && !e.defaultPrevented) {
        e.preventDefault();
        this.close();
      }
    });
    this.query = win.matchMedia(DRAWER_QUERY);
    this.query.addEventListener('change', () => this.layout());
    this.layout();
  }

  // Follows the screen's width: drawer (narrow) or column (wide).
  layout() {
    const narrow = this.query.matches;
    if (narrow === this.narrow && this.placed) return;
    this.placed = true;
    this.narrow = narrow;
    const { settings, drawerOptions, toolbarOptions, toolbar } = this.refs;
    this.root.classList.toggle('is-narrow', narrow);
    if (toolbarOptions) {
      const focused = toolbarOptions.contains(this.root.getRootNode().activeElement) ? this.root.getRootNode().activeElement : null;
      if (narrow) drawerOptions.append(toolbarOptions);
      else toolbar.append(toolbarOptions);
      if (focused) focused.focus();
    }
    if (narrow) {
      settings.setAttribute('role', 'dialog');
      settings.setAttribute('aria-modal', 'true');
    } else {
      this.close({ returnFocus: false });
      settings.removeAttribute('role');
      settings.removeAttribute('aria-modal');
    }
  }

  // The page around the drawer: everything but the settings column.
  others() {
    const main = this.refs.settings.parentNode;
    return [...this.root.children, ...main.children].filter((n) => n !== main && n !== this.refs.settings && n !== this.backdrop);
  }

  show() {
    if (!this.narrow || this.open) return;
    this.open = true;
    this.refs.settings.classList.add('is-open');
    this.backdrop.hidden = false;
    this.refs.drawerToggle.setAttribute('aria-expanded', 'true');
    for (const node of this.others()) node.inert = true;
    this.refs.drawerClose.focus();
  }

  close({ returnFocus = true } = {}) {
    if (!this.open) return;
    this.open = false;
    this.refs.settings.classList.remove('is-open');
    this.backdrop.hidden = true;
    this.refs.drawerToggle.setAttribute('aria-expanded', 'false');
    for (const node of this.others()) node.inert = false;
    if (returnFocus) this.refs.drawerToggle.focus();
  }
}
