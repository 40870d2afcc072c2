// Makes "no tests ran" a failure for the Node and browser stages of
// ./build.sh test (node --test passes on an empty folder, a file with no
// tests, or skipped tests).
//
// As a node:test reporter it writes one JSON summary of what ran, per file:
//   node --test --test-reporter=./scripts/test-count.mjs --test-reporter-destination=S.json ...
// As a script it checks that summary:
//   node scripts/test-count.mjs S.json MIN_FILES FILE...
// and fails (exit 1, one line per problem) when fewer than MIN_FILES files were
// given, a given file ran no test, or any test was skipped or marked todo.
// It also prints the slowest files (the wall-clock seconds of each file's
// top-level tests, summed: its hooks, e.g. a browser's launch, not counted) so
// that CI time can be watched file by file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function* countTests(source) {
  const files = {};
  const seconds = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, skip, todo } = event.data;
    if (!file || name === file) continue;  // the file's own wrapper, not a test
    const ms = event.data.details && event.data.details.duration_ms;
    if (event.data.nesting === 0 && Number.isFinite(ms)) seconds[path.resolve(file)] = (seconds[path.resolve(file)] || 0) + ms / 1000;
    const counts = (files[path.resolve(file)] ??= { pass: 0, fail: 0, skip: 0, todo: 0 });
    if (skip) counts.skip += 1;
    else if (todo) counts.todo += 1;
    else counts[event.type === 'test:pass' ? 'pass' : 'fail'] += 1;
  }
  yield `${JSON.stringify({ files, seconds }, null, 1)}\n`;
}

const SLOWEST = 10;

function check(summaryPath, minFiles, files) {
  const problems = [];
  if (files.length < minFiles) problems.push(`${files.length} test files found, expected at least ${minFiles}`);
  // One summary per node --test run (comma-separated paths; an empty file: a
  // run that had no files).
  const summary = { files: {}, seconds: {} };
  let read = 0;
  for (const p of summaryPath.split(',')) {
    let text = '';
    try { text = readFileSync(p, 'utf8'); } catch { continue; }
    if (!text.trim()) continue;
    try {
      const one = JSON.parse(text);
      Object.assign(summary.files, one.files);
      Object.assign(summary.seconds, one.seconds || {});
      read += 1;
    } catch (e) {
      problems.push(`a test summary from node --test is not JSON (${e.message})`);
    }
  }
  if (files.length > 0 && read === 0) problems.push('no test summary from node --test');
  let total = 0;
  for (const file of files) {
    const c = summary.files[path.resolve(file)] ?? { pass: 0, fail: 0, skip: 0, todo: 0 };
    total += c.pass + c.fail;
    if (c.pass + c.fail === 0) problems.push(`${file}: no test ran`);
    if (c.skip > 0) problems.push(`${file}: ${c.skip} test(s) skipped`);
    if (c.todo > 0) problems.push(`${file}: ${c.todo} test(s) marked todo`);
  }
  const slowest = Object.entries(summary.seconds).sort((a, b) => b[1] - a[1]).slice(0, SLOWEST);
  if (slowest.length > 0) {
    console.error(`test-count: the ${slowest.length} slowest files (s): ` +
      slowest.map(([f, s]) => `${path.basename(f)} ${s.toFixed(1)}`).join(', '));
  }
  for (const p of problems) console.error(`test-count: ${p}`);
  if (problems.length === 0) console.error(`test-count: ${total} tests ran in ${files.length} files`);
  return problems.length === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [summaryPath, minFiles, ...files] = process.argv.slice(2);
  process.exit(check(summaryPath, Number(minFiles), files) ? 0 : 1);
}
