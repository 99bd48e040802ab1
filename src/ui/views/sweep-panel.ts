/**
 * Throughput sweep in the page: prefill tok/s per context length and decode tok/s per (context, batch) on
 * the loaded model, measured by the engine in the worker on this device (warm-up excluded, medians), with
 * Stop and JSON export. The same sweep as `npm run lab -- bench`; with the contexts left empty it measures
 * the lengths that fit the model (src/core/bench-contexts.ts).
 */
import { parseIntList } from '../../core/int-list';
import type { BenchReport } from '../../protocol/bench';
import { dataTable, h, replaceChildren, setText } from '../dom';
import type { LabController } from '../lab-controller';
import { formatMs, formatRate } from '../logic/format';
import type { AppState } from '../store/state';

function reportTables(r: BenchReport): HTMLElement[] {
  return [
    dataTable(['context', 'prefill ms', 'prefill tok/s'], r.prefill.map((p) => [String(p.context), formatMs(p.ms), formatRate(p.tokensPerSecond)])),
    dataTable(['context', 'batch', 'ms / step', 'decode tok/s (all rows)', 'decode tok/s (per row)'],
      r.decode.map((d) => [String(d.context), String(d.batch), formatMs(d.msPerStep), formatRate(d.tokensPerSecond), formatRate(d.perRowTokensPerSecond)])),
    h('p', { class: 'small muted' }, r.warmup, ...r.skipped.map((s) => ` Skipped ${s.context}: ${s.reason}.`)),
  ];
}

export function createSweepPanel(lab: LabController): { el: HTMLElement; update(s: AppState): void } {
  const contexts = h('input', { id: 'sweep-contexts', type: 'text', placeholder: 'auto: the lengths that fit the model', spellcheck: 'false' });
  const batches = h('input', { id: 'sweep-batches', type: 'text', value: '1,2,4,8', spellcheck: 'false' });
  const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'sweep-status' });
  const run = () => {
    const c = contexts.value.trim() === '' ? null : parseIntList(contexts.value, 1, 1 << 20);
    const b = parseIntList(batches.value, 1, 64);
    const problem = c && 'error' in c ? `Context lengths: ${c.error}` : 'error' in b ? `Batch sizes: ${b.error}` : '';
    setText(error, problem);
    if (problem === '' && !('error' in b)) void lab.runSweep({ ...(c && 'values' in c ? { contexts: c.values } : {}), batches: b.values });
  };
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'sweep-run', onclick: run }, 'Run throughput sweep');
  const stopButton = h('button', { type: 'button', 'data-testid': 'sweep-stop', onclick: () => void lab.stop() }, 'Stop');
  const exportButton = h('button', { type: 'button', 'data-testid': 'sweep-export', onclick: () => lab.exportSweep() }, 'Export JSON');
  const results = h('div', { 'data-testid': 'sweep-results' });
  const el = h('section', { class: 'card', 'aria-labelledby': 'sweep-title', 'data-testid': 'sweep-panel' },
    h('div', { class: 'section-head' }, h('h2', { class: 'card-title', id: 'sweep-title' }, 'Throughput sweep')),
    h('p', { class: 'small muted' }, 'Prefill and decode tokens/s of the loaded model over context lengths and batch sizes, on this device. Warm-up passes are excluded; each number is a median.'),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'sweep-contexts' }, 'Context lengths'), contexts),
      h('div', { class: 'field' }, h('label', { for: 'sweep-batches' }, 'Batch sizes'), batches)),
    error,
    h('div', { class: 'button-row' }, runButton, stopButton, exportButton),
    status, results);

  let shown: BenchReport | null = null;
  return {
    el,
    update(s) {
      const a = s.lab.activity;
      const mine = a?.kind === 'sweep';
      runButton.disabled = lab.blocker() !== null;
      stopButton.disabled = !mine || a.stopping;
      exportButton.disabled = mine || s.lab.sweep.report === null;
      const blocked = !mine && lab.blocker();
      setText(status, blocked && !s.lab.sweep.report ? `${blocked}.` : s.lab.sweep.message);
      if (s.lab.sweep.report === shown) return;
      shown = s.lab.sweep.report;
      replaceChildren(results, ...(shown ? reportTables(shown) : []));
    },
  };
}
