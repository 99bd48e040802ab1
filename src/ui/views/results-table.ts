/**
 * One row per finished lane: extracted answer, token ledger and timings. Every header carries its
 * definition (title tooltip, and a definitions list for keyboard and touch users); every numeric cell
 * carries its raw value in data-value.
 */
import { METHODS } from '../../core/methods/registry';
import type { LaneResult } from '../../protocol/run';
import { h, replaceChildren } from '../dom';
import { METRIC_COLUMNS, TEXT_COLUMN_DEFINITIONS } from '../logic/columns';
import { sameAnswer } from '../logic/format';
import type { AppState } from '../store/state';

function header(label: string, definition: string): HTMLTableCellElement {
  return h('th', { scope: 'col', title: definition }, h('span', { class: 'has-definition' }, label));
}

function row(r: LaneResult, reference: string | null): HTMLTableRowElement {
  const correct = reference === null ? null : sameAnswer(r.answer, reference);
  return h('tr', { 'data-testid': `result-row-${r.lane}`, 'data-lane': r.lane },
    h('th', { scope: 'row', 'data-col': 'method' }, METHODS[r.method].label),
    h('td', { 'data-col': 'answer', class: 'answer-cell' }, r.answer ?? '—'),
    h('td', { 'data-col': 'correct', 'data-value': correct === null ? '' : String(correct) }, correct === null ? '—' : correct ? '✓' : '✗'),
    h('td', { 'data-col': 'stop' }, r.stopReason),
    ...METRIC_COLUMNS.map((c) => {
      const v = c.value(r);
      return h('td', { class: 'num', 'data-col': c.key, 'data-value': v === null ? '' : String(v) }, c.format(v));
    }));
}

export function createResultsTable(): { el: HTMLElement; update(s: AppState): void } {
  const text = TEXT_COLUMN_DEFINITIONS;
  const thead = h('thead', null, h('tr', null,
    header(text.method!.label, text.method!.definition),
    header(text.answer!.label, text.answer!.definition),
    header(text.correct!.label, text.correct!.definition),
    header(text.stop!.label, text.stop!.definition),
    ...METRIC_COLUMNS.map((c) => header(c.label, c.definition))));
  const tbody = h('tbody');
  const definitions = h('details', { class: 'definitions small' },
    h('summary', null, 'Column definitions'),
    h('dl', null, ...[...Object.values(text), ...METRIC_COLUMNS].flatMap((c) => [h('dt', null, c.label), h('dd', null, c.definition)])));
  const el = h('div', { class: 'results-table' },
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Results table' },
      h('table', { 'data-testid': 'results-table' }, thead, tbody)),
    definitions);
  let last: unknown = null;
  return {
    el,
    update(s) {
      const lanes = s.run.lanes;
      if (lanes === last) return;
      last = lanes;
      const reference = s.run.snapshot?.reference?.answer ?? null;
      const results = lanes.map((l) => l.result).filter((r): r is LaneResult => r !== null);
      replaceChildren(tbody, ...results.map((r) => row(r, reference)));
    },
  };
}
