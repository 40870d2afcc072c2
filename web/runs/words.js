// A run's own settings in words ("Batch normalization: on, Learning rate: 0.3")
// for its panel, with the dotted keys and the engine's value text for a hover
// title ("model.batchnorm = true, train.learning_rate = 0.3"). Labels are the
// settings column's (web/controls.js), so a setting reads the same everywhere.
import { PROPERTIES } from '../controls.js';
import { t } from '../i18n/index.js';

const byKey = new Map(PROPERTIES.filter((p) => p.key).map((p) => [p.key, p]));

// One value as the learner reads it; text is the engine's (derived overrides' text).
export function valueWords(key, value, text = String(value)) {
  const prop = byKey.get(key);
  if (typeof value === 'boolean') return t(value ? 'runs.on' : 'runs.off');
  if (Array.isArray(value)) return value.length ? value.join(', ') : t('runs.noHidden');
  if (prop && prop.options && Object.hasOwn(prop.options, value)) return prop.options[value];
  return text;
}

export function settingWords(key, value, text) {
  const prop = byKey.get(key);
  return `${prop ? prop.label : key}: ${valueWords(key, value, text)}`;
}

// run: derived.runs[i] ({name, overrides: [{key, value, text}]}).
export function overridesWords(run) {
  const list = run && Array.isArray(run.overrides) ? run.overrides : [];
  return {
    words: list.map((o) => settingWords(o.key, o.value, o.text)).join(', '),
    keys: list.map((o) => `${o.key} = ${o.text}`).join(', '),
  };
}
