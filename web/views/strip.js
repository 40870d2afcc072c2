// Dot strips: values as dots along a horizontal axis on a canvas, one row per
// strip, one dot highlighted. Used for a unit's z before and after BN and
// for the batch-to-batch noise of one example's z_norm.

// The canvas's CSS width, kept by a ResizeObserver: reading clientWidth
// while drawing would force a layout of the whole page on every redraw.
const widths = new WeakMap();
const observer = new ResizeObserver((entries) => {
  for (const e of entries) widths.set(e.target, e.contentRect.width);
});

// rows: [{label, values: number[], highlight: index|-1, color?}];
// palette: the theme's (../theme.js).
export function drawStrips(canvas, rows, { range = null, height = 44, palette }) {
  if (!widths.has(canvas)) {
    widths.set(canvas, canvas.clientWidth);  // once, then the observer's
    observer.observe(canvas);
  }
  const ratio = window.devicePixelRatio || 1;
  const cssWidth = Math.max(200, Math.round(widths.get(canvas)) || 480);
  const cssHeight = rows.length * height + 22;
  if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(cssHeight * ratio);
    canvas.style.height = `${cssHeight}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  const all = rows.flatMap((r) => r.values.filter(Number.isFinite));
  let [lo, hi] = range || [Math.min(...all, 0), Math.max(...all, 0)];
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const left = 70, right = cssWidth - 12;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (right - left);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  rows.forEach((row, k) => {
    const y = k * height + height / 2;
    ctx.fillStyle = palette.muted;
    ctx.fillText(row.label, 4, y);
    ctx.strokeStyle = palette.line;
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(right, y); ctx.stroke();
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = row.color || palette.run(4);
    row.values.forEach((v, i) => {
      if (!Number.isFinite(v) || i === row.highlight) return;
      // A little vertical jitter (deterministic) so equal values stay visible.
      const jitter = ((i * 37) % 11 - 5) * 1.4;
      ctx.beginPath(); ctx.arc(x(v), y + jitter, 3.5, 0, 2 * Math.PI); ctx.fill();
    });
    const h = row.values[row.highlight];
    if (Number.isFinite(h)) {
      ctx.globalAlpha = 1;
      ctx.fillStyle = palette.highlight;
      ctx.beginPath(); ctx.arc(x(h), y, 5.5, 0, 2 * Math.PI); ctx.fill();
    }
    ctx.globalAlpha = 1;
  });
  // The axis: ticks at the range's ends and at 0.
  const axisY = rows.length * height + 8;
  ctx.fillStyle = palette.muted;
  for (const [v, align] of [[lo, 'left'], [0, 'center'], [hi, 'right']]) {
    if (v < lo || v > hi) continue;
    ctx.textAlign = align;
    ctx.fillRect(x(v) - 0.5, axisY - 6, 1, 4);
    ctx.fillText(Number(v.toPrecision(3)).toString(), x(v), axisY + 6);
  }
  ctx.textAlign = 'start';
}
