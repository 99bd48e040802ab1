/**
 * Throughput sweep in the page: prefill tok/s per context length and decode tok/s per (context,
 * batch) on the loaded model, measured by the engine in the worker on this device's GPU (warm-up
 * excluded, medians), with JSON export. The same sweep as `npm run lab -- bench` in Node.
 */
import type { EngineApi } from '../../protocol/api';
import type { BenchReport } from '../../protocol/bench';
import type { ModelInfo } from '../../protocol/model';
import { h, type Child } from '../dom';
import { formatMs, formatRate } from '../logic/format';
import { parseIntList } from '../logic/sweep';
import { downloadText } from '../services/download';

export interface SweepPanel {
  readonly el: HTMLElement;
  setModel(info: ModelInfo | null): void;
}

function table(header: readonly string[], rows: readonly (readonly Child[])[]): HTMLElement {
  return h('div', { class: 'table-scroll' },
    h('table', null,
      h('thead', null, h('tr', null, ...header.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c)))))));
}

export function mountSweepPanel(container: HTMLElement, deps: { client: Pick<EngineApi, 'bench'> }): SweepPanel {
  let info: ModelInfo | null = null;
  let report: BenchReport | null = null;
  let running = false;
  const contexts = h('input', { id: 'sweep-contexts', type: 'text', value: '128,512,1024,2048', spellcheck: 'false' });
  const batches = h('input', { id: 'sweep-batches', type: 'text', value: '1,2,4,8', spellcheck: 'false' });
  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'sweep-status' }, 'Load a model, then run the sweep.');
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'sweep-run', onclick: () => void run() }, 'Run throughput sweep');
  const exportButton = h('button', { type: 'button', disabled: true, 'data-testid': 'sweep-export', onclick: () => exportJson() }, 'Export JSON');
  const results = h('div', { 'data-testid': 'sweep-results' });
  const el = h('section', { class: 'card', 'aria-labelledby': 'sweep-title', 'data-testid': 'sweep-panel' },
    h('div', { class: 'section-head' }, h('h2', { class: 'card-title', id: 'sweep-title' }, 'Throughput sweep')),
    h('p', { class: 'small muted' }, 'Prefill and decode tokens/s of the loaded model over context lengths and batch sizes, on this device. Warm-up passes are excluded; each number is a median.'),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'sweep-contexts' }, 'Context lengths'), contexts),
      h('div', { class: 'field' }, h('label', { for: 'sweep-batches' }, 'Batch sizes'), batches)),
    h('div', { class: 'button-row' }, runButton, exportButton),
    status, results);
  container.appendChild(el);

  function render(): void {
    runButton.disabled = running || info === null;
    exportButton.disabled = running || report === null;
    if (!report) return;
    const r = report;
    results.replaceChildren(
      table(['context', 'prefill ms', 'prefill tok/s'], r.prefill.map((p) => [String(p.context), formatMs(p.ms), formatRate(p.tokensPerSecond)])),
      table(['context', 'batch', 'ms / step', 'tok/s (all rows)', 'tok/s per row'],
        r.decode.map((d) => [String(d.context), String(d.batch), formatMs(d.msPerStep), formatRate(d.tokensPerSecond), formatRate(d.perRowTokensPerSecond)])),
      h('p', { class: 'small muted' }, r.warmup, ...r.skipped.map((s) => ` Skipped ${s.context}: ${s.reason}.`)),
    );
  }

  async function run(): Promise<void> {
    const c = parseIntList(contexts.value, 1, 1 << 20);
    const b = parseIntList(batches.value, 1, 64);
    if ('error' in c || 'error' in b) {
      status.textContent = `Context lengths: ${'error' in c ? c.error : 'ok'}; batch sizes: ${'error' in b ? b.error : 'ok'}.`;
      return;
    }
    running = true;
    render();
    status.textContent = 'Measuring…';
    try {
      report = await deps.client.bench({ contexts: c.values, batches: b.values }, (message) => {
        status.textContent = `Measuring: ${message}`;
      });
      status.textContent = `Done on ${report.model.device} (${report.model.dtype}).`;
    } catch (e) {
      status.textContent = `Sweep failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      running = false;
      render();
    }
  }

  function exportJson(): void {
    if (report) downloadText('decoding-lab-sweep.json', `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  }

  return {
    el,
    setModel(next) {
      info = next;
      render();
    },
  };
}
