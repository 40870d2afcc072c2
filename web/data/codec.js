// The learner's points in a link: the `data.custom` hash item (docs/DESIGN.md,
// "The learner's own data and runs", the hash encoding). Pure functions, no DOM.
//
//   data.custom=<sx>,<sy>,<payload>
//
// sx, sy: the grid step of each axis, written m"e"e with m one of 1, 2, 5
// (1e-2 is 0.01). A coordinate is q * step for an integer q, computed as
// (q * m) / 10^-e (or q * m * 10^e), so its double is the one the decimal
// text reads as: the CSV the engine trains on holds short, exact numbers and a
// link rebuilds the very same doubles. Drawn points are snapped to this grid
// (at most 2,000 steps across the drawing plane: finer than a screen pixel).
//
// payload: base64url (no padding) of bytes
//   1                                   the format version
//   varint n                            the number of points
//   zigzag varint px0, px1, py0, py1    the drawing plane, in steps
//   zigzag varint qx0, qy0              the smallest q of each axis
//   byte bx, by, bl                     bits per x, y (q - q0) and label
//   n records of bx + by + bl bits      (x, y, label), most significant bit first,
//                                       in the points' order (the split depends on it)
// About 23 bits a point for two classes on a 2,000-step grid: 500 points take
// about 1,950 characters, the 10,000-character limit about 2,600 points.
import { t } from '../i18n/index.js';
import { CUSTOM_DATA_KEY } from '../state.js';

export const DATA_ITEM_KEY = CUSTOM_DATA_KEY;
export const MAX_DATA_ITEM_LENGTH = 10000;  // characters of the item's value
export const GRID_CELLS = 2000;             // drawing grid: steps across the plane, at most
const VERSION = 1;
const MANTISSAS = [5, 2, 1];
const MIN_EXPONENT = -9;
const MAX_EXPONENT = 6;
const MAX_BITS = 30;
const MAX_POINTS = 20000;

// ---- grid steps ---------------------------------------------------------

export function stepValue({ m, e }) {
  return e < 0 ? m / 10 ** -e : m * 10 ** e;
}

export function stepText({ m, e }) {
  return `${m}e${e}`;
}

export function parseStep(text) {
  const match = /^([125])e(-?\d{1,2})$/.exec(String(text));
  if (!match) return null;
  const e = Number(match[2]);
  if (e < MIN_EXPONENT || e > MAX_EXPONENT) return null;
  return { m: Number(match[1]), e };
}

// The coordinate of grid index q.
export function gridValue(q, { m, e }) {
  return e < 0 ? (q * m) / 10 ** -e : q * m * 10 ** e;
}

export function gridIndex(v, { m, e }) {
  return Math.round(e < 0 ? (v * 10 ** -e) / m : v / (m * 10 ** e));
}

export function snap(v, step) {
  const s = gridValue(gridIndex(v, step), step);
  return Object.is(s, -0) ? 0 : s;
}

// The smallest step m*10^e >= span / cells (a plane of span 12 gets 1e-2).
export function stepForSpan(span, cells = GRID_CELLS) {
  const want = Math.abs(span) / cells;
  if (!(want > 0) || !Number.isFinite(want)) return { m: 1, e: -2 };
  for (let e = MIN_EXPONENT; e <= MAX_EXPONENT; e++) {
    for (const m of [1, 2, 5]) if (stepValue({ m, e }) >= want) return { m, e };
  }
  return { m: 1, e: MAX_EXPONENT };
}

// Whether every value is exactly a point of the grid.
export function isExactOn(values, step) {
  for (const v of values) {
    const q = gridIndex(v, step);
    if (!Number.isSafeInteger(q * step.m) || gridValue(q, step) !== v) return false;
  }
  return true;
}

// The coarsest step on which every value lies exactly, or null.
export function exactStep(values) {
  for (let e = MAX_EXPONENT; e >= MIN_EXPONENT; e--) {
    for (const m of MANTISSAS) if (isExactOn(values, { m, e })) return { m, e };
  }
  return null;
}

// ---- bytes ------------------------------------------------------------------

class Writer {
  constructor() { this.bytes = []; this.acc = 0; this.nacc = 0; }
  byte(b) { this.bytes.push(b & 255); }
  varint(n) {  // n: a non-negative safe integer
    let v = n;
    while (v >= 128) { this.byte((v % 128) + 128); v = Math.floor(v / 128); }
    this.byte(v);
  }
  zigzag(n) { this.varint(n >= 0 ? 2 * n : -2 * n - 1); }
  bits(value, count) {  // value < 2^count, count <= 30
    for (let i = count - 1; i >= 0; i--) {
      this.acc = this.acc * 2 + (Math.floor(value / 2 ** i) % 2);
      if (++this.nacc === 8) { this.byte(this.acc); this.acc = 0; this.nacc = 0; }
    }
  }
  flush() { if (this.nacc > 0) this.byte(this.acc * 2 ** (8 - this.nacc)); this.acc = 0; this.nacc = 0; }
}

class Reader {
  constructor(bytes) { this.bytes = bytes; this.pos = 0; this.bit = 0; }
  byte() {
    if (this.pos >= this.bytes.length) throw new RangeError('short');
    return this.bytes[this.pos++];
  }
  varint() {
    let v = 0, scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      v += (b % 128) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
    throw new RangeError('varint');
  }
  zigzag() { const v = this.varint(); return v % 2 === 0 ? v / 2 : -(v + 1) / 2; }
  bits(count) {
    let v = 0;
    for (let i = 0; i < count; i++) {
      if (this.pos >= this.bytes.length) throw new RangeError('short');
      const b = (this.bytes[this.pos] >> (7 - this.bit)) & 1;
      v = v * 2 + b;
      if (++this.bit === 8) { this.bit = 0; this.pos += 1; }
    }
    return v;
  }
  end() { return this.bit === 0 ? this.pos : this.pos + 1; }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let c = 0; c < 4; c++) n = n * 64 + (c < chunk.length ? B64.indexOf(chunk[c]) : 0);
    const count = chunk.length - 1;
    for (let b = 0; b < count; b++) bytes.push((n >> (16 - 8 * b)) & 255);
  }
  return bytes;
}

const bitsFor = (n) => (n <= 0 ? 0 : Math.ceil(Math.log2(n + 1)));

// ---- the item -------------------------------------------------------------

// data = {points: [[x, y, label], ...], plane: [xmin, xmax, ymin, ymax],
// steps: [sx, sy]}. Returns {text} or {error: 'inexact' | 'tooMany' | 'tooLong'}.
export function encodeData({ points, plane, steps }) {
  const [sx, sy] = steps;
  if (points.length > MAX_POINTS) return { error: 'tooMany' };
  const qx = new Array(points.length), qy = new Array(points.length);
  let qx0 = Infinity, qx1 = -Infinity, qy0 = Infinity, qy1 = -Infinity, maxLabel = 0;
  for (let i = 0; i < points.length; i++) {
    const [x, y, label] = points[i];
    qx[i] = gridIndex(x, sx);
    qy[i] = gridIndex(y, sy);
    if (gridValue(qx[i], sx) !== x || gridValue(qy[i], sy) !== y) return { error: 'inexact' };
    qx0 = Math.min(qx0, qx[i]); qx1 = Math.max(qx1, qx[i]);
    qy0 = Math.min(qy0, qy[i]); qy1 = Math.max(qy1, qy[i]);
    maxLabel = Math.max(maxLabel, label);
  }
  if (points.length === 0) { qx0 = qx1 = qy0 = qy1 = 0; }
  const bx = bitsFor(qx1 - qx0), by = bitsFor(qy1 - qy0), bl = bitsFor(maxLabel);
  if (bx > MAX_BITS || by > MAX_BITS) return { error: 'inexact' };
  // The plane in whole steps, rounded outwards.
  const px0 = Math.floor(plane[0] / stepValue(sx)), px1 = Math.ceil(plane[1] / stepValue(sx));
  const py0 = Math.floor(plane[2] / stepValue(sy)), py1 = Math.ceil(plane[3] / stepValue(sy));
  if (![px0, px1, py0, py1].every(Number.isSafeInteger)) return { error: 'inexact' };
  const w = new Writer();
  w.byte(VERSION);
  w.varint(points.length);
  for (const v of [px0, px1, py0, py1, qx0, qy0]) w.zigzag(v);
  w.byte(bx); w.byte(by); w.byte(bl);
  for (let i = 0; i < points.length; i++) {
    w.bits(qx[i] - qx0, bx);
    w.bits(qy[i] - qy0, by);
    w.bits(points[i][2], bl);
  }
  w.flush();
  const text = `${stepText(sx)},${stepText(sy)},${toBase64url(w.bytes)}`;
  if (text.length > MAX_DATA_ITEM_LENGTH) return { error: 'tooLong' };
  return { text };
}

// The item's value -> {data: {points, plane, steps}} or {error: one line}.
// Checks only the encoding; the engine checks the points (10 or more, two
// classes, ...) with the CSV reader's messages.
export function decodeData(text) {
  const fail = (what) => ({ error: t('data.linkBroken', { what }) });
  const value = String(text);
  if (value.length > MAX_DATA_ITEM_LENGTH) return fail(t('data.linkTooLongWhat', { n: value.length, max: MAX_DATA_ITEM_LENGTH }));
  const parts = value.split(',');
  if (parts.length !== 3) return fail(t('data.linkParts'));
  const sx = parseStep(parts[0]), sy = parseStep(parts[1]);
  if (!sx || !sy) return fail(t('data.linkStep'));
  const bytes = fromBase64url(parts[2]);
  if (!bytes) return fail(t('data.linkBase64'));
  try {
    const r = new Reader(bytes);
    if (r.byte() !== VERSION) return fail(t('data.linkVersion'));
    const n = r.varint();
    if (n > MAX_POINTS) return fail(t('data.linkCount', { max: MAX_POINTS }));
    const [px0, px1, py0, py1, qx0, qy0] = [0, 0, 0, 0, 0, 0].map(() => r.zigzag());
    const bx = r.byte(), by = r.byte(), bl = r.byte();
    if (bx > MAX_BITS || by > MAX_BITS || bl > 3 || !(px0 < px1 && py0 < py1)) return fail(t('data.linkHeader'));
    const points = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = gridValue(qx0 + r.bits(bx), sx);
      const y = gridValue(qy0 + r.bits(by), sy);
      points[i] = [Object.is(x, -0) ? 0 : x, Object.is(y, -0) ? 0 : y, r.bits(bl)];
    }
    if (r.end() !== bytes.length) return fail(t('data.linkTrailing'));
    const plane = [gridValue(px0, sx), gridValue(px1, sx), gridValue(py0, sy), gridValue(py1, sy)];
    return { data: { points, plane, steps: [sx, sy] } };
  } catch {
    return fail(t('data.linkShort'));
  }
}

// ---- CSV --------------------------------------------------------------------

// The contract's CSV (x1,x2,label with a header); JavaScript's shortest
// round-trip number text, so the engine reads back exactly these doubles.
export function pointsCsv(points) {
  const rows = ['x1,x2,label'];
  for (const [x, y, label] of points) rows.push(`${x},${y},${label}`);
  return rows.join('\n') + '\n';
}

// CSV text (as the engine writes it: dataCsv) -> [[x, y, label], ...]; only for
// text the engine produced or accepted, so no checking beyond numbers.
export function parsePointsCsv(text) {
  const points = [];
  for (const line of String(text).split(/\r\n|\n|\r/)) {
    const cells = line.split(',');
    if (cells.length !== 3) continue;
    const [x, y, label] = cells.map((c) => Number(c.trim().replace(/^"|"$/g, '')));
    if (Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(label)) points.push([x, y, label]);
  }
  return points;
}
