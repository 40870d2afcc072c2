// The page's structure, built into any root: the document's #bnlab element
// for the full page (and the iframe widget), or a <bn-lab> element's shadow
// root. One source for every way BN Lab is shown; which regions exist is the
// caller's choice (the full page has them all, a widget fewer).
//
// Regions: masthead (title, preset picker, link), toolbar, messages,
// controls (the settings column), data (the tools for the learner's own
// points, above the panels), panels (one per run), views (the lessons'
// views and their menu), charts (loss and accuracy), lesson (the text).
// Around them, for every learner (docs/ACCESSIBILITY.md): skip links to the
// panels and the views, landmarks with names, a heading outline, the
// "describe" output, and the settings column as a drawer on narrow screens.
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
  help: 'M11 18h2v-2h-2zm1-16a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm0-14a4 4 0 0 0-4 4h2a2 2 0 1 1 4 0c0 2-3 1.75-3 5h2c0-2.25 3-2.5 3-5a4 4 0 0 0-4-4z',
  settings: 'M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z',
};

function masthead(refs) {
  refs.preset = el('select', { id: 'preset', disabled: true, 'aria-describedby': 'preset-hint' });
  refs.presetHint = el('span', { id: 'preset-hint', className: 'visually-hidden' }, t('masthead.presetHint'));
  // A plain link to this state (right-click, drag); a click opens the share and embed dialog.
  refs.permalink = el('a', { id: 'permalink', className: 'permalink', href: '#', title: t('share.openTitle'), 'aria-haspopup': 'dialog' }, t('share.open'));
  refs.tagline = el('p', 'tagline', t('app.tagline'));
  return el('header', 'masthead',
    el('div', 'brand', el('h1', {}, t('app.name')), refs.tagline),
    el('div', 'preset-picker', el('label', { for: 'preset' }, t('masthead.preset')), refs.preset, refs.presetHint, refs.permalink));
}

function toolbar(refs) {
  refs.reset = el('button', { type: 'button', id: 'reset', className: 'icon-button', title: t('toolbar.resetTitle'), 'aria-label': t('toolbar.reset'), 'aria-keyshortcuts': 'R', disabled: true });
  refs.reset.append(icon(ICONS.reset));
  refs.play = el('button', { type: 'button', id: 'play', className: 'play-button', title: t('toolbar.playTitle'), 'aria-label': t('toolbar.play'), 'aria-pressed': 'false', 'aria-keyshortcuts': 'Space', disabled: true });
  refs.play.append(icon(ICONS.play, 'icon-play'), icon(ICONS.pause, 'icon-pause'));
  refs.step = el('button', { type: 'button', id: 'step', className: 'icon-button', title: t('toolbar.stepTitle'), 'aria-label': t('toolbar.step'), 'aria-keyshortcuts': 'S', disabled: true });
  refs.step.append(icon(ICONS.step));
  refs.stepCount = el('output', { id: 'step-count', 'aria-live': 'off' }, '0');
  refs.epochCount = el('output', { id: 'epoch-count' }, '0');
  refs.describe = el('button', { type: 'button', id: 'describe', className: 'text-button', title: t('toolbar.describeTitle'), 'aria-keyshortcuts': 'D' }, t('toolbar.describe'));
  refs.help = el('button', { type: 'button', id: 'help', className: 'icon-button', title: t('toolbar.helpTitle'), 'aria-label': t('toolbar.help'), 'aria-keyshortcuts': 'Shift+?', 'aria-haspopup': 'dialog' });
  refs.help.append(icon(ICONS.help));
  refs.speed = el('select', { id: 'speed' });
  refs.discretize = el('input', { type: 'checkbox', id: 'discretize' });
  refs.showTest = el('input', { type: 'checkbox', id: 'show-test', checked: true });
  refs.batchStats = el('input', { type: 'checkbox', id: 'batch-stats' });
  // Speed and drawing options: in the toolbar on wide screens, in the
  // settings drawer on narrow ones (web/a11y/drawer.js moves this node).
  refs.toolbarOptions = el('div', 'toolbar-options',
    el('div', 'toolbar-field', el('label', { for: 'speed' }, t('toolbar.speed')), refs.speed),
    el('div', 'toolbar-field toggles',
      el('label', {}, refs.discretize, ' ', t('toolbar.discretize')),
      el('label', {}, refs.showTest, ' ', t('toolbar.showTest')),
      el('label', { title: t('toolbar.batchStatsTitle') }, refs.batchStats, ' ', t('toolbar.batchStats'))));
  refs.toolbar = el('section', { className: 'toolbar', 'aria-label': t('toolbar.label') },
    el('div', 'toolbar-main',
      refs.reset, refs.play, refs.step,
      el('div', 'counter', el('span', 'counter-label', t('toolbar.stepCounter')), refs.stepCount),
      el('div', 'counter counter-epoch', el('span', 'counter-label', t('toolbar.epochCounter')), refs.epochCount),
      el('div', 'toolbar-a11y', refs.describe, refs.help)),
    refs.toolbarOptions);
  return refs.toolbar;
}

// The "describe" action's answer: the whole state in words, read out once.
function describeOutput(refs) {
  refs.describeText = el('p', { className: 'describe-text' });
  refs.describeClose = el('button', { type: 'button', className: 'message-close', 'aria-label': t('describe.close') }, '×');
  refs.describeOutput = el('section', { className: 'describe-output', 'aria-label': t('describe.label'), hidden: true },
    refs.describeText, refs.describeClose);
  // The live region stays in the page (a region added with its text is not read).
  refs.describeLive = el('div', { className: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  return [refs.describeOutput, refs.describeLive];
}

// Skip links: the panels and the views are many Tab stops down the page.
// Buttons would do, but links are what readers know; the click is handled
// (focus moves, the address keeps its hash: the hash is the experiment).
function skipLinks(refs) {
  const links = [];
  const add = (target, key) => {
    if (!target) return;
    target.tabIndex = -1;
    const link = el('a', { href: `#${target.id}`, className: 'skip-link' }, t(key));
    link.addEventListener('click', (e) => {
      e.preventDefault();
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'start' });
    });
    links.push(link);
  };
  add(refs.panels, 'skip.panels');
  add(refs.viewsMenu, 'skip.views');
  refs.skipLinks = links;
  return links.length ? el('nav', { className: 'skip-links', 'aria-label': t('skip.label') }, ...links) : null;
}

// The widget's toolbar (embed=1): play/pause, step, reset, the step counter
// and a small link that opens the full page with the same state.
function slimToolbar(refs) {
  const bar = toolbar(refs);
  for (const name of ['epochCount', 'speed', 'discretize', 'showTest', 'batchStats', 'describe', 'help', 'toolbarOptions']) delete refs[name];
  bar.replaceChildren(refs.reset, refs.play, refs.step,
    el('div', 'counter', el('span', 'counter-label', t('toolbar.stepCounter')), refs.stepCount));
  refs.openFull = el('a', { className: 'open-full', href: '#', target: '_blank', rel: 'noopener', title: t('embed.openFullTitle') }, t('embed.openFull'));
  bar.append(refs.openFull);
  bar.classList.add('is-slim');
  return bar;
}

function charts(refs) {
  // The plots are pictures; the summaries under them say the same in words.
  refs.lossChart = el('div', { id: 'loss-chart', className: 'chart-plot', 'aria-hidden': 'true' });
  refs.accChart = el('div', { id: 'acc-chart', className: 'chart-plot', 'aria-hidden': 'true' });
  refs.lossLegend = el('ul', { className: 'chart-legend', 'aria-hidden': 'true' });
  refs.accLegend = el('ul', { className: 'chart-legend', 'aria-hidden': 'true' });
  refs.lossSummary = el('p', { className: 'chart-summary', id: 'loss-summary' }, t('charts.noData'));
  refs.accSummary = el('p', { className: 'chart-summary', id: 'acc-summary' }, t('charts.noData'));
  return el('div', 'charts',
    el('figure', { className: 'chart', 'aria-labelledby': 'loss-caption', 'aria-describedby': 'loss-summary' },
      el('figcaption', { id: 'loss-caption' }, t('charts.loss'), ' ', el('span', 'hint', t('charts.lossHint'))), refs.lossLegend, refs.lossChart, refs.lossSummary),
    el('figure', { className: 'chart', 'aria-labelledby': 'acc-caption', 'aria-describedby': 'acc-summary' },
      el('figcaption', { id: 'acc-caption' }, t('charts.accuracy'), ' ', el('span', 'hint', t('charts.accuracyHint'))), refs.accLegend, refs.accChart, refs.accSummary));
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

// The settings column: on wide screens a column beside the panels, on narrow
// ones a drawer (web/a11y/drawer.js) with a heading and a close button. The
// controls are built into refs.controls, inside it.
function settings(refs) {
  refs.controls = el('div', { className: 'controls', id: 'controls' });
  refs.drawerClose = el('button', { type: 'button', className: 'icon-button drawer-close', 'aria-label': t('drawer.close') }, '×');
  refs.drawerHead = el('div', 'drawer-head', el('h2', { id: 'settings-heading' }, t('controls.label')), refs.drawerClose);
  refs.drawerOptions = el('div', 'drawer-options');
  // A section (not an aside): on narrow screens it becomes a dialog.
  refs.settings = el('section', { className: 'settings', id: 'settings', 'aria-labelledby': 'settings-heading' },
    refs.drawerHead, refs.drawerOptions, refs.controls);
  return refs.settings;
}

// Builds the regions listed in `regions` (default: all) into root, replacing
// what was there. Returns {root, regions: Set, <name>: node...}: every node the
// app wires, by name; a region left out leaves its nodes undefined.
// widget: the compact layout of embed=1 (slim toolbar, "open in BN Lab" link).
// heading: add the page's h1 when the masthead (which has it) is left out
// (a document of its own, such as the iframe widget; not a <bn-lab> element
// inside a host page, whose outline is the host's).
export function buildLayout(root, { regions = REGIONS, widget = false, heading = false } = {}) {
  const want = new Set(regions);
  const refs = { root, regions: want };
  const experiment = el('section', { className: 'experiment', 'aria-labelledby': 'experiment-heading' },
    el('h2', { id: 'experiment-heading', className: 'visually-hidden' }, t('layout.experiment')));
  if (want.has('data') && want.has('panels')) {
    refs.dataTools = el('div', { id: 'data-tools', className: 'data-tools' });  // web/data/tools.js
    experiment.append(refs.dataTools);
  }
  if (want.has('panels')) {
    refs.panels = el('div', { id: 'panels', className: 'panels', role: 'group', 'aria-label': t('layout.panels') });
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
  // The page's h1 when the masthead (which has it) is left out; inside main
  // so that every piece of content sits in a landmark.
  if (heading && !want.has('masthead')) main.append(el('h1', 'visually-hidden', t('app.name')));
  if (want.has('controls')) main.append(settings(refs));
  main.append(experiment);
  if (want.has('lesson')) main.append(lesson(refs));
  main.classList.toggle('has-controls', want.has('controls'));
  main.classList.toggle('has-lesson', want.has('lesson'));

  const parts = [];
  const skips = skipLinks(refs);
  if (skips) parts.push(skips);
  if (want.has('masthead')) parts.push(masthead(refs));
  if (want.has('toolbar') && widget) parts.push(slimToolbar(refs));
  else if (want.has('toolbar')) {
    parts.push(toolbar(refs));
    if (want.has('controls')) {
      refs.drawerToggle = el('button', { type: 'button', className: 'text-button drawer-toggle', 'aria-expanded': 'false', 'aria-controls': 'settings' },
        icon(ICONS.settings), t('drawer.open'));
      refs.toolbar.firstChild.append(refs.drawerToggle);
    }
    parts.push(...describeOutput(refs));
  }
  refs.messages = el('section', { id: 'messages', className: 'messages', 'aria-live': 'polite', 'aria-label': t('messages.label') });
  parts.push(refs.messages, main);
  root.replaceChildren(...parts);
  refs.experiment = experiment;
  refs.main = main;
  return refs;
}
