/**
 * The metrics vocabulary (spec §7), defined once. The page's column headers and definitions, the CSV
 * header, the CLI's JSON fields and the README's "What each number means" table all come from here (a
 * test checks the README against it); the code that computes each number (./ledger.ts, ./metrics.ts)
 * points here instead of restating it.
 *
 * Rates say what they count: "per row" is the shown trace (the FFS winner's row); "all rows" sums every
 * row of an n-row batch.
 */

export type MetricUnit = 'tokens' | 'ms' | 'tok/s' | 'steps/s';

export interface MetricDefinition {
  /** Stable id: CSV header, data-col attribute, README row. */
  readonly key: string;
  /** Short column label. */
  readonly label: string;
  readonly unit: MetricUnit;
  readonly definition: string;
}

function metric(key: string, label: string, unit: MetricUnit, definition: string): MetricDefinition {
  return { key, label, unit, definition };
}

export const METRIC = {
  prompt: metric('prompt_tokens', 'Prompt', 'tokens',
    'Tokens of the templated prompt. Every lane tokenises and prefills it itself; an FFS or vote lane prefills it once for all its rows.'),
  thinking: metric('thinking_tokens', 'Thinking', 'tokens',
    'Trace tokens from <think> through </think>, tags and forced tokens included (a <think> in the prompt is not counted). FFS: the winner’s trace; vote: every row’s, summed.'),
  answer: metric('answer_tokens', 'Answer', 'tokens',
    'Trace tokens after </think> through EOS; the whole trace when there is no think block. FFS: the winner’s trace; vote: every row’s, summed.'),
  forced: metric('forced_tokens', 'Forced', 'tokens',
    'Tokens fed without sampling ("\\n\\n" where CGRS drops an EOS inside thinking or checkpoints at its budget; "\\n</think>\\n\\n" at a thinking budget); a part of thinking + answer.'),
  probe: metric('probe_tokens', 'Probe', 'tokens',
    'Tokens sampled inside CGRS certainty probes; not part of the trace.'),
  probeSuffix: metric('probe_suffix_tokens', 'Probe suffix', 'tokens',
    'Probe suffix tokens prefilled on forks of the cache; not generated, so not in the total.'),
  discarded: metric('discarded_tokens', 'Discarded', 'tokens',
    'Generated, then thrown away: losing FFS rows (partial rows included) and rolled-back speculative tokens. A vote keeps every row: none discarded.'),
  total: metric('total_tokens', 'Total', 'tokens',
    'All generated tokens: thinking + answer + discarded + probe.'),
  ttft: metric('ttft_ms', 'TTFT', 'ms',
    'Time to first token: the lane starts → its first trace token is sampled; tokenisation and prefill included, the run’s warm-up not.'),
  prefillRate: metric('prefill_tok_s', 'Prefill tok/s', 'tok/s',
    'Prompt tokens / time inside the prefill forward passes.'),
  decodeRate: metric('decode_tok_s', 'Decode tok/s (per row)', 'tok/s',
    'The shown trace’s tokens after its first / (its last-token time − its first-token time), probes included; empty with fewer than 2 tokens.'),
  aggregateRate: metric('aggregate_tok_s', 'Decode tok/s (all rows)', 'tok/s',
    'n-row lanes (FFS, vote): tokens after each row’s first, summed over rows / (last token of any row − first token of any row); empty for one row.'),
  stepRate: metric('step_rate', 'Steps/s', 'steps/s',
    'Forward steps of the batch / time inside those forwards (all rows of a step count once; probes excluded).'),
  wall: metric('wall_ms', 'Wall time', 'ms',
    'The lane starts → its result; probes and forced tokens included.'),
  warmup: metric('warmup_ms', 'Warm-up', 'ms',
    'Untimed passes before the first lane (a prefill of the prompt’s length, decode steps at 1 and n rows, a probe), so shader compilation lands on no lane.'),
  sampler: metric('sampler_ms', 'Sampler ms/step', 'ms',
    'CPU time choosing one token of one row (masks, temperature, softmax, filters, selection), mean over steps.'),
} as const satisfies Record<string, MetricDefinition>;
