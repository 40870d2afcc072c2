// The iframe messages (protocol 1, docs/DESIGN.md "Embedding"): a course page
// on one origin drives BN Lab in an iframe from another origin. Every
// command and its reply, the events (ready, status, resize), what is refused
// (a rejected or locked `set`, malformed commands), what is ignored (a
// sibling frame, a wrong origin with origin=), and replies to a page opened
// from disk (origin "null").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { post, received, replyTo, setupHosts } from './embed-hosts.mjs';

let env;
before(async () => { env = await setupHosts({ full: true }); });
after(async () => { await env?.close(); });

const send = (page, method, args = []) => page.evaluate(([m, a]) => window.bnlabHost.send(m, a), [method, args]);
const config = (frame) => frame.evaluate(() => window.bnlab.config());
const events = async (page, type) => (await received(page)).filter((m) => m.from === 'bnlab' && m.data && m.data.type === type);

test('every command gets its reply at the host origin; ready and status events', async () => {
  const { page, context, problems, widget } = await env.openHost('commands.html');
  const frame = await widget();
  await page.waitForFunction(() => window.bnlabHost.events.some((e) => e.type === 'ready'));
  const [ready] = await events(page, 'ready');
  assert.equal(ready.origin, env.bnlabOrigin);
  assert.equal(ready.data.bnlab, 1);
  assert.equal(ready.data.preset, 'default');
  assert.equal(ready.data.status.ready, true);
  assert.equal(ready.data.status.step, 0);
  assert.deepEqual(ready.data.status.runs.map((r) => r.name), ['without BN', 'with BN']);

  // What the widget received came from its parent at the host's origin.
  let reply = await send(page, 'status');
  assert.equal(reply.ok, true);
  assert.deepEqual(reply.result, await frame.evaluate(() => window.bnlab.status()));
  const inFrame = (await received(frame)).filter((m) => m.data && m.data.type === 'command');
  assert.ok(inFrame.every((m) => m.from === 'parent' && m.origin === env.hostOrigin));

  reply = await send(page, 'step', [25]);
  assert.equal(reply.ok, true);
  assert.equal(reply.result.step, 25);

  // Play: status events at most twice a second while training, then pause.
  const playedAt = await page.evaluate(() => performance.now());
  reply = await send(page, 'play');
  assert.equal(reply.ok, true);
  assert.equal(reply.result.playing, true);
  await page.waitForFunction((t) => window.bnlabHost.events.filter((e) => e.type === 'status' && e.reason === 'progress').length >= 4, playedAt, { timeout: 30000 });
  reply = await send(page, 'pause');
  assert.equal(reply.result.playing, false);
  const statusEvents = (await events(page, 'status')).filter((m) => m.time >= playedAt);
  assert.equal(statusEvents[0].data.reason, 'play');
  assert.equal(statusEvents.at(-1).data.reason, 'pause');
  // Sent at least 500 ms apart. Received times jitter (two event loops on a
  // busy machine), so count them over the whole span instead of per gap.
  const progress = statusEvents.filter((m) => m.data.reason === 'progress');
  const span = statusEvents.at(-1).time - statusEvents[0].time;
  assert.ok(progress.length <= Math.floor(span / 500) + 1, `${progress.length} progress events in ${span.toFixed(0)} ms`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].data.status.step > progress[i - 1].data.status.step);
  assert.ok(progress.at(-1).data.status.step > 25);

  reply = await send(page, 'reset');
  assert.equal(reply.ok, true);
  assert.equal(reply.result.step, 0);
  assert.equal(reply.result.playing, false);
  assert.ok((await events(page, 'status')).some((m) => m.data.reason === 'reset'));

  reply = await send(page, 'openPreset', ['mini-batches']);
  assert.equal(reply.ok, true);
  assert.equal(reply.result.preset, 'mini-batches');
  assert.deepEqual(reply.result.runs.map((r) => r.name), ['batch 8', 'batch 128']);
  reply = await send(page, 'openPreset', ['no-such-lesson']);
  assert.equal(reply.ok, false);
  assert.match(reply.error, /^openPreset: unknown preset "no-such-lesson" \(presets: default, /);

  // set: validated by the engine, all or nothing, and the widget's own link follows.
  reply = await send(page, 'set', [{ 'train.learning_rate': 0.3, seed: 7, 'data.name': 'moons' }]);
  assert.equal(reply.ok, true, reply.error);
  let c = await config(frame);
  assert.equal(c.train.learning_rate, 0.3);
  assert.equal(c.seed, 7);
  assert.equal(c.data.name, 'moons');
  assert.equal(reply.result.preset, 'mini-batches');
  const hash = await frame.evaluate(() => window.location.hash);
  assert.match(hash, /train\.learning_rate=0\.3/);
  assert.match(hash, /embed=1/);
  // One run's settings (run.<i>.<key>, run.<i>.name), as in links and --set.
  reply = await send(page, 'set', [{ 'run.1.train.learning_rate': 0.05, 'run.1.name': 'batch 128, lr 0.05', 'run.0.model.activation': 'tanh' }]);
  assert.equal(reply.ok, true, reply.error);
  c = await config(frame);
  assert.deepEqual(c.runs.map((r) => r.name), ['batch 8', 'batch 128, lr 0.05']);
  assert.deepEqual(c.runs[1].set, { 'train.batch_size': 128, 'train.learning_rate': 0.05 });
  assert.equal(c.runs[0].set['model.activation'], 'tanh');
  assert.equal(c.train.learning_rate, 0.3, 'the shared value stays');
  for (const [settings, pattern] of [
    [{ 'run.0.train.learning_rate': 0.02, 'run.1.data.points': 100 }, /^set: run\.1\.data\.points: data\.points cannot differ between runs/],
    [{ 'run.0.train.learning_rate': 0.02, 'run.5.train.learning_rate': 0.1 }, /^set: run\.5\.train\.learning_rate: there is no run 4 before it/],
    [{ 'run.0.train.learning_rate': 0.02, 'run.1.train.learning_rate': -1 }, /run\.1\.train\.learning_rate/],
    [{ 'run.0.name': 7 }, /^set: run\.0\.name: a run's name is text/],
    [{ 'train.learning_rate': -1 }, /^set: train\.learning_rate: -1 is out of range \(allowed: 1e-06 <= x <= 10\)$/],
    [{ 'train.learning_rate': 0.05, 'train.batch_size': 100000 }, /batch_size/],
    [{ 'train.learning_rat': 0.05 }, /train\.learning_rat/],
    [{ 'data.name': 'donut' }, /data\.name/],
    [{ theme: 'dark' }, /theme is a widget key/],
    [{ preset: 'default' }, /openPreset/],
    [{}, /no settings/],
  ]) {
    reply = await send(page, 'set', [settings]);
    assert.equal(reply.ok, false, JSON.stringify(settings));
    assert.match(reply.error, pattern);
    assert.doesNotMatch(reply.error, /\n/);
  }
  c = await config(frame);
  assert.equal(c.train.learning_rate, 0.3, 'nothing of a rejected set applied');
  assert.equal(c.data.name, 'moons');
  assert.equal(c.runs[0].set['train.learning_rate'], undefined, 'nothing of a rejected run item applied');
  // A rejected set shows nothing in the widget: the reply is the answer.
  assert.deepEqual(await frame.evaluate(() => window.bnlab.messages()), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('malformed and foreign messages never throw; those with an id get an ok:false reply', async () => {
  const { page, context, problems, widget } = await env.openHost('commands.html');
  const frame = await widget();
  const cmd = (extra) => ({ bnlab: 1, type: 'command', ...extra });
  // Built in the page: too big or too deep to pass through the test driver.
  await page.evaluate(() => {
    const target = document.getElementById('bnlab').contentWindow;
    let deep = 1;
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const many = {};
    for (let i = 0; i < 10000; i++) many[`data.k${i}`] = i;
    const send = (id, args) => target.postMessage({ bnlab: 1, type: 'command', id, method: 'set', args }, '*');
    send('big', [{ 'train.learning_rate': 'x'.repeat(200_000) }]);
    send('deep', [{ runs: deep }]);
    send('many', [many]);
    send('proto', [JSON.parse('{"__proto__": {"polluted": 1}}')]);
    send('unknown', [Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`data.k${i}`, i]))]);
  });
  const built = [
    ['big', /^set: train\.learning_rate: the value is longer than 1000 characters$/],
    ['deep', /^set: runs: the value is nested deeper than 6 levels$/],
    ['many', /^set: more than 50 settings \(allowed: up to 50\)$/],
    ['proto', /^set: "__proto__" is not a setting's dotted key/],
    ['unknown', /^set: data\.k0/],
  ];
  const cases = [
    [cmd({ id: 'm1', method: '__proto__' }), /^method: "__proto__" is not a command \(commands: status, play/],
    [cmd({ id: 'm2', method: 'constructor' }), /method: "constructor"/],
    [cmd({ id: 'm3', method: 'step', args: 'ten' }), /step: args must be a list/],
    [cmd({ id: 'm4', method: 'step', args: [1.5] }), /step: n must be a whole number from 1 to 100000, got "1.5"/],
    [cmd({ id: 'm5', method: 'step', args: [1e9] }), /step: n must be a whole number/],
    [cmd({ id: 'm6', method: 'step', args: [1, 2] }), /step: expected 0 to 1 arguments, got 2/],
    [cmd({ id: 'm10', method: 'set', args: [[1, 2]] }), /set: expected one object of settings/],
    [cmd({ id: 'm11', method: 'openPreset', args: [{ toString: 1 }] }), /openPreset: unknown preset "object"/],
    [{ bnlab: 2, type: 'command', id: 'm12', method: 'status' }, /bnlab: "2" is not a protocol this widget speaks \(allowed: 1\)/],
    [{ bnlab: 1, type: 'poke', id: 'm13' }, /type: "poke" is not a message this widget takes/],
  ];
  for (const [message] of cases) await post(page, message);
  for (const [id, pattern] of [...built, ...cases.map(([message, p]) => [message.id, p])]) {
    const reply = await replyTo(page, id);
    assert.equal(reply.ok, false, id);
    assert.match(reply.error, pattern, id);
  }
  // An id that cannot be echoed: refused with id null.
  await post(page, cmd({ id: { nested: true }, method: 'status' }));
  const nullReply = await page.waitForFunction(() => window.__messages.find((m) => m.data && m.data.type === 'reply' && m.data.id === null));
  assert.match((await nullReply.jsonValue()).data.error, /^id: expected a string/);
  // No id, malformed: no reply. Not ours at all: ignored.
  for (const message of ['hello', 42, null, [1, 2], { type: 'command', method: 'play' }, { foo: 1 }, cmd({ method: 'nope' }), cmd({ method: 'step', args: 'x' })]) {
    await post(page, message);
  }
  // Sentinel: a good command sent after them is answered after them.
  await post(page, cmd({ id: 'sentinel', method: 'status' }));
  const sentinel = await replyTo(page, 'sentinel');
  assert.equal(sentinel.ok, true);
  assert.equal(sentinel.result.playing, false, 'the foreign { type: "command", method: "play" } was not obeyed');
  const replies = (await received(page)).filter((m) => m.data && m.data.type === 'reply');
  assert.equal(replies.length, built.length + cases.length + 2, JSON.stringify(replies.map((r) => r.data.id)));
  assert.ok(replies.every((m) => m.origin === env.bnlabOrigin && m.from === 'bnlab'));
  assert.equal(await frame.evaluate(() => ({}).polluted), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a sibling frame is ignored; origin= obeys one origin only', async () => {
  // A second frame on the host page posts to the widget: not its parent.
  const { page, context, problems, widget } = await env.openHost('commands.html');
  const frame = await widget();
  await page.evaluate(() => {
    const sibling = document.createElement('iframe');
    sibling.id = 'sibling';
    document.body.append(sibling);
  });
  const sibling = page.frames().find((f) => f.parentFrame() === page.mainFrame() && f.url() === 'about:blank');
  await sibling.evaluate(() => {
    const target = window.parent.document.getElementById('bnlab').contentWindow;
    for (const [id, method] of [['s1', 'play'], ['s2', 'status'], ['s3', 'nope']]) {
      target.postMessage({ bnlab: 1, type: 'command', id, method, args: [] }, '*');
    }
  });
  await post(page, { bnlab: 1, type: 'command', id: 'after', method: 'status' });
  const after = await replyTo(page, 'after');
  assert.equal(after.result.playing, false);
  assert.equal(after.result.step, 0);
  const everywhere = [...await received(page), ...await received(sibling)];
  assert.deepEqual(everywhere.filter((m) => m.data && m.data.type === 'reply').map((m) => m.data.id), ['after']);
  assert.ok((await received(frame)).some((m) => m.from === 'other' && m.data.id === 's1'), 'the widget did receive the sibling\'s messages');
  assert.deepEqual(problems, []);
  await context.close();

  // origin= another origin: the host's commands are ignored and the events
  // are not delivered to it (they are addressed to that origin only).
  const elsewhere = 'https://lms.example.org';
  const wrong = await env.openHost(`commands.html#origin=${encodeURIComponent(elsewhere)}`);
  const wrongFrame = await wrong.widget();
  assert.equal(await wrongFrame.evaluate(() => window.bnlab.status().ready), true);
  await wrong.page.evaluate(() => { window.bnlabHost.send('play'); window.bnlabHost.send('status'); });
  // The commands arrive (the frame's own record) and change nothing.
  await wrongFrame.waitForFunction(() => window.__messages.some((m) => m.data.method === 'status'), null, { polling: 50 });
  await wrong.page.waitForTimeout(300);
  const s = await wrongFrame.evaluate(() => window.bnlab.status());
  assert.deepEqual([s.playing, s.step], [false, 0]);
  assert.deepEqual((await received(wrong.page)).filter((m) => m.from === 'bnlab'), [], 'no reply, and no event reaches another origin');
  assert.deepEqual(wrong.problems, []);
  await wrong.context.close();

  // origin= the host's own origin: obeyed.
  const right = await env.openHost(`commands.html#origin=${encodeURIComponent(env.hostOrigin)}`);
  await right.widget();
  await right.page.waitForFunction(() => window.bnlabHost.events.some((e) => e.type === 'ready'));
  const reply = await send(right.page, 'step', [3]);
  assert.equal(reply.ok, true);
  assert.equal(reply.result.step, 3);
  assert.deepEqual(right.problems, []);
  await right.context.close();
});

test('lock=1: play, step and reset only; set and openPreset are refused with a reason', async () => {
  const { page, context, problems, widget } = await env.openHost('commands.html#lock=1&show=controls,charts');
  const frame = await widget();
  for (const [method, args] of [['set', [{ 'train.learning_rate': 0.3 }]], ['openPreset', ['mini-batches']]]) {
    const reply = await send(page, method, args);
    assert.equal(reply.ok, false);
    assert.match(reply.error, new RegExp(`^${method}: refused: the widget is locked \\(lock=1\\)`));
  }
  assert.equal((await config(frame)).train.learning_rate, 0.1);
  assert.equal((await send(page, 'step', [5])).result.step, 5);
  assert.equal((await send(page, 'reset')).result.step, 0);
  const shown = await frame.evaluate(() => ({
    controls: document.querySelectorAll('.controls, [data-key]').length,
    charts: document.querySelectorAll('.chart').length,
    messages: window.bnlab.messages(),
  }));
  assert.equal(shown.controls, 0, 'no settings column under lock=1');
  assert.equal(shown.charts, 2);
  assert.deepEqual(shown.messages, ['Link: show=controls: ignored, because lock=1 freezes the settings.']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a host page opened from disk (origin "null") gets its replies', async () => {
  const { page, context, problems, widget } = await env.openHost('commands.html', { fromDisk: true });
  await widget();
  assert.match(page.url(), /^file:/);
  const reply = await send(page, 'step', [2]);
  assert.equal(reply.ok, true);
  assert.equal(reply.result.step, 2);
  const commands = (await received(await widget())).filter((m) => m.data && m.data.type === 'command');
  assert.equal(commands[0].origin, 'null');
  assert.deepEqual(problems, []);
  await context.close();
});
