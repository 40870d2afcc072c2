// What a learner takes away, as text: the curves (the CLI's --csv) and the
// experiment as a config file for `bnlab run --config` (docs/DESIGN.md).
import { curvesCsv } from './curves-csv.js';

export const FILES = Object.freeze({
  picture: 'bnlab-panels.png',
  curves: 'bnlab-curves.csv',
  config: 'bnlab-config.json',
  data: 'bnlab-data.csv',  // the data engineer's download (web/data/)
});

// The curves up to the current step, exactly the rows `bnlab run --config
// FILE --steps STEP --every K --csv` writes (K is 10 unless the run is very
// long: web/export/curve-log.js). Resolves to the CSV text.
export async function curvesCsvOf(app) {
  return (await curvesOf(app)).text;
}

// The same with the cadence K: {text, every, rows}.
export async function curvesOf(app) {
  const table = await app.engine.call('curveTable');
  return { text: curvesCsv(table), every: table.every, rows: table.rows.length * table.names.length };
}

// The running experiment's normalized config, with train.steps set to the
// step the page has reached (when past 0), so that `bnlab run --config FILE`
// alone ends where the page is and prints the page's losses.
export function configFileOf(app, step = app.latest ? app.latest.step : 0) {
  if (!app.configText) return '';
  const config = JSON.parse(app.configText);
  if (step > 0 && config.train && typeof config.train === 'object') config.train.steps = step;
  return JSON.stringify(config, null, 2) + '\n';
}

// The command that reproduces the experiment (custom points need the data file).
export function cliCommand(config) {
  const custom = config && config.data && config.data.name === 'custom';
  return `bnlab run --config ${FILES.config}${custom ? ` --data ${FILES.data}` : ''}`;
}

// Saves a Blob as a file: a blob link clicked once inside the app's root
// (works in a shadow root and under the page's CSP).
export function saveBlob(root, filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = root.ownerDocument.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
