// The URL hash: the view as a link. Edits write it, a reload reproduces the
// experiment exactly, and hostile or broken links give visible messages and
// never run anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { messages, setup, status, waitReadyOn } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const config = (page) => page.evaluate(() => window.bnlab.config());
const hashItems = (page) => page.evaluate(() => location.hash.replace(/^#/, '').split('&').filter(Boolean).sort());

test('controls write a minimal hash that reproduces the experiment after a reload', async () => {
  const { page, context, problems } = await env.open();
  assert.equal(await page.evaluate(() => location.hash), '');

  await page.selectOption('#ctl-data-name', 'moons');
  await page.waitForFunction(() => window.bnlab.config().data.name === 'moons');
  await page.click('button[aria-label="Add a hidden layer"]');
  await page.waitForFunction(() => window.bnlab.config().model.hidden.length === 4);
  await page.fill('#ctl-seed', '7');
  await page.locator('#ctl-seed').dispatchEvent('change');
  await page.waitForFunction(() => window.bnlab.config().seed === 7);
  await page.$eval('#ctl-train-learning_rate', (slider) => {
    slider.value = '14';  // the 15th entry of the log-scale list: 0.3
    slider.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction(() => window.bnlab.config().train.learning_rate === 0.3);

  // Only what differs from the preset is in the hash, and the link matches it.
  assert.deepEqual(await hashItems(page),
    ['data.name=moons', 'model.hidden=16,16,16,16', 'seed=7', 'train.learning_rate=0.3']);
  const hash = await page.evaluate(() => location.hash);
  assert.equal(await page.getAttribute('#permalink', 'href'), hash);

  await page.evaluate(() => window.bnlab.step(100));
  const before = { config: await config(page), status: await status(page) };

  await page.reload();
  await waitReadyOn(page);
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(await config(page), before.config);
  assert.equal(await page.inputValue('#ctl-data-name'), 'moons');
  assert.equal(await page.inputValue('#ctl-seed'), '7');
  await page.evaluate(() => window.bnlab.step(100));
  assert.deepEqual(await status(page), before.status);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a preset combined with overriding keys', async () => {
  const { page, context, problems } = await env.open('preset=default&train.learning_rate=0.03&model.hidden=8,8&data.noise=0.2');
  const c = await config(page);
  assert.equal(c.train.learning_rate, 0.03);
  assert.deepEqual(c.model.hidden, [8, 8]);
  assert.equal(c.data.noise, 0.2);
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

// Each of these must give at least one visible message, run no script, add no
// element, and leave a working page on a valid config.
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
const HOSTILE = [
  ['wrong type', 'train.learning_rate=fast'],
  ['wrong type in a list', 'model.hidden=16,abc,16'],
  ['out of range', 'train.learning_rate=-3'],
  ['huge number', 'data.points=1e300'],
  ['huge value', `model.hidden=${'9'.repeat(500)}`],
  ['unknown dataset name', 'data.name=donut'],
  ['unknown key', 'model.wings=2'],
  ['malformed %-encoding', 'data.name=%E0%A4%A'],
  ['markup as a value', `data.name=${encodeURIComponent(PAYLOAD)}`],
  ['markup as a key', `${encodeURIComponent(PAYLOAD)}=1`],
  ['constructor', 'constructor=1'],
  ['__proto__', '__proto__=1'],
  ['__proto__ path', '__proto__.polluted=1'],
  ['constructor.prototype path', 'constructor.prototype.polluted=1'],
  ['unknown preset', 'preset=nope'],
  ['javascript: URL as preset', `preset=${encodeURIComponent('javascript:window.__pwned=1')}`],
  ['javascript: URL as value', `data.name=${encodeURIComponent('javascript:window.__pwned=1')}`],
  ['item without a value', 'seed'],
  ['overlong hash', `seed=${'1'.repeat(5000)}`],
];

test('invalid and hostile hashes give visible messages and run nothing', async () => {
  const { page, context, problems } = await env.open();
  for (const [what, hash] of HOSTILE) {
    await page.goto('about:blank');
    await page.goto(`${env.server.url}#${hash}`);
    await waitReadyOn(page);
    const texts = await messages(page);
    assert.ok(texts.length >= 1, `${what}: expected a message for #${hash.slice(0, 80)}`);
    const shown = await page.locator('#messages .message').first().isVisible();
    assert.ok(shown, `${what}: message visible`);
    const safety = await page.evaluate(() => ({
      pwned: window.__pwned,
      polluted: ({}).polluted,
      images: document.querySelectorAll('img').length,
      messageElements: document.querySelectorAll('#messages *').length,
      messageTags: [...new Set([...document.querySelectorAll('#messages *')].map((n) => n.tagName))].sort(),
    }));
    assert.equal(safety.pwned, undefined, `${what}: no script ran`);
    assert.equal(safety.polluted, undefined, `${what}: no prototype pollution`);
    assert.equal(safety.images, 0, `${what}: no element injected`);
    assert.deepEqual(safety.messageTags.filter((t) => !['DIV', 'SPAN', 'BUTTON'].includes(t)), [], `${what}: only message markup`);
    const s = await status(page);
    assert.equal(s.ready, true, `${what}: page still works`);
    assert.equal(s.runs.length, 2, `${what}: a valid experiment runs`);
    console.log(`${what}: ${texts.join(' | ').slice(0, 160)}`);
  }
  // The markup came back as text, visibly, not as an element.
  await page.goto('about:blank');
  await page.goto(`${env.server.url}#data.name=${encodeURIComponent(PAYLOAD)}`);
  await waitReadyOn(page);
  assert.ok((await messages(page)).some((t) => t.includes('<img')), 'the payload is shown as text');
  // Worker and page errors are expected nowhere, even for hostile input.
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad item does not spoil the good ones, and hashchange re-reads the link', async () => {
  const { page, context, problems } = await env.open('data.name=moons&train.learning_rate=banana&seed=5');
  let c = await config(page);
  assert.equal(c.data.name, 'moons');
  assert.equal(c.seed, 5);
  assert.equal(c.train.learning_rate, 0.1, 'the bad item falls back to the preset value');
  const texts = await messages(page);
  assert.equal(texts.length, 1);
  assert.match(texts[0], /learning_rate/);

  // Editing the address bar: the page follows without a reload.
  await page.evaluate(() => { window.__sameDocument = true; location.hash = 'data.name=xor&data.points=9999999'; });
  await page.waitForFunction(() => window.bnlab.config().data.name === 'xor');
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  c = await config(page);
  assert.equal(c.data.points, 400);
  assert.equal((await messages(page)).length, 1);
  assert.match((await messages(page))[0], /points/);
  assert.deepEqual(problems, []);
  await context.close();
});
