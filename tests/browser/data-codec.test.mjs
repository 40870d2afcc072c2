// The data.custom link codec (web/data/codec.js) in Node: exact round trips
// (every double, the order, the labels, the plane), the grid arithmetic that
// makes drawn coordinates short decimals, and a message for every broken item.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_DATA_ITEM_LENGTH, decodeData, encodeData, exactStep, fromBase64url, gridValue, parseStep, pointsCsv,
  snap, stepForSpan, toBase64url,
} from '../../web/data/codec.js';
import { parseHash } from '../../web/state.js';

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// n points drawn on a plane, snapped as the page snaps them.
function drawn(n, plane, classes, seed) {
  const r = random(seed);
  const steps = [stepForSpan(plane[1] - plane[0]), stepForSpan(plane[3] - plane[2])];
  const points = Array.from({ length: n }, (_, i) => [
    snap(plane[0] + r() * (plane[1] - plane[0]), steps[0]),
    snap(plane[2] + r() * (plane[3] - plane[2]), steps[1]),
    i % classes,
  ]);
  return { points, plane, steps };
}

test('grid steps: nice decimals, one step finer than a pixel, exact doubles', () => {
  assert.deepEqual(stepForSpan(12), { m: 1, e: -2 });
  assert.deepEqual(stepForSpan(100), { m: 5, e: -2 });
  assert.deepEqual(stepForSpan(0.48), { m: 5, e: -4 });
  assert.deepEqual(parseStep('5e-3'), { m: 5, e: -3 });
  assert.equal(parseStep('3e-2'), null);
  assert.equal(parseStep('1e-10'), null);
  assert.equal(gridValue(123, { m: 1, e: -2 }), 1.23);
  assert.equal(gridValue(-7, { m: 5, e: -3 }), -0.035);
  assert.equal(snap(1.23456, { m: 1, e: -2 }), 1.23);
  assert.equal(String(snap(0.1 + 0.2, { m: 1, e: -2 })), '0.3');  // short text in the CSV
  assert.deepEqual(exactStep([1.25, 3, -0.5]), { m: 5, e: -2 });
  assert.deepEqual(exactStep([200, -1000]), { m: 2, e: 2 });
  assert.equal(exactStep([Math.PI]), null);
});

test('round trips are exact: 500 points of 2 classes, 2,000 of 8, odd planes', () => {
  for (const [n, plane, classes, seed] of [
    [500, [-6, 6, -6, 6], 2, 1],
    [2000, [-6, 6, -6, 6], 8, 2],
    [300, [-0.4, 100.7, -1.1, 1.1], 2, 3],  // lesson 1's scales
    [50, [999000, 1000000, -1e6, -999990], 3, 4],
    [10, [-1e-3, 1e-3, 5, 6], 2, 5],
  ]) {
    const data = drawn(n, plane, classes, seed);
    const { text, error } = encodeData(data);
    assert.equal(error, undefined, `${n} points on ${plane}`);
    assert.ok(text.length <= MAX_DATA_ITEM_LENGTH);
    const back = decodeData(text);
    assert.equal(back.error, undefined);
    assert.deepEqual(back.data.points, data.points);
    assert.deepEqual(back.data.steps, data.steps);
    assert.ok(back.data.plane[0] <= plane[0] && back.data.plane[1] >= plane[1] && back.data.plane[2] <= plane[2] && back.data.plane[3] >= plane[3]);
    // The CSV the engine reads holds the same doubles.
    const rows = pointsCsv(back.data.points).trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    assert.deepEqual(rows, data.points);
    // and the item survives the hash
    assert.equal(parseHash(`#data.custom=${encodeURIComponent(text)}`).data, text);
  }
  const five = encodeData(drawn(500, [-6, 6, -6, 6], 2, 9));
  assert.ok(five.text.length < 2000, `500 points: ${five.text.length} characters`);
});

test('what a link cannot carry is refused by name', () => {
  const big = drawn(3000, [-6, 6, -6, 6], 2, 7);
  assert.deepEqual(encodeData(big), { error: 'tooLong' });
  const data = drawn(20, [-6, 6, -6, 6], 2, 8);
  data.points[3][0] = Math.PI;
  assert.deepEqual(encodeData(data), { error: 'inexact' });
});

test('broken items each get one message naming data.custom', () => {
  const good = encodeData(drawn(20, [-6, 6, -6, 6], 2, 1)).text;
  const [sx, sy, payload] = good.split(',');
  const bytes = fromBase64url(payload);
  const cases = [
    ['', /expected three parts/],
    [`${sx},${sy}`, /expected three parts/],
    [`7e-2,${sy},${payload}`, /a step must read/],
    [`${sx},${sy},${payload}!`, /not base64url/],
    [`${sx},${sy},${payload.slice(0, -6)}`, /end too early/],
    [`${sx},${sy},${payload}AAAA`, /extra bytes/],
    [`${sx},${sy},${toBase64url([2, ...bytes.slice(1)])}`, /unknown format version/],
    [`${sx},${sy},${toBase64url([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80])}`, /end too early|too many/],
    [`${sx},${sy},${toBase64url([1, 0xff, 0xff, 0x03])}`, /too many points/],
    ['x'.repeat(MAX_DATA_ITEM_LENGTH + 1), /characters \(allowed: up to 10000\)/],
  ];
  for (const [text, expected] of cases) {
    const r = decodeData(text);
    assert.equal(r.data, undefined, text.slice(0, 40));
    assert.match(r.error, /^data\.custom: /);
    assert.match(r.error, expected, text.slice(0, 40));
  }
});
