// Apply on commit: an arrow key on a slider, a closed <select> or a number
// field changes its value and the browser fires `change` at every press; a
// change that rebuilds the experiment would then restart training (or load a
// lesson) at every press. This sits on a container and holds back the
// `change` events that come from stepping keys until the learner commits:
// Enter or leaving the field applies, Escape goes back. Pointer use is
// untouched (a slider applies on release, a select when an option is picked),
// and so are programmatic events, so the parts inside keep listening to
// plain `change` events and need no change of their own.
//   applyOnCommit(container, {hint: () => text}) -> stop()
// Works for any field inside: the settings column, the preset picker, and
// the per-run settings a panel may carry (call it on the panel's root).

const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End']);
const FIELDS = 'input[type="range"], input[type="number"], select';

// Keys that open a select's list: a choice made there is a commit already.
function opensList(e) {
  return e.key === ' ' || e.key === 'F4' || (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp'));
}

export function applyOnCommit(container, { hint = () => '' } = {}) {
  // field -> {base: value when stepping began, deferred: a change is held}
  const stepping = new Map();
  let releasing = null;  // the field whose held change is being let through

  const target = (e) => {
    const node = e.composedPath ? e.composedPath()[0] : e.target;
    return node && node.matches && node.matches(FIELDS) ? node : null;
  };

  const showPending = (field, pending) => {
    field.classList.toggle('is-pending', pending);
    const holder = field.closest('.control, .preset-picker, .commit-scope') || field.parentNode;
    let note = holder.querySelector(':scope > .commit-hint');
    if (pending && !note) {
      note = field.ownerDocument.createElement('p');
      note.className = 'commit-hint';
      note.setAttribute('role', 'status');
      note.textContent = hint(field);
      holder.append(note);
    } else if (!pending && note) {
      note.remove();
    }
  };

  const commit = (field) => {
    const state = stepping.get(field);
    stepping.delete(field);
    if (!state) return;
    showPending(field, false);
    // Back where it started: nothing to apply (and nothing to restart).
    if (!state.deferred || field.value === state.base) return;
    releasing = field;
    try {
      field.dispatchEvent(new Event('change', { bubbles: true }));
    } finally {
      releasing = null;
    }
  };

  const cancel = (field) => {
    const state = stepping.get(field);
    stepping.delete(field);
    if (!state) return;
    showPending(field, false);
    if (field.value !== state.base) {
      field.value = state.base;
      field.dispatchEvent(new Event('input', { bubbles: true }));  // the shown value follows
    }
  };

  const onKeyDown = (e) => {
    const field = target(e);
    if (!field || e.ctrlKey || e.metaKey) return;
    if (field.tagName === 'SELECT' && opensList(e)) {
      commit(field);  // the list's own choice then applies at once
      return;
    }
    if (STEP_KEYS.has(e.key) && !e.altKey) {
      if (!stepping.has(field)) stepping.set(field, { base: field.value, deferred: false });
    } else if (e.key === 'Enter' && stepping.has(field)) {
      e.preventDefault();  // no list opening, no form submission
      commit(field);
    } else if (e.key === 'Escape' && stepping.has(field)) {
      e.preventDefault();
      e.stopPropagation();  // Escape here cancels the edit, not a dialog around it
      cancel(field);
    }
  };

  const onChange = (e) => {
    const field = target(e);
    if (!field || field === releasing || !stepping.has(field)) return;
    // A stepping key moved the value: hold the change until the commit.
    e.stopImmediatePropagation();
    stepping.get(field).deferred = true;
    showPending(field, true);
  };

  const onPointerDown = (e) => {
    const field = target(e);
    if (field) commit(field);  // a pointer takes over: native change applies on release
  };

  const onFocusOut = (e) => {
    const field = target(e);
    if (field) commit(field);
  };

  // Capture phase: runs before the fields' own listeners, and can stop them.
  container.addEventListener('keydown', onKeyDown, true);
  container.addEventListener('change', onChange, true);
  container.addEventListener('pointerdown', onPointerDown, true);
  container.addEventListener('focusout', onFocusOut, true);
  return () => {
    container.removeEventListener('keydown', onKeyDown, true);
    container.removeEventListener('change', onChange, true);
    container.removeEventListener('pointerdown', onPointerDown, true);
    container.removeEventListener('focusout', onFocusOut, true);
  };
}
