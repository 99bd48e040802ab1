/**
 * One row per finished lane: extracted answer, token ledger and timings. Every header carries its
 * definition (title tooltip, and a definitions list for keyboard and touch users); every numeric cell
 * carries its raw value in data-value.
 */
import { METHODS } from '../../core/methods/registry';
import type { LaneResult } from '../../protocol/run';
import { h, replaceChildren } from '../dom';
import { METRIC_COLUMNS, SHORT_METHOD_LABEL, TEXT_COLUMN_DEFINITIONS } from '../logic/columns';
import type { Reference } from '../logic/reference';
import { isCorrect } from '../logic/reference';
import type { AppState } from '../store/state';

function header(label: string, definition: string, className = ''): HTMLTableCellElement {
  return h('th', { scope: 'col', title: definition, class: className || null }, h('span', { class: 'has-definition' }, label));
}

function groupHeader(label: string, span: number, className: string): HTMLTableCellElement {
  return h('th', { scope: 'colgroup', colspan: span, class: `group ${className}` }, label);
}

function row(r: LaneResult, reference: Reference | null): HTMLTableRowElement {
  // A stopped lane is not judged (—), never marked wrong.
  const correct = reference === null || r.stopReason === 'cancelled' ? null : isCorrect(r.answer, reference);
  return h('tr', { 'data-testid': `result-row-${r.lane}`, 'data-lane': r.lane },
    h('th', { scope: 'row', 'data-col': 'method', title: METHODS[r.method].label }, SHORT_METHOD_LABEL[r.method]),
    h('td', { 'data-col': 'answer', class: 'answer-cell start' }, r.answer ?? '—'),
    h('td', { 'data-col': 'correct', 'data-value': correct === null ? '' : String(correct) }, correct === null ? '—' : correct ? '✓' : '✗'),
    h('td', { 'data-col': 'stop' }, r.stopReason),
    ...METRIC_COLUMNS.map((c, i) => {
      const v = c.value(r);
      const start = i === 0 || c.group !== METRIC_COLUMNS[i - 1]!.group ? ' start' : '';
      return h('td', { class: `num${start}`, 'data-col': c.key, 'data-value': v === null ? '' : String(v) }, c.format(v));
    }));
}

export function createResultsTable(): { el: HTMLElement; update(s: AppState): void } {
  const text = TEXT_COLUMN_DEFINITIONS;
  const groups = ['Tokens', 'Timing'] as const;
  const resultGroup = groupHeader('Result', 3, 'start');
  const thead = h('thead', null,
    h('tr', { class: 'groups' },
      groupHeader('', 1, ''),
      resultGroup,
      ...groups.map((g) => groupHeader(g, METRIC_COLUMNS.filter((c) => c.group === g).length, 'start num'))),
    h('tr', null,
      header(text.method!.label, text.method!.definition),
      header(text.answer!.label, text.answer!.definition, 'start'),
      h('th', { scope: 'col', title: text.correct!.definition, 'data-col': 'correct' }, h('span', { class: 'has-definition' }, text.correct!.label)),
      header(text.stop!.label, text.stop!.definition),
      ...METRIC_COLUMNS.map((c, i) => header(c.label, c.definition, `num${i === 0 || c.group !== METRIC_COLUMNS[i - 1]!.group ? ' start' : ''}`))));
  const tbody = h('tbody');
  const table = h('table', { 'data-testid': 'results-table' }, thead, tbody);
  const definitions = h('details', { class: 'definitions small' },
    h('summary', null, 'Column definitions'),
    h('dl', null, ...[
      ...Object.values(text).map((c) => ({ label: c.longLabel, definition: c.definition })),
      ...METRIC_COLUMNS.map((c) => ({ label: `${c.label} (${c.group.toLowerCase()})`, definition: c.definition })),
    ].flatMap((c) => [h('dt', null, c.label), h('dd', null, c.definition)])));
  const el = h('div', { class: 'results-table' },
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Results table' },
      table),
    definitions);
  let last: unknown = null;
  return {
    el,
    update(s) {
      const lanes = s.run.lanes;
      if (lanes === last) return;
      last = lanes;
      const reference = s.run.snapshot?.reference ?? null;
      // The ✓ column only means something for a bundled question; the Result group then spans 2.
      table.classList.toggle('no-reference', reference === null);
      resultGroup.colSpan = reference === null ? 2 : 3;
      const results = lanes.map((l) => l.result).filter((r): r is LaneResult => r !== null);
      replaceChildren(tbody, ...results.map((r) => row(r, reference)));
    },
  };
}
