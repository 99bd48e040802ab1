/**
 * Throughput panel: measures this GPU's memory bandwidth (src/ui/gpu-bandwidth.ts), shows the decode
 * roofline of the loaded model at that bandwidth (or one typed in), and where the last run's lanes sit
 * against it, as a table and a uPlot chart. It shows effective GB/s and the share of the ceiling, never a
 * promise of the ceiling: small models are limited by per-step overhead long before memory bandwidth.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ModelInfo } from '../../protocol/model';
import { dataTable, h, replaceChildren, setText } from '../dom';
import { formatBinaryBytes, formatBytes, formatCount, formatRate } from '../logic/format';
import { ceilingCurve, rooflineRows, runShare, type RunShare } from '../logic/throughput';
import type { BandwidthResult } from '../gpu-bandwidth';
import type { LabController } from '../lab-controller';
import type { AppState } from '../store/state';

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

function describe(r: BandwidthResult): string {
  return `Read ${formatRate(r.readGBs)} GB/s, copy ${formatRate(r.copyGBs)} GB/s on ${r.adapter} ` +
    `(${formatBinaryBytes(r.bufferBytes)} buffer, ${r.timing}, median of ${r.repeats} passes after ${r.warmup} untimed warm-up passes).`;
}

function drawChart(box: HTMLElement, info: ModelInfo | null, bw: number | null, shares: readonly RunShare[]): uPlot | null {
  box.replaceChildren();
  if (!info || bw === null) return null;
  const curve = ceilingCurve(info, bw);
  const xs = [...new Set([...curve.context, ...shares.map((s) => s.context)])].sort((a, b) => a - b);
  const ceiling = xs.map((x) => {
    const i = curve.context.indexOf(x);
    return i >= 0 ? curve.tokensPerSecond[i]! : null;
  });
  const measured = xs.map((x) => shares.find((s) => s.context === x && s.batch === 1)?.measuredTokensPerSecond ?? null);
  return new uPlot({
    width: Math.max(240, Math.min(box.clientWidth || 560, 720)), height: 240, title: `Batch-1 decode ceiling at ${formatRate(bw)} GB/s`,
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: 'context (tokens)' }, { label: 'tok/s', size: 60 }],
    series: [
      { label: 'context' },
      { label: 'ceiling tok/s', stroke: '#6b7fd7', width: 2, spanGaps: true, points: { show: false } },
      { label: 'last run tok/s', stroke: '#e9a23b', paths: () => null, points: { show: true, size: 9, fill: '#e9a23b' } },
    ],
  }, [xs, ceiling, measured], box);
}

function notesFor(info: ModelInfo, bw: number | null): string[] {
  const items = [
    'Ceiling = bandwidth ÷ bytes read per token (weights once per step, the lm_head every step, KV per row × context). It is an upper bound, not a target.',
    'Small models miss it: per-step costs (dozens of GPU dispatches, the logits readback, JS sampling) dominate on fast GPUs, so compare effective GB/s and ms/token.',
  ];
  if (info.device !== 'webgpu') items.unshift(`This model runs on ${info.device.toUpperCase()}, not the GPU: the GPU roofline does not describe this run.`);
  if (bw === null) items.unshift('Measure or type a bandwidth to see the ceilings.');
  return items;
}

function runTable(shares: readonly RunShare[]): HTMLElement {
  if (shares.length === 0) return h('p', { class: 'small muted' }, 'Run a comparison to place its lanes here.');
  return dataTable(['lane', 'rows', 'mean context', 'decode tok/s (all rows)', 'effective GB/s', 'ceiling tok/s', 'share of ceiling'],
    shares.map((s) => [s.lane, String(s.batch), formatCount(s.context), formatRate(s.measuredTokensPerSecond),
      formatRate(s.report.effectiveGBs), formatRate(s.report.ceilingTokensPerSecond), pct(s.report.shareOfCeiling)]));
}

/**
 * The panel: its bandwidth field holds the measured value (or one typed in); everything else is drawn
 * from the store (the loaded model, the last comparison, the measurement) whenever one of them changes.
 */
export function createThroughputPanel(lab: LabController): { el: HTMLElement; update(s: AppState): void } {
  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'bandwidth-status' });
  const bandwidthInput = h('input', {
    id: 'roofline-bandwidth', type: 'text', placeholder: 'e.g. 100', inputmode: 'decimal', oninput: () => redraw(),
  });
  const measureButton = h('button', { type: 'button', onclick: () => void lab.measureBandwidth() }, 'Measure GPU bandwidth');
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

  let state: AppState | null = null;
  let plot: uPlot | null = null;
  const bandwidth = (): number | null => {
    const v = Number(bandwidthInput.value);
    return /^\s*\d+(\.\d+)?\s*$/.test(bandwidthInput.value) && v > 0 ? v : null;
  };
  function redraw(): void {
    const info = state?.model.info ?? null;
    const bw = bandwidth();
    plot?.destroy();
    if (!info) {
      setText(modelLine, 'Load a model to see its roofline.');
      for (const box of [ceilingBox, runBox, notes]) replaceChildren(box);
      plot = drawChart(chartBox, null, null, []);
      return;
    }
    setText(modelLine, `${info.id}: ${formatCount(info.parameters)} parameters, ${info.layers} layers, ${info.kvHeads} KV heads × ${info.headDim}, ` +
      `${info.dtype} on ${info.device}, context window ${formatCount(info.contextLength)}.`);
    replaceChildren(ceilingBox, dataTable(['context', 'bytes read per token', 'ceiling tok/s', 'floor ms/token'], rooflineRows(info, bw).map((r) =>
      [formatCount(r.context), formatBytes(r.bytesPerToken), formatRate(r.ceilingTokensPerSecond), formatRate(r.floorMsPerStep)])));
    const lanes = state?.run.result?.lanes ?? [];
    const shares = lanes.map((l) => runShare(info, l, bw)).filter((s): s is RunShare => s !== null);
    replaceChildren(runBox, runTable(shares));
    replaceChildren(notes, ...notesFor(info, bw).map((t) => h('li', null, t)));
    plot = drawChart(chartBox, info, bw, shares);
  }

  let last: { info: unknown; result: unknown; measured: unknown } = { info: undefined, result: undefined, measured: undefined };
  return {
    el,
    update(s) {
      state = s;
      const b = s.lab.bandwidth;
      measureButton.disabled = s.lab.activity?.kind === 'bandwidth' || lab.blocker() !== null;
      setText(status, b.message !== '' ? b.message : b.result ? describe(b.result) : '');
      if (b.result !== last.measured && b.result) bandwidthInput.value = b.result.readGBs.toFixed(1);
      if (s.model.info === last.info && s.run.result === last.result && b.result === last.measured) return;
      last = { info: s.model.info, result: s.run.result, measured: b.result };
      redraw();
    },
  };
}
