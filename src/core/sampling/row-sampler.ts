import { Candidates } from './candidates';
import { SamplerChain } from './chain';
import { topKEntropy } from './probe-stats';
import type { Sampler, StepInput } from './sampler';
import { dist } from './stages/dist';
import { greedy } from './stages/greedy';
import { minP } from './stages/min-p';
import { temperature } from './stages/temperature';
import { tokenMask } from './stages/token-mask';
import { topH } from './stages/top-h';
import { topK } from './stages/top-k';
import { topP } from './stages/top-p';
import { PassPolicy } from './pass-policy';
import { fillGreedyTokenStats } from './greedy-stats';
import { fillTokenStats, type TokenStats } from './token-stats';
import type { SamplingParams } from './types';

export type SampleStep = StepInput;

export interface SampleResult {
  token: number;
  /** H(p) in nats of the tempered, masked distribution (greedy: at T = 1). */
  entropy: number;
  /** p of the argmax in that distribution. */
  pMax: number;
  /** |S|, the tokens the selector could pick (greedy: 1). */
  kept: number;
  /** −Σ_{top-K} p ln p of the same distribution, when the step asked for it with `entropyTopK`. */
  topKEntropy?: number;
}

export interface RowSamplerOptions {
  /** Width of a logits row (config vocab_size, e.g. 151,936). */
  vocabSize: number;
  /** Tokenizer size; ids at or above it are never sampled (e.g. 151,669). */
  validTokens: number;
  /**
   * Stateful stages to plug into the chain: `logits` stages run first (e.g. the CGRS suppression mask,
   * cgrs/suppression-stage.ts), `observer` stages last (e.g. the phase tracker, phase-stage.ts).
   */
  plugins?: readonly Sampler[];
  /** A clock in ms; with it the chain times its stages (`chain.timings()`, `chain.lastStepMs`). */
  now?: () => number;
}

/** One row's sampler: owns its candidate buffer and chain, reused on every call. Not shared between rows. */
export interface RowSampler {
  readonly params: SamplingParams;
  readonly chain: SamplerChain;
  /**
   * Samples one token from one row of logits (length vocabSize, never mutated) with exact distribution
   * statistics: runs the exact softmax pass (CGRS probes use it for their certainty).
   */
  sample(logits: Float32Array, step: SampleStep): SampleResult;
  /**
   * The same token as `sample(…).token`, by the cheapest exact route: the bounded pass for sampling rows, one
   * linear argmax for greedy rows. With `stats`, also fills that record (token-stats.ts; a greedy row then reads
   * its row once more for p, H and the top 5: greedy-stats.ts).
   */
  next(logits: Float32Array, step: SampleStep, stats?: TokenStats | null): number;
  /** Tells the chain's stateful stages which token the row took. */
  accept(token: number): void;
  /** Steps of `next` whose bounded pass could not decide and ran the exact pass as well. */
  readonly exactFallbacks: number;
  /** Steps of `next` that ran the exact pass alone, the bounded one having recently failed too often. */
  readonly exactSteps: number;
}

/** The filters of `params`, in the fixed order Top-H → top-k → top-p → min-p; no-op settings are left out. */
function filtersFor(params: SamplingParams, vocabSize: number): Sampler[] {
  const filters: Sampler[] = [];
  // Each factory validates its parameter, so nonsense throws even where the stage is then left out.
  if (params.topH) filters.push(topH(params.topH));
  if (params.topK !== undefined) {
    const stage = topK(params.topK);
    if (params.topK < vocabSize) filters.push(stage);
  }
  if (params.topP !== undefined) {
    const stage = topP(params.topP);
    if (params.topP < 1) filters.push(stage);
  }
  if (params.minP !== undefined) {
    const stage = minP(params.minP);
    if (params.minP > 0) filters.push(stage);
  }
  return filters;
}

/**
 * Builds the chain for `params` (temperature 0 = greedy: no filters, no randomness) and a candidate buffer sized
 * for `vocabSize`. Params are expected to be validated already (`validateDecodingParams`); nonsense still throws.
 */
export function createRowSampler(params: SamplingParams, opts: RowSamplerOptions): RowSampler {
  const { vocabSize, validTokens, plugins = [] } = opts;
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`vocabSize must be a positive integer, got ${vocabSize}`);
  if (!Number.isInteger(validTokens) || validTokens < 1 || validTokens > vocabSize) {
    throw new Error(`validTokens must be an integer in [1, vocabSize=${vocabSize}], got ${validTokens}`);
  }
  const t = params.temperature;
  if (!(t >= 0 && t < Infinity)) throw new Error(`temperature must be finite and >= 0, got ${t}`);
  for (const p of plugins) {
    if (p.kind !== 'logits' && p.kind !== 'observer') throw new Error(`plugin '${p.name}' must be a logits or observer stage`);
  }
  const isGreedy = t === 0;
  const filters = filtersFor(params, vocabSize); // validates every filter's parameters even for greedy
  const core = isGreedy
    ? [tokenMask(validTokens), temperature(1), greedy()]
    : [tokenMask(validTokens), temperature(t), ...filters, dist()];
  const chain = new SamplerChain(
    [...plugins.filter((p) => p.kind === 'logits'), ...core, ...plugins.filter((p) => p.kind === 'observer')],
    { now: opts.now },
  );
  const filtered = !isGreedy && filters.length > 0;
  const policy = new PassPolicy();
  const candidates = new Candidates(vocabSize);
  const frozen: SamplingParams = { ...params, ...(params.topH ? { topH: { ...params.topH } } : {}) };

  return {
    params: frozen,
    chain,
    sample(logits: Float32Array, step: SampleStep): SampleResult {
      const token = chain.sample(candidates, logits, step, 'exact');
      if (!candidates.isNormalised) candidates.normalise(); // greedy skipped the softmax
      const result: SampleResult = {
        token,
        entropy: candidates.entropy,
        pMax: candidates.maxProbability,
        kept: isGreedy ? 1 : candidates.keptSize,
      };
      if (step.entropyTopK !== undefined) result.topKEntropy = topKEntropy(candidates, step.entropyTopK);
      return result;
    },
    next(logits: Float32Array, step: SampleStep, stats?: TokenStats | null): number {
      const mode = policy.mode();
      const before = candidates.completions;
      candidates.beginRow(logits, mode);
      if (stats && !isGreedy) candidates.requireEntropy();
      chain.apply(candidates, step);
      const token = candidates.selected;
      if (stats && isGreedy) {
        const row = candidates.maskedRow();
        fillGreedyTokenStats(row.logits, row.limit, token, stats);
      } else if (stats) {
        fillTokenStats(candidates, token, filtered, stats);
      }
      if (mode === 'bounded' && candidates.isNormalised) policy.record(candidates.completions > before);
      return token;
    },
    accept(token: number): void {
      chain.accept(token);
    },
    get exactFallbacks(): number {
      return candidates.completions; // sample() runs the exact pass from the start: never a fallback
    },
    get exactSteps(): number {
      return policy.exactSteps;
    },
  };
}
