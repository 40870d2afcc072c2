// Saving text the page made (the data CSV) as a file: a blob link clicked
// once, inside the app's root (works in a shadow root and under the page's CSP).
import { el } from '../dom.js';

export function saveText(root, filename, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: filename, hidden: true });
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// UTF-8 bytes of a string without encoding it (never a copy of a 50 MB
// paste), counted in slices with a pause between them so that the page stays
// responsive. Lone surrogates count as U+FFFD, as TextEncoder writes them.
const SLICE = 1 << 20;  // ~20 ms of counting between pauses
export async function utf8Bytes(text) {
  let bytes = 0;
  let pause = SLICE;
  for (let i = 0; i < text.length; i++) {
    if (i >= pause) {
      pause += SLICE;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
