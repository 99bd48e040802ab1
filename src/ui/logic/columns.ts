/**
 * The numeric columns of the results table, the CSV and the chart, each with its definition (from
 * LaneMetrics' docs, spec §7). One list, so the table and the exports cannot drift apart.
 */
import type { MethodId } from '../../core/methods/params';
import type { LaneResult } from '../../protocol/run';
import { formatCount, formatMs, formatRate } from './format';

export interface MetricColumn {
  /** Stable id: CSV header, data-col attribute. */
  readonly key: string;
  readonly label: string;
  /** Header group in the table: token ledger or timing. */
  readonly group: 'Tokens' | 'Timing';
  readonly definition: string;
  readonly value: (r: LaneResult) => number | null;
  readonly format: (v: number | null) => string;
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  {
    key: 'prompt_tokens', group: 'Tokens', label: 'Prompt', format: formatCount,
    definition: 'Tokens of the templated prompt, counted once (the prefill is shared).',
    value: (r) => r.metrics.tokens.prompt,
  },
  {
    key: 'thinking_tokens', group: 'Tokens', label: 'Thinking', format: formatCount,
    definition: 'Trace tokens from <think> through </think>, tags and forced tokens included.',
    value: (r) => r.metrics.tokens.thinking,
  },
  {
    key: 'answer_tokens', group: 'Tokens', label: 'Answer', format: formatCount,
    definition: 'Trace tokens after </think> through EOS (the whole trace when there is no think block).',
    value: (r) => r.metrics.tokens.answer,
  },
  {
    key: 'probe_tokens', group: 'Tokens', label: 'Probe', format: formatCount,
    definition: 'Tokens sampled inside CGRS certainty probes (not part of the trace).',
    value: (r) => r.metrics.tokens.probe,
  },
  {
    key: 'discarded_tokens', group: 'Tokens', label: 'Discarded', format: formatCount,
    definition: 'Generated, then thrown away: losing FFS rows (partial rows included) and rolled-back tokens.',
    value: (r) => r.metrics.tokens.discarded,
  },
  {
    key: 'total_tokens', group: 'Tokens', label: 'Total', format: formatCount,
    definition: 'All generated tokens: thinking + answer + discarded + probe.',
    value: (r) => r.metrics.tokens.total,
  },
  {
    key: 'ttft_ms', group: 'Timing', label: 'TTFT', format: formatMs,
    definition: 'Time to first token: request received → first trace token sampled (tokenisation and prefill included).',
    value: (r) => r.metrics.ttftMs,
  },
  {
    key: 'prefill_tok_s', group: 'Timing', label: 'Prefill tok/s', format: formatRate,
    definition: 'Prompt tokens / prefill forward time.',
    value: (r) => r.metrics.prefillTokensPerSecond,
  },
  {
    key: 'decode_tok_s', group: 'Timing', label: 'Decode tok/s', format: formatRate,
    definition: 'Trace tokens after the first / (last − first token time), probes included; empty with fewer than 2 tokens.',
    value: (r) => r.metrics.decodeTokensPerSecond,
  },
  {
    key: 'wall_ms', group: 'Timing', label: 'Wall time', format: formatMs,
    definition: 'Request received → this lane’s result, probes and forced tokens included.',
    value: (r) => r.metrics.wallMs,
  },
];

/** Compact method names for the table and the chart's axis (the lanes use the registry's labels). */
export const SHORT_METHOD_LABEL: Readonly<Record<MethodId, string>> = {
  greedy: 'Greedy', sample: 'Sampling', 'top-h': 'Top-H', cgrs: 'CGRS', ffs: 'FFS',
};

/** Text columns shown before the numbers. */
export const TEXT_COLUMN_DEFINITIONS: Readonly<Record<string, { label: string; longLabel: string; definition: string }>> = {
  method: { label: 'Method', longLabel: 'Method', definition: 'The decoding method of the lane.' },
  answer: { label: 'Answer', longLabel: 'Answer (extracted)', definition: 'Content of the last balanced \\boxed{…} in the trace (the winner’s for FFS), or empty.' },
  correct: { label: '✓', longLabel: 'Correct (✓)', definition: 'Whether the extracted answer equals the question set’s reference answer (only for bundled questions).' },
  stop: { label: 'Stop', longLabel: 'Stop reason', definition: 'Why decoding ended: eos (the model finished), max-tokens, cancelled or error.' },
};
