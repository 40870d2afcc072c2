// What the views need to know about the experiment, from the engine's
// derived description of it (normalizeConfig: each run's effective settings
// and layers; no DOM): which runs have batch norm, each run's network as the
// diagram draws it, and the checking of a (run, layer, unit) selection with a
// fallback and a message naming the field (page UI). Pure functions, so Node
// tests can use them.
import { t } from '../i18n/index.js';

// One run as the views need it, from the engine's description of it
// (normalizeConfig's derived.runs[i]: effective settings and layers), so the
// override logic and the layer order live in the engine only.
export function runSettings(derived, i) {
  const run = (derived && Array.isArray(derived.runs) && derived.runs[i]) || {};
  const s = run.settings && typeof run.settings === 'object' ? run.settings : {};
  return {
    name: String(run.name || t('panel.untitled', { n: i + 1 })),
    hidden: (Array.isArray(s['model.hidden']) ? s['model.hidden'] : []).map(Number),
    batchnorm: Boolean(s['model.batchnorm']),
    placement: String(s['model.bn_placement'] || 'before'),
    activation: String(s['model.activation'] || 'relu'),
    batchSize: Number(s['train.batch_size']),
    standardize: Boolean(s['data.standardize']),
    layers: Array.isArray(run.layers) ? run.layers : [],
  };
}

export function allRuns(derived) {
  const n = derived && Array.isArray(derived.runs) ? derived.runs.length : 0;
  return Array.from({ length: n }, (_, i) => runSettings(derived, i));
}

// Indices of the runs that have batch-norm layers.
export function bnRuns(derived) {
  return allRuns(derived).map((r, i) => (r.batchnorm ? i : -1)).filter((i) => i >= 0);
}

// A whole number written plainly ("3", not "3.0", "0x3" or "").
function parseIndex(text) {
  const s = String(text).trim();
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

export const DEFAULT_SELECTION = Object.freeze({ run: null, layer: 0, unit: 0 });

// Checks a requested selection {run, layer, unit} (numbers or text; null or
// undefined means "the default") against the experiment (derived). Returns the selection
// to use, each field replaced by a sensible fallback where the request does
// not exist, and one message per replaced field:
//   run   -> the first run with batch norm (the inspector needs BN layers)
//   layer -> 0, unit -> 0
// `prefix` names the source in messages ("view." for the link).
export function checkSelection(derived, request, prefix = 'view.') {
  const runs = allRuns(derived);
  const withBn = bnRuns(derived);
  const errors = [];
  const given = (v) => v !== null && v !== undefined && v !== '';
  const firstBn = withBn.length ? withBn[0] : null;

  let run = firstBn;
  if (given(request.run)) {
    const r = parseIndex(request.run);
    if (r === null || r >= runs.length) {
      errors.push(t('selection.noRun', { key: `${prefix}run`, value: String(request.run).slice(0, 20), last: runs.length - 1, fallback: describeRun(runs, firstBn) }));
    } else if (!runs[r].batchnorm) {
      errors.push(t('selection.noBn', { key: `${prefix}run`, value: r, name: runs[r].name, fallback: describeRun(runs, firstBn) }));
    } else {
      run = r;
    }
  }
  const hidden = run === null ? (runs[0] ? runs[0].hidden : []) : runs[run].hidden;

  let layer = 0;
  if (given(request.layer)) {
    const l = parseIndex(request.layer);
    if (l === null || l >= hidden.length) {
      errors.push(t('selection.noLayer', { key: `${prefix}layer`, value: String(request.layer).slice(0, 20), count: hidden.length, last: hidden.length - 1 }));
    } else {
      layer = l;
    }
  }

  let unit = 0;
  if (given(request.unit)) {
    const u = parseIndex(request.unit);
    const units = hidden[layer] || 0;
    if (u === null || u >= units) {
      errors.push(t('selection.noUnit', { key: `${prefix}unit`, value: String(request.unit).slice(0, 20), layer, units, last: units - 1 }));
    } else {
      unit = u;
    }
  }
  return { selection: { run, layer, unit }, errors };
}

function describeRun(runs, index) {
  return index === null ? t('selection.noBnRun') : t('selection.showingRun', { run: index, name: runs[index].name });
}

// The dense -> BN -> g chain of one run, as the diagram draws it, from the
// engine's layer list (the one the network is built from): each hidden layer
// l (1-based) is a list of steps starting at its dense layer; the output
// layer (the last dense) comes last.
//   {kind: 'dense', label: 'W[l]', bias: bool, units} | {kind: 'bn', label} | {kind: 'act', label}
//   | {kind: 'dropout', label} (model.dropout: the layer's last step, training only)
export function networkSteps(run) {
  const engineLayers = Array.isArray(run?.layers) ? run.layers : [];
  const groups = [];
  for (const layer of engineLayers) {
    if (layer.kind === 'dense') groups.push([]);
    if (groups.length === 0) continue;
    const l = groups.length;
    const steps = groups[groups.length - 1];
    if (layer.kind === 'dense') steps.push({ kind: 'dense', label: `W[${l}]`, bias: Boolean(layer.bias), units: layer.out });
    else if (layer.kind === 'batchnorm') steps.push({ kind: 'bn', label: `BN(γ[${l}], β[${l}])` });
    else if (layer.kind === 'dropout') steps.push({ kind: 'dropout', label: 'dropout' });
    else steps.push({ kind: 'act', label: String(layer.fn) });
  }
  const inputs = engineLayers.length ? engineLayers[0].in : 2;
  const output = groups.length ? groups.pop()[0] : { kind: 'dense', label: 'W[1]', bias: true, units: 1 };
  return { inputs, layers: groups, output };
}
