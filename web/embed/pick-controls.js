// show=train.learning_rate,data.name: the settings column reduced to the
// controls named by their dotted config keys. Works on what the settings
// column builds (each control's root carries data-key), so it follows the
// controls whatever builds them; groups left empty go too.

// The dotted keys of the controls in `container`, in order.
export function controlKeys(container) {
  return [...container.querySelectorAll('[data-key]')].map((node) => node.dataset.key);
}

// Removes every control not in `keys` (and emptied groups). Idempotent.
export function pickControls(container, keys) {
  const wanted = new Set(keys);
  for (const node of container.querySelectorAll('[data-key]')) {
    if (!wanted.has(node.dataset.key)) node.remove();
  }
  for (const group of container.querySelectorAll('fieldset')) {
    if (!group.querySelector('[data-key]')) group.remove();
  }
  container.classList.add('is-picked');
}
