// A run's own settings in words ("Batch normalization: on, Learning rate: 0.3")
// for its panel, with the dotted keys and the engine's value text for a hover
// title ("model.batchnorm = true, train.learning_rate = 0.3"). Labels and
// value words are web/config-words.js's, so a setting reads the same everywhere.
import { settingWords, valueWords } from '../config-words.js';

export { settingWords, valueWords };

// run: derived.runs[i] ({name, overrides: [{key, value, text}]}).
export function overridesWords(run) {
  const list = run && Array.isArray(run.overrides) ? run.overrides : [];
  return {
    words: list.map((o) => settingWords(o.key, o.value, o.text)).join(', '),
    keys: list.map((o) => `${o.key} = ${o.text}`).join(', '),
  };
}
