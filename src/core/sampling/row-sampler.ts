import { Candidates } from './candidates';
import { SamplerChain, type FilterStage, type StepInput } from './chain';
import { topKEntropy } from './probe-stats';
import { dist } from './stages/dist';
import { greedy } from './stages/greedy';
import { minP } from './stages/min-p';
import { temperature } from './stages/temperature';
import { tokenMask } from './stages/token-mask';
import { topH } from './stages/top-h';
import { topK } from './stages/top-k';
import { topP } from './stages/top-p';
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
}

/** One row's sampler: owns its candidate buffer, reused on every call. Not shared between rows. */
export interface RowSampler {
  readonly params: SamplingParams;
  readonly chain: SamplerChain;
  /** Samples one token from one row of logits (length vocabSize, never mutated). */
  sample(logits: Float32Array, step: SampleStep): SampleResult;
  /**
   * The same token as `sample(…).token`, without the distribution stats: a greedy row then skips the
   * softmax pass (one linear argmax instead of exp over the whole vocabulary), which is what keeps our
   * loop as fast as transformers.js `generate()` at V = 151,936.
   */
  next(logits: Float32Array, step: SampleStep): number;
}

/** Argmax over ids below `validTokens` that are not masked; ties to the lowest id; NaN never wins. */
function maskedArgmax(logits: Float32Array, validTokens: number, mask: Int32Array | null | undefined): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < validTokens; i++) {
    const v = logits[i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  if (!mask || mask.length === 0 || (best >= 0 && !mask.includes(best))) return best >= 0 ? best : 0;
  // The argmax is masked: rescan skipping masked ids (rare: CGRS suppression of a trigger).
  const banned = new Set(mask);
  best = -1;
  bestValue = -Infinity;
  for (let i = 0; i < validTokens; i++) {
    const v = logits[i]!;
    if (v > bestValue && !banned.has(i)) {
      bestValue = v;
      best = i;
    }
  }
  return best >= 0 ? best : 0;
}

/** The filters of `params`, in the fixed order Top-H → top-k → top-p → min-p; no-op settings are left out. */
function filtersFor(params: SamplingParams, vocabSize: number): FilterStage[] {
  const filters: FilterStage[] = [];
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
  const { vocabSize, validTokens } = opts;
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`vocabSize must be a positive integer, got ${vocabSize}`);
  if (!Number.isInteger(validTokens) || validTokens < 1 || validTokens > vocabSize) {
    throw new Error(`validTokens must be an integer in [1, vocabSize=${vocabSize}], got ${validTokens}`);
  }
  const t = params.temperature;
  if (!(t >= 0 && t < Infinity)) throw new Error(`temperature must be finite and >= 0, got ${t}`);
  const isGreedy = t === 0;
  const filters = filtersFor(params, vocabSize); // validates every filter's parameters even for greedy
  const chain = isGreedy
    ? new SamplerChain([tokenMask(validTokens), temperature(1)], [], greedy())
    : new SamplerChain([tokenMask(validTokens), temperature(t)], filters, dist());
  const candidates = new Candidates(vocabSize);
  const frozen: SamplingParams = { ...params, ...(params.topH ? { topH: { ...params.topH } } : {}) };

  return {
    params: frozen,
    chain,
    sample(logits: Float32Array, step: SampleStep): SampleResult {
      const token = chain.run(candidates, logits, step);
      const result: SampleResult = {
        token,
        entropy: candidates.entropy,
        pMax: candidates.maxProbability,
        kept: isGreedy ? 1 : candidates.keptSize,
      };
      if (step.entropyTopK !== undefined) result.topKEntropy = topKEntropy(candidates, step.entropyTopK);
      return result;
    },
    next(logits: Float32Array, step: SampleStep): number {
      if (isGreedy && step.entropyTopK === undefined) return maskedArgmax(logits, validTokens, step.mask);
      return chain.run(candidates, logits, step);
    },
  };
}
