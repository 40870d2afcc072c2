// Which Chromium the browser tests drive, and how.
//
// Debian's chromium-headless-shell by default: the same Blink and V8 as
// Debian's chromium, without the browser's own interface. The full browser,
// even headless, starts its interface's pages (a renderer for the omnibox
// popup) for every new context: measured here, a page load cost 5.0 CPU
// seconds in the full browser against 2.4 in the shell, and the browser stage
// is bound by CPU (docs/RELIABILITY.md, "CI time per stage"). The full
// browser (FULL_CHROMIUM) stays for the files that measure time (those in
// serial.txt: their bounds were measured in it; they call setup({ full: true }))
// and for those that stand for a learner's own browser (the single file from
// file://, the notebook).
//   BNLAB_CHROMIUM  one binary for every test (e.g. /usr/bin/chromium runs
//                   the whole suite in the full browser)
import { chromium } from 'playwright-core';

export const SHELL_CHROMIUM = process.env.BNLAB_CHROMIUM || '/usr/bin/chromium-headless-shell';
export const FULL_CHROMIUM = process.env.BNLAB_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

// A headless browser (never downloaded: playwright-core only drives the
// binary given). full: the whole browser instead of the shell.
export function launchChromium({ full = false } = {}) {
  return chromium.launch({ executablePath: full ? FULL_CHROMIUM : SHELL_CHROMIUM, args: CHROMIUM_ARGS });
}
