// What the views need to know about the experiment, from the normalized config
// alone (no DOM, no engine): each run's network, which runs have batch norm,
// and the checking of a (run, layer, unit) selection with a fallback and a
// message naming the field. Pure functions, so Node tests can use them.

// The settings of run i: the shared model/train/data settings, with the run's
// own `set` overrides (dotted keys) applied.
export function runSettings(config, i) {
  const run = (config && Array.isArray(config.runs) && config.runs[i]) || {};
  const set = run.set && typeof run.set === 'object' ? run.set : {};
  const pick = (key, fallback) => (Object.hasOwn(set, key) ? set[key] : fallback);
  const model = (config && config.model) || {};
  const train = (config && config.train) || {};
  const data = (config && config.data) || {};
  return {
    name: String(run.name || `run ${i + 1}`),
    hidden: (pick('model.hidden', model.hidden) || []).map(Number),
    batchnorm: Boolean(pick('model.batchnorm', model.batchnorm)),
    placement: String(pick('model.bn_placement', model.bn_placement || 'before')),
    activation: String(pick('model.activation', model.activation || 'relu')),
    batchSize: Number(pick('train.batch_size', train.batch_size)),
    standardize: Boolean(pick('data.standardize', data.standardize)),
  };
}

export function allRuns(config) {
  const n = config && Array.isArray(config.runs) ? config.runs.length : 0;
  return Array.from({ length: n }, (_, i) => runSettings(config, i));
}

// Indices of the runs that have batch-norm layers.
export function bnRuns(config) {
  return allRuns(config).map((r, i) => (r.batchnorm ? i : -1)).filter((i) => i >= 0);
}

// A whole number written plainly ("3", not "3.0", "0x3" or "").
function parseIndex(text) {
  const s = String(text).trim();
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

export const DEFAULT_SELECTION = Object.freeze({ run: null, layer: 0, unit: 0 });

// Checks a requested selection {run, layer, unit} (numbers or text; null or
// undefined means "the default") against the config. Returns the selection
// to use, each field replaced by a sensible fallback where the request does
// not exist, and one message per replaced field:
//   run   -> the first run with batch norm (the inspector needs BN layers)
//   layer -> 0, unit -> 0
// `prefix` names the source in messages ("view." for the link).
export function checkSelection(config, request, prefix = 'view.') {
  const runs = allRuns(config);
  const withBn = bnRuns(config);
  const errors = [];
  const given = (v) => v !== null && v !== undefined && v !== '';
  const firstBn = withBn.length ? withBn[0] : null;

  let run = firstBn;
  if (given(request.run)) {
    const r = parseIndex(request.run);
    if (r === null || r >= runs.length) {
      errors.push(`${prefix}run=${String(request.run).slice(0, 20)}: there is no such run (runs are numbered 0 to ${runs.length - 1}); ${describeRun(runs, firstBn)}.`);
    } else if (!runs[r].batchnorm) {
      errors.push(`${prefix}run=${r}: run "${runs[r].name}" has no batch norm to inspect; ${describeRun(runs, firstBn)}.`);
    } else {
      run = r;
    }
  }
  const hidden = run === null ? (runs[0] ? runs[0].hidden : []) : runs[run].hidden;

  let layer = 0;
  if (given(request.layer)) {
    const l = parseIndex(request.layer);
    if (l === null || l >= hidden.length) {
      errors.push(`${prefix}layer=${String(request.layer).slice(0, 20)}: there is no such hidden layer (the network has ${hidden.length}, numbered 0 to ${hidden.length - 1}); showing layer 0.`);
    } else {
      layer = l;
    }
  }

  let unit = 0;
  if (given(request.unit)) {
    const u = parseIndex(request.unit);
    const units = hidden[layer] || 0;
    if (u === null || u >= units) {
      errors.push(`${prefix}unit=${String(request.unit).slice(0, 20)}: hidden layer ${layer} has ${units} units (0 to ${units - 1}); showing unit 0.`);
    } else {
      unit = u;
    }
  }
  return { selection: { run, layer, unit }, errors };
}

function describeRun(runs, index) {
  return index === null ? 'no run has batch norm' : `showing run ${index} ("${runs[index].name}")`;
}

// The dense -> BN -> g chain of one run, as the diagram draws it. Each
// hidden layer l (1-based) is a list of steps; the output layer comes last.
//   {kind: 'dense', label: 'W[l]', bias: bool} | {kind: 'bn', label} | {kind: 'act', label}
export function networkSteps(settings, inputs = 2, outputs = 1) {
  const layers = settings.hidden.map((units, i) => {
    const l = i + 1;
    const dense = { kind: 'dense', label: `W[${l}]`, bias: !(settings.batchnorm && settings.placement === 'before'), units };
    const bn = { kind: 'bn', label: `BN(γ[${l}], β[${l}])` };
    const act = { kind: 'act', label: settings.activation };
    if (!settings.batchnorm) return [dense, act];
    return settings.placement === 'before' ? [dense, bn, act] : [dense, act, bn];
  });
  const out = settings.hidden.length + 1;
  return { inputs, layers, output: { kind: 'dense', label: `W[${out}]`, bias: true, units: outputs } };
}
