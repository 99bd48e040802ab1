/**
 * Throughput panel: measures this GPU's memory bandwidth (src/ui/gpu-bandwidth.ts), shows the decode
 * roofline of the loaded model at that bandwidth (or one typed in), and where the last run's lanes sit
 * against it, as a table and a uPlot chart. It shows effective GB/s and the share of the ceiling, never a
 * promise of the ceiling: small models are limited by per-step overhead long before memory bandwidth.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ModelInfo } from '../../protocol/model';
import type { RunResult } from '../../protocol/run';
import { h, replaceChildren, setText } from '../dom';
import { formatBinaryBytes, formatBytes, formatCount, formatRate } from '../logic/format';
import { ceilingCurve, rooflineRows, runShare, type RunShare } from '../logic/throughput';
import { measureGpuBandwidth, type BandwidthResult } from '../gpu-bandwidth';

export interface ThroughputPanel {
  readonly el: HTMLElement;
  setModel(info: ModelInfo | null): void;
  setLastRun(result: RunResult | null): void;
  destroy(): void;
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): HTMLElement {
  return h('div', { class: 'table-scroll' },
    h('table', null,
      h('thead', null, h('tr', null, ...header.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c)))))));
}

function describe(r: BandwidthResult): string {
  return `Read ${formatRate(r.readGBs)} GB/s, copy ${formatRate(r.copyGBs)} GB/s on ${r.adapter} ` +
    `(${formatBinaryBytes(r.bufferBytes)} buffer, ${r.timing}, median of ${r.repeats} passes after ${r.warmup} untimed warm-up passes).`;
}

export function mountThroughputPanel(
  container: HTMLElement,
  deps: { measure?: () => Promise<BandwidthResult> } = {},
): ThroughputPanel {
  const measure = deps.measure ?? (() => measureGpuBandwidth());
  let info: ModelInfo | null = null;
  let shares: RunShare[] = [];
  let lastRun: RunResult | null = null;
  let plot: uPlot | null = null;

  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'bandwidth-status' }, 'Not measured yet.');
  const bandwidthInput = h('input', {
    id: 'roofline-bandwidth', type: 'number', min: '1', step: 'any', placeholder: 'e.g. 100', inputmode: 'decimal',
    oninput: () => render(),
  });
  const measureButton = h('button', { type: 'button', onclick: () => void runMeasure() }, 'Measure GPU bandwidth');
  const modelLine = h('p', { class: 'small muted' });
  const ceilingBox = h('div');
  const runBox = h('div');
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Decode ceiling against context length, with the last run' });
  const notes = h('ul', { class: 'hint' });
  const el = h('section', { class: 'card', 'data-testid': 'throughput-panel', 'aria-labelledby': 'throughput-title' },
    h('div', { class: 'section-head' }, h('h2', { class: 'card-title', id: 'throughput-title' }, 'Throughput and the memory roofline')),
    h('div', { class: 'button-row' }, measureButton,
      h('div', { class: 'field' }, h('label', { for: 'roofline-bandwidth' }, 'Bandwidth (GB/s)'), bandwidthInput)),
    status, modelLine, ceilingBox, runBox, chartBox, notes);
  container.appendChild(el);

  async function runMeasure(): Promise<void> {
    measureButton.disabled = true;
    setText(status, 'Measuring (a few seconds; warm-up passes are not timed)…');
    try {
      const r = await measure();
      bandwidthInput.value = r.readGBs.toFixed(1);
      setText(status, describe(r));
    } catch (e) {
      setText(status, `Could not measure: ${e instanceof Error ? e.message : String(e)}. Type your GPU's bandwidth instead.`);
    } finally {
      measureButton.disabled = false;
      render();
    }
  }

  function bandwidth(): number | null {
    const v = Number(bandwidthInput.value);
    return bandwidthInput.value.trim() !== '' && Number.isFinite(v) && v > 0 ? v : null;
  }

  function drawChart(bw: number | null): void {
    plot?.destroy();
    plot = null;
    chartBox.replaceChildren();
    if (!info || bw === null) return;
    const curve = ceilingCurve(info, bw);
    const xs = [...new Set([...curve.context, ...shares.map((s) => s.context)])].sort((a, b) => a - b);
    const ceiling = xs.map((x) => {
      const i = curve.context.indexOf(x);
      return i >= 0 ? curve.tokensPerSecond[i]! : null;
    });
    const measured = xs.map((x) => shares.find((s) => s.context === x && s.batch === 1)?.measuredTokensPerSecond ?? null);
    plot = new uPlot({
      width: Math.max(280, chartBox.clientWidth || 560), height: 240, title: `Batch-1 decode ceiling at ${formatRate(bw)} GB/s`,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'context (tokens)' }, { label: 'tok/s', size: 60 }],
      series: [
        { label: 'context' },
        { label: 'ceiling tok/s', stroke: '#6b7fd7', width: 2, spanGaps: true, points: { show: false } },
        { label: 'last run tok/s', stroke: '#e9a23b', paths: () => null, points: { show: true, size: 9, fill: '#e9a23b' } },
      ],
    }, [xs, ceiling, measured], chartBox);
  }

  function render(): void {
    const bw = bandwidth();
    if (!info) {
      setText(modelLine, 'Load a model to see its roofline.');
      replaceChildren(ceilingBox);
      replaceChildren(runBox);
      replaceChildren(notes);
      drawChart(null);
      return;
    }
    setText(modelLine, `${info.id}: ${formatCount(info.parameters)} parameters, ${info.layers} layers, ${info.kvHeads} KV heads × ${info.headDim}, ` +
      `${info.dtype} on ${info.device}, context window ${formatCount(info.contextLength)}.`);
    const rows = rooflineRows(info, bw);
    replaceChildren(ceilingBox, table(['context', 'bytes read per token', 'ceiling tok/s', 'floor ms/token'],
      rows.map((r) => [formatCount(r.context), formatBytes(r.bytesPerToken), formatRate(r.ceilingTokensPerSecond), formatRate(r.floorMsPerStep)])));
    shares = lastRun ? lastRun.lanes.map((l) => runShare(info!, l, bw)).filter((s): s is RunShare => s !== null) : [];
    replaceChildren(runBox, shares.length === 0 ? h('p', { class: 'small muted' }, 'Run a comparison to place its lanes here.') :
      table(['lane', 'rows', 'mean context', 'decode tok/s', 'effective GB/s', 'ceiling tok/s', 'share of ceiling'],
        shares.map((s) => [s.lane, String(s.batch), formatCount(s.context), formatRate(s.measuredTokensPerSecond),
          formatRate(s.report.effectiveGBs), formatRate(s.report.ceilingTokensPerSecond), pct(s.report.shareOfCeiling)])));
    const items = [
      'Ceiling = bandwidth ÷ bytes read per token (weights once per step, the lm_head every step, KV per row × context). It is an upper bound, not a target.',
      'Small models miss it: per-step costs (dozens of GPU dispatches, the logits readback, JS sampling) dominate on fast GPUs, so compare effective GB/s and ms/token.',
    ];
    if (info.device !== 'webgpu') items.unshift(`This model runs on ${info.device.toUpperCase()}, not the GPU: the GPU roofline does not describe this run.`);
    if (bw === null) items.unshift('Measure or type a bandwidth to see the ceilings.');
    replaceChildren(notes, ...items.map((t) => h('li', null, t)));
    drawChart(bw);
  }

  render();
  return {
    el,
    setModel(next) {
      info = next;
      render();
    },
    setLastRun(result) {
      lastRun = result;
      render();
    },
    destroy() {
      plot?.destroy();
      el.remove();
    },
  };
}
