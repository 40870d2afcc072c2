// The message area: hash errors, rejected edits, engine trouble. Text only:
// every message is set with textContent, whatever its source.
export class Messages {
  constructor(container) {
    this.container = container;
    this.items = [];  // {text, level, node}
  }

  // level: 'error' | 'warning' | 'info'
  add(text, level = 'error') {
    const node = document.createElement('div');
    node.className = `message message-${level}`;
    node.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const body = document.createElement('span');
    body.className = 'message-text';
    body.textContent = String(text);
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'message-close';
    close.setAttribute('aria-label', 'Dismiss this message');
    close.textContent = '×';
    const item = { text: String(text), level, node };
    close.addEventListener('click', () => this.remove(item));
    node.append(body, close);
    this.container.append(node);
    this.items.push(item);
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
