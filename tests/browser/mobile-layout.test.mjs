// Phones and tablets, at 360x640, 390x844, 768x1024 and 1280x720: no
// horizontal scrolling; the two boundaries being compared fit on one screen
// side by side, below the sticky toolbar; the play controls stay at hand
// after scrolling; every control can be reached (in the settings drawer on
// narrow screens, opened by a tap and closed with Escape); every target is
// at least 44px on touch screens (24px with a mouse); a pinch zoom redraws
// the points sharper instead of blurring them. Screenshots in
// build/artifacts/mobile-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifactPath, nextFrames, setup, waitReadyOn } from './helpers.mjs';

const SIZES = [
  { width: 360, height: 640, touch: true },
  { width: 390, height: 844, touch: true },
  { width: 768, height: 1024, touch: true },
  { width: 1280, height: 720, touch: false },
];

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function openAt({ width, height, touch }, hash = '') {
  const context = await env.browser.newContext({ viewport: { width, height }, deviceScaleFactor: touch ? 2 : 1, isMobile: touch, hasTouch: touch });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(env.server.url + (hash ? `#${hash}` : ''));
  await waitReadyOn(page);
  return { page, context, problems };
}

// Every visible control's box (buttons, fields, links, and the labels that
// carry checkboxes, which are the targets a finger hits).
const TARGETS = () => {
  const visible = (n) => {
    const r = n.getBoundingClientRect();
    const s = getComputedStyle(n);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !n.closest('[hidden], .visually-hidden, [aria-hidden="true"], .skip-link:not(:focus)');
  };
  const nodes = [...document.querySelectorAll('button, select, input, a[href], summary')].filter(visible)
    .map((n) => (n.type === 'checkbox' && n.closest('label') ? n.closest('label') : n));
  return [...new Set(nodes)].map((n) => {
    const r = n.getBoundingClientRect();
    return { what: `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''} ${(n.getAttribute('aria-label') || n.textContent || '').trim().slice(0, 30)}`, width: r.width, height: r.height };
  });
};

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`;
  test(`${name}: no horizontal scroll, both boundaries on one screen, play at hand, every control reachable`, async () => {
    const { page, context, problems } = await openAt(size);
    await page.evaluate(() => window.bnlab.step(200));
    await nextFrames(page);

    // No horizontal scrolling, anywhere.
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(overflow.scroll <= overflow.client, `${name}: page ${overflow.scroll}px wide in a ${overflow.client}px viewport`);

    // Both boundaries side by side and fully visible at one scroll position, not under the toolbar.
    const fit = await page.evaluate(() => {
      const plots = [...document.querySelectorAll('.panel .plot')];
      const toolbar = document.querySelector('.toolbar').getBoundingClientRect();
      window.scrollTo(0, 0);
      // The panels with their titles (which run is which), just below the sticky toolbar.
      const top = Math.min(...plots.map((p) => p.closest('.panel').getBoundingClientRect().top + window.scrollY));
      const y = Math.max(0, top - toolbar.height - 4);
      window.scrollTo(0, y);
      const bar = document.querySelector('.toolbar').getBoundingClientRect();
      return {
        bar: bar.bottom,
        rects: plots.map((p) => p.getBoundingClientRect().toJSON()),
        titles: plots.map((p) => p.closest('.panel').querySelector('.panel-title').getBoundingClientRect().top),
        hits: plots.map((p) => {
          const r = p.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return Boolean(hit && p.contains(hit));
        }),
        height: window.innerHeight,
        width: window.innerWidth,
      };
    });
    assert.equal(fit.rects.length, 2);
    for (const [i, r] of fit.rects.entries()) {
      assert.ok(r.top >= fit.bar - 1 && r.bottom <= fit.height + 1, `${name}: boundary ${i} fully on screen below the toolbar (${Math.round(r.top)}..${Math.round(r.bottom)} of ${fit.height}, toolbar to ${Math.round(fit.bar)})`);
      assert.ok(r.left >= 0 && r.right <= fit.width, `${name}: boundary ${i} within the width`);
      assert.ok(r.width >= 120, `${name}: boundary ${i} is ${Math.round(r.width)}px wide`);
      assert.ok(fit.hits[i], `${name}: boundary ${i} is not covered`);
    }
    assert.ok(Math.abs(fit.rects[0].top - fit.rects[1].top) < 2, `${name}: side by side`);
    for (const top of fit.titles) assert.ok(top >= fit.bar - 1, `${name}: the runs' names are on screen too`);
    await page.screenshot({ path: artifactPath(`mobile-${name}-panels.png`), scale: 'css' });

    // The play controls stay at hand at the bottom of the page.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const play = await page.evaluate(() => {
      const b = document.getElementById('play').getBoundingClientRect();
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return { top: b.top, bottom: b.bottom, hit: Boolean(hit && document.getElementById('play').contains(hit)), scrolled: window.scrollY };
    });
    assert.ok(play.scrolled > 0, `${name}: the page scrolls`);
    assert.ok(play.top >= 0 && play.bottom <= size.height && play.hit, `${name}: play is on screen after scrolling down`);
    const press = (selector) => (size.touch ? page.tap(selector) : page.click(selector));
    await press('#play');
    await page.waitForFunction(() => window.bnlab.status().playing);
    await press('#play');
    await page.waitForFunction(() => !window.bnlab.status().playing);
    await page.evaluate(() => window.scrollTo(0, 0));

    // Every control reachable: in the drawer on narrow screens, in the column on wide ones.
    const narrow = await page.isVisible('.drawer-toggle');
    assert.equal(narrow, size.width <= 900, `${name}: the settings are ${size.width <= 900 ? 'in a drawer' : 'a column'}`);
    if (narrow) {
      assert.equal(await page.isVisible('#controls'), false, `${name}: the drawer starts closed`);
      await press('.drawer-toggle');
      await page.waitForSelector('.settings.is-open');
      assert.equal(await page.getAttribute('.drawer-toggle', 'aria-expanded'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('drawer-close')), true, 'focus moves into the drawer');
      assert.equal(await page.evaluate(() => document.querySelector('.experiment').inert), true, 'the page behind is inert');
      await page.screenshot({ path: artifactPath(`mobile-${name}-drawer.png`), scale: 'css' });
    }
    // Each control scrolled into view (in the drawer or the page) is on screen and on top.
    const reach = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('#controls select, #controls input, #controls button, .toolbar-options select, .toolbar-options input')]
        .filter((n) => !n.closest('[hidden]'));
      const unreachable = nodes.filter((n) => {
        n.scrollIntoView({ block: 'center' });
        const target = n.type === 'checkbox' && n.closest('label') ? n.closest('label') : n;
        const r = target.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 10), r.top + r.height / 2);
        return !(r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight && hit && (target.contains(hit) || hit.contains(n)));
      }).map((n) => n.id || n.getAttribute('aria-label'));
      return { count: nodes.length, unreachable };
    });
    assert.ok(reach.count >= 20, `${name}: ${reach.count} controls`);
    const { unreachable } = reach;
    assert.deepEqual(unreachable, [], `${name}: controls that cannot be seen and hit`);

    // Targets: 44px on touch screens (WCAG 2.5.5), 24px with a mouse (2.5.8).
    const least = size.touch ? 44 : 24;
    const small = (await page.evaluate(TARGETS)).filter((t) => t.width < least - 0.5 || t.height < least - 0.5);
    assert.deepEqual(small.map((t) => `${t.what} ${Math.round(t.width)}x${Math.round(t.height)}`), [], `${name}: targets under ${least}px`);

    if (narrow) {
      await page.keyboard.press('Escape');
      await page.waitForSelector('.settings:not(.is-open)', { state: 'attached' });
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('drawer-toggle')), true, 'Escape closes the drawer and focus returns');
      assert.equal(await page.evaluate(() => document.querySelector('.experiment').inert), false);
    }
    await page.screenshot({ path: artifactPath(`mobile-${name}.png`), fullPage: true, scale: 'css' });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a pinch zoom redraws the points at the finer scale; the plots let touch through', async () => {
  const { page, context, problems } = await openAt(SIZES[0]);
  const before = await page.evaluate(() => document.querySelector('.panel canvas.points').width);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.panel .plot')).touchAction), 'manipulation');
  // The browser's pinch: the visual viewport's scale (CDP's page scale factor).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
  await page.waitForFunction(() => window.visualViewport.scale > 1.5);
  await page.waitForFunction((w) => document.querySelector('.panel canvas.points').width >= w * 1.8, before);
  const after = await page.evaluate(() => ({ width: document.querySelector('.panel canvas.points').width, css: document.querySelector('.panel canvas.points').clientWidth }));
  assert.ok(after.width >= before * 1.8, `points canvas ${before} -> ${after.width} device pixels for ${after.css} CSS px`);
  // Nothing above the points canvas swallows pointer events (the drawing tool adds its own).
  const top = await page.evaluate(() => {
    const c = document.querySelector('.panel canvas.points');
    const r = c.getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === c;
  });
  assert.ok(top, 'the points canvas is the topmost layer of the plot');
  assert.deepEqual(problems, []);
  await context.close();
});
