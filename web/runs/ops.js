// Runs as the normalized config has them ([{name, set: {"dotted.key": value}}])
// and the edits the learner makes to them. Pure functions: each returns a new
// array and never judges a value; the engine validates the result as a whole
// config (names, per-run keys, ranges, count), so nothing half-applies.

export function cloneRuns(runs) {
  return (Array.isArray(runs) ? runs : []).map((r) => ({ name: r.name, set: { ...(r.set || {}) } }));
}

// Out-of-range indices are the caller's mistake, reported in words.
export function checkIndex(runs, index) {
  if (!Number.isInteger(index) || index < 0 || index >= runs.length) {
    return `run index ${JSON.stringify(index)} is not allowed (allowed: an integer 0..${runs.length - 1})`;
  }
  return '';
}

// settings: {"dotted.key": value}; a null value drops the run's own value
// (the run follows the shared one again).
export function withSettings(runs, index, settings) {
  const next = cloneRuns(runs);
  const set = next[index].set;
  for (const [key, value] of Object.entries(settings)) {
    if (value === null) delete set[key];
    else set[key] = value;
  }
  return next;
}

export function renamed(runs, index, name) {
  const next = cloneRuns(runs);
  next[index].name = name;
  return next;
}

// A name no other run has: "<name> copy", "<name> copy 2", ... cut to the
// engine's length limit (maxChars, from its schema) from the left part.
export function freeName(base, taken, maxChars = 32, template = (n) => `${n} copy`) {
  for (let k = 1; k < 100; k++) {
    const suffix = k === 1 ? '' : ` ${k}`;
    const full = template(base) + suffix;
    const chars = [...full];
    const name = chars.length <= maxChars ? full : [...template(base)].slice(0, maxChars - [...suffix].length).join('').trimEnd() + suffix;
    if (!taken.includes(name)) return name;
  }
  return `${base}`;
}

// A copy of run `index`, placed right after it.
export function withCopy(runs, index, name) {
  const next = cloneRuns(runs);
  next.splice(index + 1, 0, { name, set: { ...next[index].set } });
  return next;
}

export function without(runs, index) {
  const next = cloneRuns(runs);
  next.splice(index, 1);
  return next;
}
