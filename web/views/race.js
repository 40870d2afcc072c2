// Lesson 6a: a learning-rate race. The run panels (compact when there are
// more than four) show each boundary; this view ranks the runs: test
// accuracy, and whether and when each diverged or reached 90%.
import { formatAcc } from '../dom.js';
import { t } from '../i18n/index.js';
import { runSwatch } from '../markers.js';
import { el, viewFrame } from './dom.js';

export class RaceView {
  constructor(host) {
    this.host = host;
    this.root = viewFrame('race', t('view.race.title'), t('view.race.caption'));
    this.table = el('table', 'view-table');
    this.root.append(this.table);
    this.rows = [];
    this.latest = null;
  }

  setExperiment() {
    const head = el('tr');
    for (const key of ['view.race.run', 'view.race.accuracy', 'view.race.status']) head.append(el('th', { scope: 'col' }, t(key)));
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    this.rows = this.host.exp.runs.map((run, i) => {
      const tr = el('tr');
      const name = el('td');
      name.append(runSwatch(i, 12), el('span', '', ` ${run.name}`));
      const acc = el('td', 'num', '–');
      const state = el('td', '', '');
      tr.append(name, acc, state);
      tbody.append(tr);
      return { acc, state };
    });
    this.table.replaceChildren(thead, tbody);
    this.latest = null;
  }

  update(views, report) { this.latest = report; }

  draw() {
    const d = this.data();
    d.runs.forEach((r, i) => {
      if (!this.rows[i]) return;
      this.rows[i].acc.textContent = r.diverged ? '–' : formatAcc(r.testAcc);
      this.rows[i].state.textContent = r.diverged ? t('view.race.diverged', { step: r.divergedStep })
        : r.reached !== null ? t('view.race.reached', { step: r.reached }) : t('view.race.notYet');
      this.rows[i].state.className = r.diverged ? 'is-bad' : r.reached !== null ? 'is-good' : '';
    });
  }

  data() {
    const report = this.latest;
    const reached = this.host.history.reached || [];
    return { runs: report ? report.runs.map((r, i) => ({ name: r.name, testAcc: r.testAcc, diverged: Boolean(r.diverged),
      divergedStep: r.divergedStep ?? null, reached: reached[i] ?? null })) : [] };
  }

  destroy() {}
}
