// The styles of a <bn-lab> element's shadow root: the page's style.css,
// uPlot's and KaTeX's CSS and the element's own rules, bundled into
// bn-lab.js as text (esbuild's text loader, scripts/build-element.mjs) and
// adopted as one constructable stylesheet shared by every element on the
// page. Measured in Chromium under a strict host CSP (style-src without
// 'unsafe-inline'): adopted stylesheets apply with no violation, while a
// <style> element in the shadow root is refused; and no extra request, so
// no unstyled first frame.
//
// @font-face rules do not work inside shadow roots, so KaTeX's fonts are
// registered with the document (FontFace), from BN Lab's origin; a font
// face is only fetched when a formula uses it.
import pageCss from '../style.css';
import uplotCss from '../vendor/uPlot.min.css';
import katexCss from '../vendor/katex/katex.min.css';
import elementCss from './element.css';

const FONT_FACE = /@font-face\s*\{([^}]*)\}/g;

let sheet = null;
let fontsAdded = false;

export function elementStyleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync([uplotCss, katexCss.replace(FONT_FACE, ''), pageCss, elementCss].join('\n'));
  }
  return sheet;
}

// KaTeX's font faces, with their files resolved against `fontsBase`.
export function registerKatexFonts(fontsBase, doc = document) {
  if (fontsAdded || typeof FontFace === 'undefined' || !doc.fonts) return;
  fontsAdded = true;
  for (const [, body] of katexCss.matchAll(FONT_FACE)) {
    const prop = (name) => (new RegExp(`${name}\\s*:\\s*([^;]+)`).exec(body) || [])[1];
    const family = prop('font-family');
    const src = prop('src');
    if (!family || !src) continue;
    const absolute = src.replace(/url\(([^)]+)\)/g, (whole, file) => `url(${new URL(file.replace(/^["']|["']$/g, ''), fontsBase).href})`);
    doc.fonts.add(new FontFace(family.replace(/^["']|["']$/g, ''), absolute, {
      style: prop('font-style') || 'normal',
      weight: prop('font-weight') || '400',
      display: prop('font-display') || 'auto',
    }));
  }
}
