// The widget layout (embed=1) in real frames: no scrollbars in boxes from
// 480 x 360 up with the panels side by side, the resize messages an LMS page
// follows (and no resize loop), autoplay with and without reduced motion,
// stop=N, single controls by their dotted keys, the "open in BN Lab" link,
// and bad widget keys falling back with a message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { post, received, replyTo, setupHosts } from './embed-hosts.mjs';
import { artifactPath } from './helpers.mjs';

let env;
before(async () => { env = await setupHosts({ full: true }); });
after(async () => { await env?.close(); });

const send = (page, method, args = []) => page.evaluate(([m, a]) => window.bnlabHost.send(m, a), [method, args]);
const resizes = async (page, id) => (await received(page)).filter((m) => m.from === id && m.data && (m.data.type === 'resize' || m.data.subject === 'lti.frameResize'));

// What a frame shows: its viewport, its document's overflow, the panels and boundaries.
function frameLayout(frame) {
  return frame.evaluate(() => {
    const d = document.documentElement;
    const rect = (n) => { const r = n.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height, bottom: r.bottom, right: r.right }; };
    return {
      viewport: [window.innerWidth, window.innerHeight],
      scroll: [d.scrollWidth, d.scrollHeight],
      client: [d.clientWidth, d.clientHeight],
      panels: [...document.querySelectorAll('.panel')].map(rect),
      heats: [...document.querySelectorAll('.panel canvas.heat')].map(rect),
      charts: [...document.querySelectorAll('.chart canvas')].map(rect),
      root: rect(document.getElementById('bnlab')),
    };
  });
}

test('no scrollbars in 480x360, 640x480 and 800x600 frames, with and without charts (and with everything); two panels side by side', async () => {
  const sizes = [[480, 360], [640, 480], [800, 600]];
  const frames = sizes.flatMap(([w, h]) => ['', '&show=charts'].map((show, i) => ({ id: `f${w}${i ? 'c' : ''}`, w, h, hash: `embed=1${show}`, minSide: 90 })));
  // Every part at once: the parts that cannot shrink scroll inside, never the page.
  frames.push({ id: 'all', w: 800, h: 600, hash: 'preset=implementing-bn&embed=1&show=controls,lesson,views,charts', minSide: 60 });
  env.writePage('fixed.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fixed boxes</title><link rel="icon" href="data:,"></head><body>
${frames.map((f) => `<iframe id="${f.id}" src="${env.bnlabUrl}#${f.hash.replace(/&/g, '&amp;')}" title="BN Lab" width="${f.w}" height="${f.h}" frameborder="0"></iframe>`).join('\n')}
</body></html>`);
  const { page, context, problems, widget } = await env.openHost('fixed.html', { viewport: { width: 1400, height: 1400 } });
  for (const f of frames) {
    // In view: a browser draws no animation frames in a frame out of view.
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), f.id);
    const frame = await widget(f.id);
    await frame.evaluate(() => window.bnlab.step(50));
    await frame.waitForFunction(() => Number(document.getElementById('step-count').textContent) === 50);
    const l = await frameLayout(frame);
    const what = `${f.w}x${f.h} ${f.hash}: ${JSON.stringify(l)}`;
    assert.deepEqual(l.viewport, [f.w, f.h], what);
    assert.ok(l.scroll[0] <= l.client[0] && l.scroll[1] <= l.client[1], `scrollbars: ${what}`);
    assert.ok(l.root.bottom <= f.h + 0.5 && l.root.right <= f.w + 0.5, what);
    assert.equal(l.panels.length, 2);
    assert.ok(Math.abs(l.panels[0].top - l.panels[1].top) < 1 && l.panels[1].left >= l.panels[0].right, `side by side: ${what}`);
    for (const heat of l.heats) {
      assert.ok(heat.width >= f.minSide && Math.abs(heat.width - heat.height) < 1, `a square boundary of at least ${f.minSide} px: ${what}`);
      assert.ok(heat.bottom <= f.h && heat.top >= 0, what);
    }
    if (f.hash.includes('charts')) {
      assert.ok(l.charts.length >= 2 && l.charts.every((c) => c.height >= 60 && c.bottom <= f.h + 0.5), `charts fit: ${what}`);
    }
  }
  await page.screenshot({ path: artifactPath('embed-fixed-boxes.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('resize messages: the LMS page follows the widget\'s height, which changes with its content and settles', async () => {
  const { page, context, problems, widget } = await env.openHost('lms-page.html', { viewport: { width: 900, height: 1000 } });
  const frame = await widget('bnlab-default');
  await page.waitForFunction(() => window.bnlabMessages.some((m) => m.data.type === 'resize'));
  await page.waitForTimeout(500);
  let messages = await resizes(page, 'bnlab-default');
  const first = messages.filter((m) => m.data.type === 'resize').at(-1).data.height;
  // Beside every resize, the same height in the LMS shape.
  const lti = messages.filter((m) => m.data.subject === 'lti.frameResize').map((m) => m.data.height);
  assert.deepEqual(lti, messages.filter((m) => m.data.type === 'resize').map((m) => m.data.height));
  assert.ok(messages.every((m) => m.origin === env.bnlabOrigin));
  assert.equal(await page.evaluate(() => Number(document.getElementById('bnlab-default').height)), first);
  // At that height the widget shows everything with nothing squeezed.
  let l = await frameLayout(frame);
  assert.equal(l.viewport[1], first);
  assert.ok(l.scroll[1] <= l.client[1]);
  assert.ok(l.heats[0].width >= 250, `unsqueezed boundary: ${l.heats[0].width}`);

  // More runs (the learning-rate race: two rows of small panels): a new height.
  await post(page, { bnlab: 1, type: 'command', id: 'race', method: 'openPreset', args: ['learning-rate-race'] }, 'bnlab-default');
  assert.equal((await replyTo(page, 'race')).ok, true);
  await page.waitForFunction((h) => Number(document.getElementById('bnlab-default').height) !== h, first);
  await page.waitForTimeout(500);
  const race = Number(await page.evaluate(() => document.getElementById('bnlab-default').height));
  messages = await resizes(page, 'bnlab-default');
  assert.equal(messages.at(-1).data.height, race);
  l = await frameLayout(frame);
  assert.equal(l.viewport[1], race);
  assert.ok(l.scroll[1] <= l.client[1]);
  // A setting that changes the content: one run instead of six (set, all or nothing).
  await post(page, { bnlab: 1, type: 'command', id: 'back', method: 'openPreset', args: ['default'] }, 'bnlab-default');
  await replyTo(page, 'back');
  await page.waitForFunction((h) => Number(document.getElementById('bnlab-default').height) === h, first);
  // Settled: no loop between the page and the widget.
  const count = (await resizes(page, 'bnlab-default')).length;
  await page.waitForTimeout(1000);
  assert.equal((await resizes(page, 'bnlab-default')).length, count, 'no resize messages while nothing changes');

  // Without show=charts the same widget at the same width asks for less.
  const plain = await env.openHost('commands.html', { viewport: { width: 900, height: 1000 } });
  await plain.widget();
  await plain.page.waitForFunction(() => window.bnlabHost.events.some((e) => e.type === 'resize'));
  await plain.page.waitForTimeout(500);
  const plainHeight = (await plain.page.evaluate(() => window.bnlabHost.events.filter((e) => e.type === 'resize'))).at(-1).height;
  assert.ok(plainHeight < first - 100, `without charts ${plainHeight}, with charts ${first}`);
  assert.deepEqual([...problems, ...plain.problems], []);
  await plain.context.close();
  await context.close();
});

test('autoplay=1 starts once the frame is scrolled into view, never under reduced motion', async () => {
  // commands.html with a long course page above the widget.
  env.writePage('long.html', readFileSync(path.join(env.dir, 'commands.html'), 'utf8')
    .replace('<iframe id="bnlab"', `${'<p>A long course page.</p>\n'.repeat(120)}<iframe id="bnlab"`));
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const { page, context, problems, widget } = await env.openHost('long.html#autoplay=1', { viewport: { width: 900, height: 700 }, reducedMotion });
    const frame = await widget();
    await page.waitForTimeout(500);
    const before = await frame.evaluate(() => ({ s: window.bnlab.status(), autoplay: document.getElementById('bnlab').dataset.autoplay }));
    assert.equal(before.autoplay, 'waiting');
    assert.equal(before.s.playing, false);
    assert.equal(before.s.step, 0);
    await page.evaluate(() => document.getElementById('bnlab').scrollIntoView());
    if (reducedMotion === 'reduce') {
      await frame.waitForFunction(() => document.getElementById('bnlab').dataset.autoplay === 'reduced-motion', null, { polling: 100 });
      await page.waitForTimeout(500);
      const s = await frame.evaluate(() => window.bnlab.status());
      assert.equal(s.playing, false);
      assert.equal(s.step, 0);
      // It waits for play.
      assert.equal((await send(page, 'play')).result.playing, true);
    } else {
      await frame.waitForFunction(() => window.bnlab.status().step > 20, null, { polling: 100 });
      assert.equal(await frame.evaluate(() => document.getElementById('bnlab').dataset.autoplay), 'started');
      assert.ok((await page.evaluate(() => window.bnlabHost.events)).some((e) => e.type === 'status' && e.reason === 'play'));
    }
    await send(page, 'pause');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('stop=N pauses at step N exactly, says so, and play goes on from there', async () => {
  const { page, context, problems, widget } = await env.openHost('commands.html#stop=60');
  const frame = await widget();
  await page.waitForFunction(() => window.bnlabHost.events.some((e) => e.type === 'ready'));
  for (let round = 0; round < 2; round++) {
    await send(page, 'play');
    await page.waitForFunction((n) => window.bnlabHost.events.filter((e) => e.type === 'status' && e.reason === 'stop').length > n, round);
    const stopped = (await page.evaluate(() => window.bnlabHost.events.filter((e) => e.reason === 'stop'))).at(-1).status;
    assert.equal(stopped.step, 60);
    assert.equal(stopped.playing, false);
    assert.equal(stopped.stopAt, 60);
    await page.waitForTimeout(300);
    assert.equal((await frame.evaluate(() => window.bnlab.status())).step, 60, 'no overshoot');
    assert.ok((await frame.evaluate(() => window.bnlab.messages())).includes('Paused at step 60, where this lesson stops. Press play to go on.'));
    if (round === 0) {
      // Reset: the notice goes, and the next play stops at 60 again.
      assert.equal((await send(page, 'reset')).result.step, 0);
      assert.deepEqual(await frame.evaluate(() => window.bnlab.messages()), []);
    } else {
      await send(page, 'play');
      await frame.waitForFunction(() => window.bnlab.status().step > 80, null, { polling: 100 });
      assert.deepEqual(await frame.evaluate(() => window.bnlab.messages()), [], 'the notice goes when training goes on');
      await send(page, 'pause');
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('single controls by dotted key, the slim toolbar, the "open in BN Lab" link, bad keys fall back', async () => {
  const { page, context, problems } = await env.open('embed=1&show=train.learning_rate,data.name,train.nope&theme=neon&stop=0&lock=maybe', { viewport: { width: 640, height: 480 } });
  const shown = await page.evaluate(() => ({
    keys: [...document.querySelectorAll('[data-key]')].map((n) => n.dataset.key),
    toolbar: [...document.querySelector('.toolbar').children].map((n) => n.id || n.className),
    masthead: document.querySelectorAll('.masthead, #preset').length,
    link: { href: document.querySelector('.open-full').href, target: document.querySelector('.open-full').target, rel: document.querySelector('.open-full').rel },
    messages: window.bnlab.messages(),
  }));
  assert.deepEqual(shown.keys, ['data.name', 'train.learning_rate']);
  assert.deepEqual(shown.toolbar, ['reset', 'play', 'step', 'counter', 'open-full']);
  assert.equal(shown.masthead, 0);
  assert.equal(shown.link.target, '_blank');
  assert.equal(shown.link.rel, 'noopener');
  const text = shown.messages.join('\n');
  assert.match(text, /show="train\.nope": no such control \(controls: data\.name, /);
  assert.match(text, /theme="neon": not allowed/);
  assert.match(text, /stop="0": not allowed/);
  assert.match(text, /lock="maybe": not allowed/);
  // An edit: the widget's own link keeps its widget keys, the full page's does not.
  await page.selectOption('[data-key="data.name"] select', 'moons');
  await page.waitForFunction(() => window.bnlab.config().data.name === 'moons');
  const hash = await page.evaluate(() => window.location.hash);
  assert.match(hash, /data\.name=moons/);
  assert.match(hash, /embed=1/);
  assert.match(hash, /show=train\.learning_rate,data\.name,train\.nope/);
  const href = await page.evaluate(() => document.querySelector('.open-full').href);
  assert.equal(href, `${env.bnlabUrl}#data.name=moons`);
  const config = await page.evaluate(() => window.bnlab.config());
  assert.doesNotMatch(JSON.stringify(config), /embed|theme|show|autoplay/);
  // The link opens the full page with the same experiment.
  const full = await env.open(href.split('#')[1], { viewport: { width: 1200, height: 900 } });
  assert.deepEqual(await full.page.evaluate(() => window.bnlab.config()), config);
  assert.equal(await full.page.evaluate(() => document.querySelectorAll('.masthead').length), 1);
  assert.deepEqual([...problems, ...full.problems], []);
  await full.context.close();
  await context.close();
});
