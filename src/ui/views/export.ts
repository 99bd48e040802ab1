/** Export buttons: the run card as JSON and the results table as CSV (downloads via Blob URLs). */
import type { Controller } from '../controller';
import { h } from '../dom';
import type { AppState } from '../store/state';

export function createExport(ctl: Controller): { el: HTMLElement; update(s: AppState): void } {
  const json = h('button', { type: 'button', 'data-testid': 'export-json', onclick: () => ctl.exportJson() }, 'Export JSON');
  const csv = h('button', { type: 'button', 'data-testid': 'export-csv', onclick: () => ctl.exportCsv() }, 'Export CSV');
  return {
    el: h('div', { class: 'button-row' }, json, csv),
    update(s) {
      const none = s.run.result === null;
      json.disabled = none;
      csv.disabled = none;
    },
  };
}
