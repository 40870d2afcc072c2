// English: every string the page shows a learner, by key. Keys are grouped
// by the part of the page that shows them. {name} is filled in by t().
// Engine messages (validation errors from C++) arrive already written and
// are shown as they are.
export default {
  // ---- the page
  'app.name': 'BN Lab',
  'app.title': 'BN Lab: batch normalization, trained live',
  'app.tagline': 'The same network, trained without and with batch normalization, side by side.',
  'layout.experiment': 'Experiment',

  // ---- masthead
  'masthead.preset': 'Lesson / preset',
  'masthead.link': 'Link to this view',
  'masthead.linkTitle': 'A link to exactly this experiment (settings and seed)',
  'masthead.linkCopied': 'Link copied',
  'masthead.groupExperiments': 'Experiments',
  'masthead.groupLessons': 'Lessons',

  // ---- toolbar
  'toolbar.label': 'Training',
  'toolbar.play': 'Play',
  'toolbar.pause': 'Pause',
  'toolbar.playTitle': 'Play / pause (space)',
  'toolbar.step': 'Single step',
  'toolbar.stepTitle': 'One step (S)',
  'toolbar.reset': 'Reset',
  'toolbar.resetTitle': 'Reset: new networks from the same seed (R)',
  'toolbar.stepCounter': 'Step',
  'toolbar.epochCounter': 'Epoch',
  'toolbar.speed': 'Speed',
  'toolbar.speedOption': '{n} steps/s',
  'toolbar.discretize': 'Discretize output',
  'toolbar.showTest': 'Show test data',
  'toolbar.batchStats': 'Draw with batch statistics',
  'toolbar.batchStatsTitle': "How BN layers normalize when the boundary is drawn: with the running averages (what inference uses) or with the last training mini-batch's statistics",

  // ---- messages
  'messages.label': 'Messages',
  'messages.dismiss': 'Dismiss this message',
  'messages.link': 'Link: {text}',
  'messages.linkSettingIgnored': 'Link setting ignored: {text}',
  'messages.unknownPreset': 'Link: unknown preset {name}; showing the default experiment instead.',
  'messages.unknownLesson': 'Lesson: unknown preset {name} (presets: {list}); nothing changed.',
  'messages.unitSelection': 'Unit selection: {text}',
  'messages.allDiverged': 'Every run diverged, so training stopped. Try a smaller learning rate, then press reset.',
  'messages.engineFailed': 'The training engine failed to start{detail}. Was the page built with ./build.sh web?',
  'messages.engineNotRunning': 'The training engine is not running.',
  'messages.engineLoadFailed': 'Could not load the training engine: {detail}',
  'messages.unknownLanguage': 'Link: lang={code}: no such language (languages: {list}); showing English.',

  // ---- settings column
  'controls.label': 'Settings',

  // ---- panels
  'panel.untitled': 'run {n}',
  'panel.boundaryLabel': 'Decision boundary of {name}',
  'panel.testLoss': 'Test loss',
  'panel.trainLoss': 'Train loss',
  'panel.testAcc': 'Test accuracy',
  'panel.trainAcc': 'Train accuracy',
  'panel.notReached': 'Not yet at 90% test accuracy',
  'panel.reached': 'Reached 90% test accuracy by step {step}',
  'panel.diverged': 'Diverged at step {step}: the loss became NaN or infinite, so this run stopped training.',

  // ---- charts
  'charts.loss': 'Loss',
  'charts.lossHint': '(log scale; solid = train, dashed = test)',
  'charts.accuracy': 'Accuracy',
  'charts.accuracyHint': '(solid = train, dashed = test)',
  'charts.step': 'step',
  'charts.train': '{name} · train',
  'charts.test': '{name} · test',

  // ---- views
  'views.label': 'Views',

  // ---- lesson text
  'lesson.label': 'About this experiment',
  'lesson.loading': 'Loading…',
  'lesson.custom': 'Custom experiment',
  'lesson.lookHeading': 'What to look at',
  'lesson.changes': 'Changed from this preset: {keys}.',
  'lesson.formulaNote': 'A note on the formulas',
  'lesson.formulaNoteText1': 'For one unit over a mini-batch of m examples, batch norm computes μ = (1/m) Σ zᵢ, σ² = (1/m) Σ (zᵢ − μ)², z_norm = (zᵢ − μ) / √(σ² + ε) and z̃ = γ z_norm + β.',
  'lesson.formulaNoteText2': 'Some course notes write σ² without subtracting μ and divide by σ² with no ε; the engine uses the formulas above (as PyTorch does). Input normalization likewise divides by the standard deviation, not the variance.',

  // ---- embed
  'embed.openFull': 'Open in BN Lab ↗',
  'embed.openFullTitle': 'Open the full BN Lab page with this experiment, in a new tab',
  'embed.stopped': 'Paused at step {step}, where this lesson stops. Press play to go on.',
  'embed.unknownControl': 'Link: show={key}: no such control (controls: {list}); ignored.',
  'embed.lockedControls': 'Link: show={part}: ignored, because lock=1 freezes the settings.',
  'embed.locked': 'This widget is locked (lock=1): its settings and lesson cannot change.',

  // ---- share
  'share.open': 'Share or embed',
  'share.openTitle': 'A link to exactly this experiment, and code to put it into a course page',
  'share.title': 'Share or embed this experiment',
  'share.close': 'Close',
  'share.link': 'Link to this view',
  'share.linkHint': 'Opens the full page with exactly these settings, seed and views.',
  'share.options': 'The embedded widget',
  'share.parts': 'Show besides the run panels',
  'share.part.charts': 'Loss and accuracy charts',
  'share.part.controls': 'Settings',
  'share.part.lesson': 'Lesson text',
  'share.part.views': "The lesson's views",
  'share.lock': 'Lock the settings (play, step and reset only)',
  'share.autoplay': 'Start training when scrolled into view',
  'share.theme': 'Colours',
  'share.theme.auto': "Follow the reader's system",
  'share.theme.light': 'Light',
  'share.theme.dark': 'Dark',
  'share.theme.projector': 'Projector (high contrast)',
  'share.iframe': 'iframe: any web page, LMS or slide',
  'share.iframeHint': 'Paste it into the HTML of a course page. The widget tells the page its height (see the teacher\'s guide).',
  'share.element': '<bn-lab> element',
  'share.elementHint': 'For pages that can load a script: the script line once, then any number of elements.',
  'share.copy': 'Copy',
  'share.copyLabel': 'Copy: {what}',
  'share.copied': 'Copied to the clipboard.',
  'share.pressCopy': 'Selected: press Ctrl+C (⌘C on a Mac) to copy.',
  'share.frameTitle': 'BN Lab: {title}',

  'noscript': 'BN Lab trains networks in your browser and needs JavaScript and WebAssembly.',
};
