/**
 * The numeric columns of the results table, the CSV and the chart: which value of a lane result each
 * shows and how it is formatted. Labels and definitions come from core's metrics vocabulary
 * (src/core/metric-definitions.ts), so the table, the exports and the README cannot drift apart.
 */
import { METRIC, type MetricDefinition } from '../../core/metric-definitions';
import type { MethodId } from '../../core/methods/params';
import type { LaneResult } from '../../protocol/run';
import { formatCount, formatMs, formatRate } from './format';

export interface MetricColumn {
  /** Stable id: CSV header, data-col attribute (the metric's key in core/metric-definitions). */
  readonly key: string;
  readonly label: string;
  /** Header group in the table: token ledger or timing. */
  readonly group: 'Tokens' | 'Timing';
  readonly definition: string;
  readonly value: (r: LaneResult) => number | null;
  readonly format: (v: number | null) => string;
}

function column(def: MetricDefinition, group: MetricColumn['group'], value: MetricColumn['value'], format: MetricColumn['format']): MetricColumn {
  return { key: def.key, label: def.label, definition: def.definition, group, value, format };
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  column(METRIC.prompt, 'Tokens', (r) => r.metrics.tokens.prompt, formatCount),
  column(METRIC.thinking, 'Tokens', (r) => r.metrics.tokens.thinking, formatCount),
  column(METRIC.answer, 'Tokens', (r) => r.metrics.tokens.answer, formatCount),
  column(METRIC.probe, 'Tokens', (r) => r.metrics.tokens.probe, formatCount),
  column(METRIC.discarded, 'Tokens', (r) => r.metrics.tokens.discarded, formatCount),
  column(METRIC.total, 'Tokens', (r) => r.metrics.tokens.total, formatCount),
  column(METRIC.ttft, 'Timing', (r) => r.metrics.ttftMs, formatMs),
  column(METRIC.prefillRate, 'Timing', (r) => r.metrics.prefillTokensPerSecond, formatRate),
  column(METRIC.decodeRate, 'Timing', (r) => r.metrics.decodeTokensPerSecond, formatRate),
  column(METRIC.aggregateRate, 'Timing', (r) => r.metrics.aggregateTokensPerSecond, formatRate),
  column(METRIC.wall, 'Timing', (r) => r.metrics.wallMs, formatMs),
];

/** Compact method names for the table and the chart's axis (the lanes use the registry's labels). */
export const SHORT_METHOD_LABEL: Readonly<Record<MethodId, string>> = {
  greedy: 'Greedy', sample: 'Sampling', 'top-h': 'Top-H', cgrs: 'CGRS', ffs: 'FFS', vote: 'Vote', budget: 'Budget', nowait: 'NoWait',
};

/** A lane's short name: its method's, with the lane id where it differs (two lanes of one method). */
export function laneLabel(lane: string, method: MethodId): string {
  const short = SHORT_METHOD_LABEL[method] ?? method;
  return lane === method ? short : `${short} (${lane})`;
}

/** Text columns shown before the numbers. */
export const TEXT_COLUMN_DEFINITIONS: Readonly<Record<string, { label: string; longLabel: string; definition: string }>> = {
  method: { label: 'Method', longLabel: 'Method', definition: 'The decoding method of the lane.' },
  answer: { label: 'Answer', longLabel: 'Answer (extracted)', definition: 'Content of the last balanced \\boxed{…} in the trace (the winner’s for FFS), or empty.' },
  correct: { label: '✓', longLabel: 'Correct (✓)', definition: 'Whether the extracted answer equals the question set’s reference answer (only for bundled questions).' },
  stop: { label: 'Stop', longLabel: 'Stop reason', definition: 'Why decoding ended: eos (the model finished), max-tokens, cancelled or error.' },
};
