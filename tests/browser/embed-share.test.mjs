// The share and embed dialog: a proper modal (focus in, Escape out, focus
// back), snippets that reproduce the reader's experiment (the iframe snippet
// pasted into a host page on another origin shows the same config and
// numbers; the element's attributes, read as a link, give the same config),
// and copy buttons that work with the Clipboard API, without it, and when
// even execCommand is refused (the text is selected; the reader is told).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupHosts } from './embed-hosts.mjs';
import { artifactPath } from './helpers.mjs';

let env;
before(async () => { env = await setupHosts(); });
after(async () => { await env?.close(); });

const STATE = 'preset=mini-batches&train.learning_rate=0.3&seed=7&view=noise&theme=dark';
const field = (page, n) => page.evaluate((i) => document.querySelectorAll('.share-dialog .share-text')[i].value, n);

async function openDialog(page) {
  await page.click('#permalink');
  await page.waitForFunction(() => document.querySelector('.share-dialog').open);
}

test('a modal dialog whose snippets reproduce the experiment', async () => {
  const { page, context, problems } = await env.open(STATE, { viewport: { width: 1200, height: 900 } });
  await openDialog(page);
  const focus = await page.evaluate(() => ({ inside: document.querySelector('.share-dialog').contains(document.activeElement), label: document.activeElement.labels?.[0]?.textContent }));
  assert.deepEqual(focus, { inside: true, label: 'Link to this view' });
  // The link: this page, this exact state (in the page's own order of keys).
  const link = new URL(await field(page, 0));
  assert.equal(link.href.split('#')[0], env.bnlabUrl);
  const sorted = (text) => [...new URLSearchParams(text)].sort();
  assert.deepEqual(sorted(link.hash.slice(1)), sorted(STATE));
  // Charts and the open views are ticked (what the reader sees); add lock.
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('.share-part')].filter((b) => b.checked).map((b) => b.value)), ['charts', 'views']);
  await page.check('.share-lock');
  const frameSnippet = await field(page, 1);
  const elementSnippet = await field(page, 2);
  await page.screenshot({ path: artifactPath('share-dialog.png') });
  const m = /^<iframe src="([^"]+)" title="BN Lab: 4\. Working with mini-batches" width="100%" height="(\d+)" loading="lazy" allow="fullscreen"><\/iframe>$/.exec(frameSnippet);
  assert.ok(m, frameSnippet);
  const src = m[1].replaceAll('&amp;', '&');
  assert.ok(src.startsWith(env.bnlabUrl + '#'), src);
  const hash = new URLSearchParams(src.split('#')[1]);
  assert.deepEqual(Object.fromEntries([...hash].sort()), Object.fromEntries(Object.entries({
    preset: 'mini-batches', 'train.learning_rate': '0.3', seed: '7', view: 'noise',
    embed: '1', show: 'charts,views', theme: 'dark', lock: '1',
  }).sort()));
  assert.equal(Number(m[2]), 450 + 170 + 400, 'room for the charts and views');
  const e = /^<script type="module" src="([^"]+)"><\/script>\n<bn-lab ([^>]*)><\/bn-lab>$/.exec(elementSnippet);
  assert.ok(e, elementSnippet);
  assert.equal(e[1], `${env.bnlabUrl}bn-lab.js`);
  const attributes = Object.fromEntries([...e[2].matchAll(/([a-z]+)="([^"]*)"/g)].map(([, k, v]) => [k, v.replaceAll('&amp;', '&')]));
  assert.deepEqual(sorted(attributes.settings), sorted('train.learning_rate=0.3&seed=7&view=noise'));
  assert.deepEqual({ ...attributes, settings: '' }, { preset: 'mini-batches', settings: '', show: 'charts,views', theme: 'dark', lock: '1' });

  // Escape closes it and gives the focus back to the link that opened it.
  await page.keyboard.press('Escape');
  assert.deepEqual(await page.evaluate(() => [document.querySelector('.share-dialog').open, document.activeElement.id]), [false, 'permalink']);

  // The iframe snippet, pasted into a course page on another origin.
  env.writePage('pasted.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pasted</title><link rel="icon" href="data:,"></head><body>\n${frameSnippet}\n</body></html>`);
  const host = await env.openHost('pasted.html', { viewport: { width: 1000, height: 1000 } });
  const frame = await host.widget();
  const original = await page.evaluate(() => ({ config: window.bnlab.config(), status: window.bnlab.status(), views: window.bnlab.views().active }));
  const pasted = await frame.evaluate(() => ({ config: window.bnlab.config(), status: window.bnlab.status(), views: window.bnlab.views().active, theme: document.getElementById('bnlab').dataset.theme, controls: document.querySelectorAll('[data-key]').length }));
  assert.deepEqual(pasted.config, original.config);
  assert.deepEqual(pasted.status.runs, original.status.runs, 'the same numbers at step 0');
  assert.deepEqual(pasted.views, original.views);
  assert.equal(pasted.theme, 'dark');
  assert.equal(pasted.controls, 0);
  // The element's attributes are the same state: read as a link, the same config.
  const asLink = [`preset=${attributes.preset}`, attributes.settings, `theme=${attributes.theme}`].join('&');
  const again = await env.open(asLink);
  assert.deepEqual(await again.page.evaluate(() => window.bnlab.config()), original.config);
  assert.deepEqual([...problems, ...host.problems, ...again.problems], []);
  for (const p of [host, again]) await p.context.close();
  await context.close();
});

test('copy: the Clipboard API, execCommand without it, and "press Ctrl+C" when both are refused', async () => {
  const { page, context, problems } = await env.open(STATE);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.bnlabOrigin });
  await page.evaluate(() => {
    window.copied = null;
    document.addEventListener('copy', (event) => {
      const t = event.target;
      window.copied = t.value.slice(t.selectionStart, t.selectionEnd);
    });
  });
  await openDialog(page);
  const copy = async () => {
    await page.evaluate(() => {
      delete document.querySelector('.share-dialog').dataset.copied;
      document.querySelector('.share-status').textContent = '';
      window.copied = null;
    });
    await page.click('.share-dialog .share-iframe .share-copy');
    await page.waitForFunction(() => document.querySelector('.share-dialog').dataset.copied);
    return page.evaluate(() => {
      const t = document.activeElement;
      return { how: document.querySelector('.share-dialog').dataset.copied, copied: window.copied, said: document.querySelector('.share-status').textContent,
        selected: t.value ? t.value.slice(t.selectionStart, t.selectionEnd) : null };
    });
  };
  const snippet = await field(page, 1);

  // With the Clipboard API.
  let result = await copy();
  assert.equal(result.how, 'clipboard');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  assert.equal(result.said, 'Copied to the clipboard.');

  // Without it (as on plain http): the text is selected and copied with execCommand.
  await page.evaluate(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }));
  result = await copy();
  assert.deepEqual(result, { how: 'command', copied: snippet, said: 'Copied to the clipboard.', selected: snippet });

  // Even execCommand refused: the text stays selected and the reader is told.
  await page.evaluate(() => { document.execCommand = () => false; });
  result = await copy();
  assert.deepEqual(result, { how: 'selected', copied: null, said: 'Selected: press Ctrl+C (⌘C on a Mac) to copy.', selected: snippet });
  assert.deepEqual(problems, []);
  await context.close();
});
