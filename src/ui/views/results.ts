/** The results section: the table, where the lanes part, the charts, the token curves and the export / share buttons. */
import type { Controller } from '../controller';
import { h, setText } from '../dom';
import { formatMs } from '../logic/format';
import type { AppState } from '../store/state';
import { createChart } from './chart';
import { createExport } from './export';
import { createCopyLink } from './permalink';
import { createResultsTable } from './results-table';
import { createDivergenceList } from './tokens/divergence-list';
import { createTokenCurves } from './tokens/token-curves';

export function createResults(ctl: Controller): { el: HTMLElement; update(s: AppState): void } {
  const table = createResultsTable();
  const chart = createChart();
  const exports = createExport(ctl);
  const divergence = createDivergenceList();
  const curves = createTokenCurves();
  const caption = h('p', { class: 'small muted', 'data-testid': 'results-caption' });
  const el = h('section', { class: 'card results', 'aria-labelledby': 'results-heading', hidden: true },
    h('div', { class: 'section-head' }, h('h2', { id: 'results-heading' }, 'Results'),
      h('div', { class: 'button-row' }, exports.el, createCopyLink(() => ctl.permalink()))),
    caption, table.el, divergence.el, chart.el, curves.el);
  return {
    el,
    update(s) {
      const hasResults = s.run.lanes.some((l) => l.result !== null);
      el.hidden = !hasResults;
      const snap = s.run.snapshot;
      if (snap) {
        const warmup = s.run.result ? ` · warm-up ${formatMs(s.run.result.warmupMs)} before the first lane (in no lane’s times)` : '';
        setText(caption, `${snap.model?.id ?? ''} · ${snap.model?.device ?? ''} · seed ${snap.seed}${snap.reference ? ` · reference answer ${snap.reference.answer}` : ''}${warmup}`);
      }
      table.update(s);
      divergence.update(s);
      chart.update(s);
      curves.update(s);
      exports.update(s);
    },
  };
}
