// Every string a learner reads, one table per language (en.js, de.js, ...):
// the page looks strings up by key, so translating BN Lab means adding one
// file here and one line to LANGUAGES, never touching code.
//   t('toolbar.play')                       -> "Play"
//   t('panel.diverged', {step: 12})        -> "Diverged at step 12: ..."
// A key missing from the current language falls back to English; a key
// missing from English is a bug, shown as the key itself so it is noticed.
import en from './en.js';
import de from './de.js';

export const LANGUAGES = Object.freeze({ en, de });
export const DEFAULT_LANGUAGE = 'en';

let current = en;
let currentCode = DEFAULT_LANGUAGE;

// Sets the language by code ('en', 'de'); returns false (and keeps the
// current one) for a language that has no table.
export function setLanguage(code) {
  if (!Object.hasOwn(LANGUAGES, code)) return false;
  current = LANGUAGES[code];
  currentCode = code;
  return true;
}

export function language() {
  return currentCode;
}

// Whether English (and so every language, by fallback) has `key`.
export function hasText(key) {
  return Object.hasOwn(en, key);
}

// The string for `key` with {name} placeholders filled from params.
export function t(key, params) {
  const template = Object.hasOwn(current, key) ? current[key] : Object.hasOwn(en, key) ? en[key] : key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
