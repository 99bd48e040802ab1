import type { TokenBreakdown } from '../core/ledger';
import type { DecodingParams, MethodId } from '../core/methods/params';

export type { DecodingParams, MethodId };

/** One method in a comparison; `lane` names it in events (e.g. 'cgrs' or 'cgrs-2'). */
export interface LaneRequest {
  readonly lane: string;
  readonly params: DecodingParams;
  /**
   * `params.maxNewTokens` is an upper bound the engine may lower to what the model's context leaves after
   * the prompt (and, for CGRS, one probe); the result's `fitted` says so. Without it, a lane that does not
   * fit is refused with 'prompt-too-long'. The page and the CLI set it when nobody chose a max.
   */
  readonly fitToContext?: boolean;
}

export interface RunRequest {
  /** Chosen by the caller so it can cancel before the first event arrives. */
  readonly runId: string;
  readonly prompt: string;
  readonly lanes: readonly LaneRequest[];
  /** Run seed; row r of every lane draws from streams keyed (laneSeed(seed), r): a lane's randomness never depends on its neighbours. */
  readonly seed: number;
  /** Qwen3 template: let the model think (default true). */
  readonly enableThinking?: boolean;
  readonly systemPrompt?: string;
  /** Flush streamed tokens every this many ms (default 16 ≈ one frame). */
  readonly flushMs?: number;
  /**
   * For benchmarks and the exactness test: copy KV rows (FFS expansion, probe rows) inside the GPU
   * ('gpu', the default where the cache lives there) or through the CPU ('cpu').
   */
  readonly kvCopy?: 'gpu' | 'cpu';
  /**
   * Record every trace token with the distribution it was drawn from (LaneResult.trace, FfsRowSummary.trace):
   * the page's token strips, divergence and curves, and the JSON export. Off by default (the CLI's
   * --token-stats); costs ≤ 5 % of decode throughput (README, bench:decode).
   */
  readonly tokenStats?: boolean;
}

export type Phase = 'thinking' | 'answer';
export type StopReason = 'eos' | 'max-tokens' | 'cancelled' | 'error';

/**
 * Token counts and timings of one lane. Each field is defined once, in core's metrics vocabulary
 * (src/core/metric-definitions.ts: METRIC.<name> named beside each field), computed by core/ledger.ts and
 * core/metrics.ts from injected timestamps.
 */
export interface LaneMetrics {
  /** METRIC.prompt, .thinking, .answer, .probe, .discarded, .total */
  readonly tokens: Readonly<TokenBreakdown>;
  /** METRIC.forced */
  readonly forcedTokens: number;
  /** METRIC.probeSuffix */
  readonly probeSuffixTokens: number;
  /** METRIC.ttft */
  readonly ttftMs: number | null;
  /** Time inside prefill forwards (the denominator of METRIC.prefillRate). */
  readonly prefillMs: number;
  /** METRIC.prefillRate */
  readonly prefillTokensPerSecond: number | null;
  /** METRIC.decodeRate (per row) */
  readonly decodeTokensPerSecond: number | null;
  /** METRIC.stepRate */
  readonly stepsPerSecond: number | null;
  /** METRIC.aggregateRate (all rows; null for one row) */
  readonly aggregateTokensPerSecond: number | null;
  /** Wall time of all CGRS probes. */
  readonly probeMs: number;
  /** METRIC.wall */
  readonly wallMs: number;
  /** METRIC.sampler (mean) and its 95th percentile */
  readonly samplerMsPerStep: { readonly mean: number; readonly p95: number };
}

export interface CgrsCheckpoint {
  /** Trace position (tokens generated so far) where the checkpoint fired. */
  readonly position: number;
  readonly certainty: number;
  readonly pSup: number;
}

export interface CgrsSummary {
  readonly checkpoints: readonly CgrsCheckpoint[];
  readonly suppressedSteps: number;
  readonly triggersEmitted: number;
  readonly triggersBlocked: number;
  /** How probes ran: 'sequential' (the paper's) or 'batched' (probe as an extra batch row, spec §4.10). */
  readonly probeMode?: 'sequential' | 'batched';
  /** floor(maxNewTokens × thinkRatio): thinking tokens before "\n</think>\n\n" is forced (spec §4.7). */
  readonly thinkBudget: number;
  /** Trace position where the budget forced the end of thinking, or null when the model closed it itself. */
  readonly budgetForcedAt: number | null;
  /** Batched probes only: rollbacks of speculative tokens, and the tokens rolled back (counted as discarded). */
  readonly rollbacks?: number;
  readonly rolledBackTokens?: number;
}

/** NoWait lanes: how often the trigger mask was on and what it stopped. */
export interface NoWaitSummary {
  /** Thinking steps sampled with the triggers masked. */
  readonly suppressedSteps: number;
  /** Masked steps whose unmasked argmax was a trigger. */
  readonly triggersBlocked: number;
  /** Trigger tokens in the trace anyway (the answer phase is not masked). */
  readonly triggersEmitted: number;
}

/** Budget-forcing lanes: the cap and where it closed the thinking, if it did. */
export interface BudgetSummary {
  readonly thinkingBudget: number;
  /** Trace position where "\n</think>\n\n" was forced, or null when the model closed its thinking in time. */
  readonly forcedAt: number | null;
}

/** Self-consistency lanes: every row, and the vote. */
export interface VoteSummary {
  /** The row shown: the earliest voter for the winning answer. */
  readonly winnerRow: number;
  /** No row emitted EOS before max new tokens. */
  readonly truncated: boolean;
  readonly rows: readonly FfsRowSummary[];
  /** One group per distinct answer (rows in the order they ended), in order of their first voter. */
  readonly groups: readonly { readonly answer: string; readonly rows: readonly number[] }[];
}

/** One of the most probable tokens at a step, as TokenRecord.top lists them. */
export interface TokenAlternative {
  readonly id: number;
  /** The token's own text (a piece of a multi-byte character shows as U+FFFD). */
  readonly text: string;
  readonly p: number;
}

/**
 * One trace token and the distribution it was drawn from (RunRequest.tokenStats). Probabilities are those of
 * the row's sampler before its filters: softmax(logits / T) after masks (CGRS or NoWait suppression, ids
 * beyond the tokenizer); greedy rows use T = 1. Forced tokens were fed, not drawn: they have no distribution.
 */
export interface TokenRecord {
  readonly id: number;
  readonly text: string;
  readonly phase: Phase;
  /** Fed without sampling ("\n\n" after a probe's checkpoint, "\n</think>\n\n" at a budget). */
  readonly forced: boolean;
  /** p of this token; null when forced. */
  readonly p: number | null;
  /** H(p) in nats; null when forced. */
  readonly entropy: number | null;
  /** The 5 most probable tokens, most probable first (ties by id); empty when forced. */
  readonly top: readonly TokenAlternative[];
  /** |S|: tokens the filters kept (Top-H, top-k, top-p, min-p); null without a filter or when forced. */
  readonly kept: number | null;
  /** Reflection triggers were masked at this step (CGRS suppression, NoWait). */
  readonly suppressed: boolean;
}

export interface FfsRowSummary {
  readonly row: number;
  readonly tokens: number;
  readonly finished: boolean;
  readonly answer: string | null;
  readonly text: string;
  /** Every token of this row (RunRequest.tokenStats only). */
  readonly trace?: readonly TokenRecord[];
}

/** A lane's max new tokens lowered to fit the model's context (LaneRequest.fitToContext). */
export interface FittedBudget {
  readonly requested: number;
  readonly granted: number;
  readonly contextLength: number;
  readonly promptTokens: number;
  /** Positions kept free for a CGRS probe (suffix + probe tokens); 0 for other methods. */
  readonly reserved: number;
}

export interface LaneResult {
  readonly lane: string;
  readonly method: MethodId;
  /** The params the lane ran with (maxNewTokens after fitting, if it was fitted). */
  readonly params: DecodingParams;
  readonly fitted?: FittedBudget;
  /** The trace (the winner's for FFS): thinking + answer text. */
  readonly text: string;
  readonly thinkingText: string;
  readonly answerText: string;
  /** Content of the last balanced \boxed{…}, or null. */
  readonly answer: string | null;
  readonly stopReason: StopReason;
  readonly metrics: LaneMetrics;
  readonly cgrs?: CgrsSummary;
  readonly ffs?: { readonly winnerRow: number; readonly truncated: boolean; readonly rows: readonly FfsRowSummary[] };
  readonly vote?: VoteSummary;
  readonly budget?: BudgetSummary;
  readonly nowait?: NoWaitSummary;
  /** Every token of the shown trace (the winner's for FFS), when the request asked for tokenStats. */
  readonly trace?: readonly TokenRecord[];
}

export interface RunResult {
  readonly runId: string;
  readonly promptTokens: number;
  /**
   * Untimed warm-up before the first lane (spec §7): a prefill of the prompt's length, decode steps at 1
   * and n rows, a probe — so shader compilation and first-use allocation land on no lane.
   */
  readonly warmupMs: number;
  readonly lanes: readonly LaneResult[];
  readonly cancelled: boolean;
}

/** Streamed while a run is in flight, batched per flush interval. */
export type RunEvent =
  | { readonly type: 'lane-start'; readonly lane: string; readonly method: MethodId; readonly rows: number }
  | {
      readonly type: 'tokens';
      readonly lane: string;
      readonly row: number;
      readonly text: string;
      readonly count: number;
      readonly phase: Phase;
    }
  | { readonly type: 'checkpoint'; readonly lane: string; readonly row: number; readonly position: number; readonly certainty: number; readonly pSup: number }
  | { readonly type: 'suppressed'; readonly lane: string; readonly row: number; readonly position: number; readonly blockedTrigger: boolean }
  | { readonly type: 'row-done'; readonly lane: string; readonly row: number; readonly tokens: number; readonly finished: boolean; readonly winner: boolean }
  | { readonly type: 'lane-done'; readonly lane: string; readonly result: LaneResult };
