// Copying text that works everywhere: the Clipboard API where the page may
// use it (a secure context that the browser allows); where it is refused
// (plain http, a denied permission, an unfocused document) the field that
// shows the text is selected and copied with execCommand; where even that is
// refused, the text stays selected for the reader to press Ctrl+C.
// Shared by the share dialog (web/share-dialog.js) and the take-away bar.

// field: the <input> or <textarea> showing `text` (it is revealed if hidden,
// since only a shown field can be selected). Resolves to how it went:
// 'clipboard', 'command' (execCommand) or 'selected' (the reader copies).
export async function copyText(field, text = field.value) {
  const win = field.ownerDocument.defaultView || globalThis;
  const nav = win.navigator;
  if (nav && nav.clipboard && win.isSecureContext) {
    try {
      await nav.clipboard.writeText(text);
      return 'clipboard';
    } catch { /* refused (permission, focus): fall back */ }
  }
  field.value = text;
  field.hidden = false;
  field.focus();
  field.select();
  try {
    if (field.ownerDocument.execCommand('copy')) return 'command';
  } catch { /* not supported */ }
  return 'selected';
}
