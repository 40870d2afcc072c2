// The message area: hash errors, rejected edits, engine trouble. Text only:
// every message is set as text, whatever its source.
import { el } from './dom.js';
import { t } from './i18n/index.js';

export class Messages {
  constructor(container) {
    this.container = container;
    this.items = [];  // {text, level, node}
  }

  // level: 'error' | 'warning' | 'info'. Returns the item (for remove()).
  add(text, level = 'error') {
    const item = { text: String(text), level, node: null };
    const close = el('button', { type: 'button', className: 'message-close', 'aria-label': t('messages.dismiss') }, '×');
    close.addEventListener('click', () => this.remove(item));
    item.node = el('div', { className: `message message-${level}`, role: level === 'error' ? 'alert' : 'status' },
      el('span', 'message-text', item.text), close);
    this.container.append(item.node);
    this.items.push(item);
    return item;
  }

  remove(item) {
    item.node.remove();
    this.items = this.items.filter((i) => i !== item);
  }

  clear() {
    for (const item of this.items) item.node.remove();
    this.items = [];
  }

  texts() {
    return this.items.map((i) => i.text);
  }
}
