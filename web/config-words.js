// A config key and its values in the learner's words, the same everywhere
// (the settings column, the panels' run headers and editors, the picture):
// a key's label is `label.<dotted key>` and an enum value's words
// `option.<dotted key>.<name>` in web/i18n/ (one table per language). A key
// or value with no entry shows as the engine names it, so a new config key
// works before its label line is written (and tests/node/schema.test.mjs
// fails until it is).
import { hasText, t } from './i18n/index.js';

export function keyLabel(key) {
  return hasText(`label.${key}`) ? t(`label.${key}`) : key;
}

export function optionWords(key, name) {
  return hasText(`option.${key}.${name}`) ? t(`option.${key}.${name}`) : String(name);
}

// One value as the learner reads it: on/off, an enum value's words, the
// hidden widths as a list; else `text` (the engine's value text).
export function valueWords(key, value, text = String(value)) {
  if (typeof value === 'boolean') return t(value ? 'runs.on' : 'runs.off');
  if (Array.isArray(value)) return value.length ? value.join(', ') : t('runs.noHidden');
  if (typeof value === 'string') return optionWords(key, value);
  return text;
}

// "Learning rate: 0.3"
export function settingWords(key, value, text) {
  return t('settings.item', { label: keyLabel(key), value: valueWords(key, value, text) });
}
