/**
 * Tokens (stacked: thinking, answer, probe, discarded) and wall time per method, with uPlot. Stacking
 * is drawn as overlapping bars of cumulative height, tallest first; the legend shows each part's own
 * value.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { METHODS } from '../../core/methods/registry';
import type { LaneResult } from '../../protocol/run';
import { h } from '../dom';
import { SHORT_METHOD_LABEL } from '../logic/columns';
import { formatCount, formatMs } from '../logic/format';
import type { AppState } from '../store/state';
import { followWidth, watchLaneResults } from './lane-results-view';

const PARTS = [
  { label: 'Thinking', color: '#6b7fd7', get: (r: LaneResult) => r.metrics.tokens.thinking },
  { label: 'Answer', color: '#2a9d8f', get: (r: LaneResult) => r.metrics.tokens.answer },
  { label: 'Probe', color: '#e9a23b', get: (r: LaneResult) => r.metrics.tokens.probe },
  { label: 'Discarded', color: '#c8cdd3', get: (r: LaneResult) => r.metrics.tokens.discarded },
];

function axisColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#59636e';
}

function categoryAxes(labels: string[], yLabel: string, yFormat: (v: number) => string): uPlot.Axis[] {
  const stroke = axisColor();
  const font = '11px system-ui, sans-serif';
  return [
    { stroke, font, grid: { show: false }, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
    { stroke, font, labelFont: font, label: yLabel, size: 48, values: (_u, splits) => splits.map(yFormat) },
  ];
}

function tokensChart(results: LaneResult[], width: number): uPlot {
  const labels = results.map((r) => SHORT_METHOD_LABEL[r.method]);
  const x = results.map((_, i) => i);
  // Cumulative from the top part down, drawn in that order so shorter bars paint over taller ones.
  const order = [...PARTS].reverse();
  const cumulative = order.map((_, k) => results.map((r) => order.slice(k).reduce((sum, p) => sum + p.get(r), 0)));
  const bars = uPlot.paths.bars!({ size: [0.55, 80], align: 0 });
  return new uPlot({
    width, height: 220, title: 'Generated tokens',
    scales: { x: { time: false, range: [-0.6, results.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: categoryAxes(labels, 'tokens', (v) => formatCount(v)),
    legend: { show: false },
    cursor: { show: false },
    series: [
      { label: 'Method' },
      ...order.map((p) => ({ label: p.label, fill: p.color, stroke: p.color, width: 0, paths: bars, points: { show: false } })),
    ],
  }, [x, ...cumulative]);
}

function wallChart(results: LaneResult[], width: number): uPlot {
  const labels = results.map((r) => SHORT_METHOD_LABEL[r.method]);
  return new uPlot({
    width, height: 220, title: 'Wall time',
    scales: { x: { time: false, range: [-0.6, results.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: categoryAxes(labels, 'seconds', (v) => `${Number(v.toFixed(2))} s`),
    legend: { show: false },
    cursor: { show: false },
    series: [
      { label: 'Method' },
      { label: 'Wall time', fill: '#5b6b7f', stroke: '#5b6b7f', width: 0, paths: uPlot.paths.bars!({ size: [0.55, 80] }), points: { show: false } },
    ],
  }, [results.map((_, i) => i), results.map((r) => r.metrics.wallMs / 1000)]);
}

export function createChart(): { el: HTMLElement; update(s: AppState): void } {
  const tokensBox = h('div', { class: 'chart', 'data-testid': 'chart-tokens', role: 'img' });
  const legend = h('div', { class: 'chart-legend', 'aria-hidden': 'true' },
    ...PARTS.map((p) => h('span', { style: `--swatch: ${p.color}` }, p.label)));
  const wallBox = h('div', { class: 'chart', 'data-testid': 'chart-wall', role: 'img' });
  const el = h('div', { class: 'charts', hidden: true }, h('div', { class: 'chart-col' }, tokensBox, legend), wallBox);
  let plots: uPlot[] = [];
  let results: LaneResult[] = [];

  function draw(): void {
    plots.forEach((p) => p.destroy());
    plots = [];
    el.hidden = results.length === 0;
    if (results.length === 0) return;
    const width = Math.max(240, Math.floor(tokensBox.clientWidth || 320));
    plots = [tokensChart(results, width), wallChart(results, width)];
    tokensBox.replaceChildren(plots[0]!.root);
    wallBox.replaceChildren(plots[1]!.root);
    tokensBox.setAttribute('aria-label', `Generated tokens per method: ${results.map((r) => `${METHODS[r.method].label} ${r.metrics.tokens.total}`).join(', ')}`);
    wallBox.setAttribute('aria-label', `Wall time per method: ${results.map((r) => `${METHODS[r.method].label} ${formatMs(r.metrics.wallMs)}`).join(', ')}`);
  }

  followWidth(el, tokensBox, () => plots, 220);

  return {
    el,
    update: watchLaneResults((next) => {
      results = next;
      draw();
    }),
  };
}
