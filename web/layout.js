// The page's structure, built into any root: the document's #bnlab element
// for the full page (and the iframe widget), or a <bn-lab> element's shadow
// root. One source for every way BN Lab is shown; which regions exist is the
// caller's choice (the full page has them all, a widget fewer).
//
// Regions: masthead (title, preset picker, link), toolbar, messages,
// controls (the settings column), data (the tools for the learner's own
// points, above the panels), panels (one per run), views (the lessons'
// views and their menu), charts (loss and accuracy), lesson (the text).
import { el, svg } from './dom.js';
import { t } from './i18n/index.js';

export const REGIONS = Object.freeze(['masthead', 'toolbar', 'messages', 'controls', 'data', 'panels', 'views', 'charts', 'lesson']);

function icon(path, className) {
  const image = svg('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', class: className || '' });
  image.append(svg('path', { d: path }));
  return image;
}

const ICONS = {
  reset: 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  step: 'M6 5v14l9-7zm10 0h3v14h-3z',
};

function masthead(refs) {
  refs.preset = el('select', { id: 'preset', disabled: true });
  // A plain link to this state (right-click, drag); a click opens the share and embed dialog.
  refs.permalink = el('a', { id: 'permalink', className: 'permalink', href: '#', title: t('share.openTitle'), 'aria-haspopup': 'dialog' }, t('share.open'));
  refs.tagline = el('p', 'tagline', t('app.tagline'));
  return el('header', 'masthead',
    el('div', 'brand', el('h1', {}, t('app.name')), refs.tagline),
    el('div', 'preset-picker', el('label', { for: 'preset' }, t('masthead.preset')), refs.preset, refs.permalink));
}

function toolbar(refs) {
  refs.reset = el('button', { type: 'button', id: 'reset', className: 'icon-button', title: t('toolbar.resetTitle'), 'aria-label': t('toolbar.reset'), disabled: true });
  refs.reset.append(icon(ICONS.reset));
  refs.play = el('button', { type: 'button', id: 'play', className: 'play-button', title: t('toolbar.playTitle'), 'aria-label': t('toolbar.play'), 'aria-pressed': 'false', disabled: true });
  refs.play.append(icon(ICONS.play, 'icon-play'), icon(ICONS.pause, 'icon-pause'));
  refs.step = el('button', { type: 'button', id: 'step', className: 'icon-button', title: t('toolbar.stepTitle'), 'aria-label': t('toolbar.step'), disabled: true });
  refs.step.append(icon(ICONS.step));
  refs.stepCount = el('output', { id: 'step-count', 'aria-live': 'off' }, '0');
  refs.epochCount = el('output', { id: 'epoch-count' }, '0');
  refs.speed = el('select', { id: 'speed' });
  refs.discretize = el('input', { type: 'checkbox', id: 'discretize' });
  refs.showTest = el('input', { type: 'checkbox', id: 'show-test', checked: true });
  refs.batchStats = el('input', { type: 'checkbox', id: 'batch-stats' });
  return el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': t('toolbar.label') },
    refs.reset, refs.play, refs.step,
    el('div', 'counter', el('span', 'counter-label', t('toolbar.stepCounter')), refs.stepCount),
    el('div', 'counter', el('span', 'counter-label', t('toolbar.epochCounter')), refs.epochCount),
    el('div', 'toolbar-field', el('label', { for: 'speed' }, t('toolbar.speed')), refs.speed),
    el('div', 'toolbar-field toggles',
      el('label', {}, refs.discretize, ' ', t('toolbar.discretize')),
      el('label', {}, refs.showTest, ' ', t('toolbar.showTest')),
      el('label', { title: t('toolbar.batchStatsTitle') }, refs.batchStats, ' ', t('toolbar.batchStats'))));
}

// The widget's toolbar (embed=1): play/pause, step, reset, the step counter
// and a small link that opens the full page with the same state.
function slimToolbar(refs) {
  const bar = toolbar(refs);
  for (const name of ['epochCount', 'speed', 'discretize', 'showTest', 'batchStats']) delete refs[name];
  bar.replaceChildren(refs.reset, refs.play, refs.step,
    el('div', 'counter', el('span', 'counter-label', t('toolbar.stepCounter')), refs.stepCount));
  refs.openFull = el('a', { className: 'open-full', href: '#', target: '_blank', rel: 'noopener', title: t('embed.openFullTitle') }, t('embed.openFull'));
  bar.append(refs.openFull);
  bar.classList.add('is-slim');
  return bar;
}

function charts(refs) {
  refs.lossChart = el('div', { id: 'loss-chart' });
  refs.accChart = el('div', { id: 'acc-chart' });
  return el('div', 'charts',
    el('figure', 'chart', el('figcaption', {}, t('charts.loss'), ' ', el('span', 'hint', t('charts.lossHint'))), refs.lossChart),
    el('figure', 'chart', el('figcaption', {}, t('charts.accuracy'), ' ', el('span', 'hint', t('charts.accuracyHint'))), refs.accChart));
}

function lesson(refs) {
  refs.lessonTitle = el('h2', { id: 'lesson-title' }, t('lesson.loading'));
  refs.lessonText = el('div', { id: 'lesson-text' });
  refs.lessonLook = el('div', { id: 'lesson-look', className: 'lesson-look', hidden: true });
  refs.lessonSource = el('p', { id: 'lesson-source', className: 'lesson-source', hidden: true });
  refs.lessonChanges = el('p', { id: 'lesson-changes', className: 'lesson-changes', hidden: true });
  const note = refs.formulaNote = el('details', { id: 'formula-note', className: 'source-note' },
    el('summary', {}, t('lesson.formulaNote')),
    el('p', {}, t('lesson.formulaNoteText1')),
    el('p', {}, t('lesson.formulaNoteText2')));
  return el('aside', { className: 'lesson', id: 'lesson', 'aria-label': t('lesson.label') },
    refs.lessonTitle, refs.lessonText, refs.lessonLook, refs.lessonSource, refs.lessonChanges, note);
}

// Builds the regions listed in `regions` (default: all) into root, replacing
// what was there. Returns {root, regions: Set, <name>: node...}: every node the
// app wires, by name; a region left out leaves its nodes undefined.
// widget: the compact layout of embed=1 (slim toolbar, "open in BN Lab" link).
export function buildLayout(root, { regions = REGIONS, widget = false } = {}) {
  const want = new Set(regions);
  const refs = { root, regions: want };
  const experiment = el('section', { className: 'experiment', 'aria-label': t('layout.experiment') });
  if (want.has('data') && want.has('panels')) {
    refs.dataTools = el('div', { id: 'data-tools', className: 'data-tools' });  // web/data/tools.js
    experiment.append(refs.dataTools);
  }
  if (want.has('panels')) {
    refs.panels = el('div', { id: 'panels', className: 'panels' });
    experiment.append(refs.panels);
    // The boundaries' legend (web/legend.js); a widget's small frame has no room for it.
    if (!widget) {
      refs.legend = el('p', { id: 'boundary-legend', className: 'boundary-legend' });
      experiment.append(refs.legend);
    }
  }
  if (want.has('views')) {
    refs.viewsMenu = el('div', { id: 'views-menu', className: 'views-menu', role: 'group', 'aria-label': t('views.label') });
    refs.views = el('div', { id: 'views', className: 'views', hidden: true });
    experiment.append(refs.viewsMenu, refs.views);
  }
  if (want.has('charts')) experiment.append(charts(refs));

  const main = el('main', 'layout');
  if (want.has('controls')) {
    refs.controls = el('aside', { className: 'controls', id: 'controls', 'aria-label': t('controls.label') });
    main.append(refs.controls);
  }
  main.append(experiment);
  if (want.has('lesson')) main.append(lesson(refs));
  main.classList.toggle('has-controls', want.has('controls'));
  main.classList.toggle('has-lesson', want.has('lesson'));

  const parts = [];
  if (want.has('masthead')) parts.push(masthead(refs));
  if (want.has('toolbar')) parts.push(widget ? slimToolbar(refs) : toolbar(refs));
  refs.messages = el('section', { id: 'messages', className: 'messages', 'aria-live': 'polite', 'aria-label': t('messages.label') });
  parts.push(refs.messages, main);
  root.replaceChildren(...parts);
  refs.experiment = experiment;
  return refs;
}
