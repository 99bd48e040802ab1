/**
 * Decoding parameters: one serialisable discriminated union over the five methods (spec §1.6, §2–§6).
 * Plain data only (JSON round-trips unchanged); `validateDecodingParams` (./validate.ts) checks it once
 * before any model work, and the engine trusts the result.
 *
 * Source tags used in the field docs: (paper), (reference code), (third-party), (project decision), as in
 * the spec's §0.
 */
import type { SamplingParams, TopHParams } from '../sampling/types';

export type { SamplingParams, TopHParams };

/** The method ids, exactly as they appear in requests, run cards and the CLI. */
export type MethodId = 'greedy' | 'sample' | 'top-h' | 'cgrs' | 'ffs';

export const METHOD_IDS: readonly MethodId[] = ['greedy', 'sample', 'top-h', 'cgrs', 'ffs'];

/** CGRS settings (spec §4, arXiv 2508.05337). */
export interface CgrsParams {
  /** Certainty threshold δ in [0, 1]; p_sup = max(0, (C − δ)/(1 − δ)); δ = 1 never suppresses. Default 0.9 (reference code: run script). */
  delta: number;
  /** Thinking budget as a fraction of maxNewTokens, in (0, 1]: budget = floor(maxNewTokens · thinkRatio). Default 0.6 (reference code). */
  thinkRatio: number;
  /** Text appended on the KV fork before the probe samples, tokenised once at load. Default '\n**Final Answer**\n\\boxed' (reference code). 1–500 chars. */
  probeSuffix: string;
  /** Probe tokens sampled per checkpoint, integer in [1, 64]. Default 20 (reference code). */
  probeMaxTokens: number;
  /** Probe sampling temperature, in (0, 10], no filters. Default 1.0 (reference code: library default). */
  probeTemperature: number;
  /** Certainty normalisation (spec §4.5): 'topk' = 1 − mean top-K entropy / ln K (reference code); 'vocab' = 1 − mean H / ln|V| (paper, third-party quote). Default 'topk' (project decision). */
  certaintyNorm: 'topk' | 'vocab';
  /** K of the 'topk' normalisation, integer in [2, 100]. Default 5 (reference code). */
  certaintyTopK: number;
  /** Reflection trigger strings; those encoding to exactly one token are masked (spec §4.2). 1–64 strings of 1–64 chars. Default: the 14 of the reference code. */
  triggerWords: string[];
  /** Run the probe as an extra batch row with speculative decoding and rollback (spec §4.10; project extension, NOT in the paper). Default false. */
  batchedProbe: boolean;
}

/** First Finish Search settings (spec §5, arXiv 2505.18149). */
export interface FfsParams {
  /** Rows decoded in one batch, integer in [1, 16]. Default 4 (third-party; follow-up's config). */
  n: number;
  /** FFS-k@N: finishers to wait for before voting, integer in [1, n]; 1 = plain FFS. Default 1 (paper). */
  k: number;
  /** A finisher without a parsable answer leaves the batch and decoding continues (spec §5.2). Default false (project decision). */
  requireAnswer: boolean;
  /** How answers are extracted and compared (spec §5.3): 'math' (\boxed, normalised), 'integer' (0–999), 'mcq' (a letter). Default 'math'. */
  answerKind: 'math' | 'mcq' | 'integer';
}

/** Fields every method shares. */
interface BaseParams {
  /** Generated trace tokens at most (forced tokens included, probes excluded), integer in [1, MAX_NEW_TOKENS_CAP]. Default 2048 (project decision; presets carry the papers' 16k/32k). */
  maxNewTokens: number;
}

/** Greedy: argmax of the masked logits, ties to the lowest id; no randomness (spec §2). */
export interface GreedyParams extends BaseParams {
  method: 'greedy';
}

/** Baseline sampling: temperature > 0 with optional top-k, top-p, min-p (spec §2). Top-H lives in 'top-h'. */
export interface SampleParams extends BaseParams {
  method: 'sample';
  /** Default T 0.6, top-k 20, top-p 0.95 (Qwen3 generation config). */
  sampling: SamplingParams;
}

/** Top-H entropy-bounded truncation (spec §3); `sampling.topH` is required, T > 0. */
export interface TopHMethodParams extends BaseParams {
  method: 'top-h';
  /** Default T 1.0, Top-H α 0.4 mode 'paper' (paper). Other filters allowed after Top-H, off by default. */
  sampling: SamplingParams & { topH: TopHParams };
}

/** CGRS on top of any sampler, greedy included (spec §4, §6). */
export interface CgrsMethodParams extends BaseParams {
  method: 'cgrs';
  /** The row sampler; default T 0.6, top-p 0.95 (paper). Temperature 0 = greedy rows (then no filters). */
  sampling: SamplingParams;
  cgrs: CgrsParams;
}

/** First Finish Search over n stochastic rows (spec §5); greedy rows are rejected (spec §6). */
export interface FfsMethodParams extends BaseParams {
  method: 'ffs';
  /** The sampler of every row (own seed stream each); default T 0.6, top-p 0.95 (third-party). */
  sampling: SamplingParams;
  ffs: FfsParams;
}

export type DecodingParams = GreedyParams | SampleParams | TopHMethodParams | CgrsMethodParams | FfsMethodParams;

/** Upper bound of maxNewTokens: the longest paper setting (FFS on AIME, 32K) (project decision). */
export const MAX_NEW_TOKENS_CAP = 32_768;
/** Highest temperature accepted anywhere (project decision: the papers go up to 2.0; beyond 10 the distribution is nearly flat). */
export const MAX_TEMPERATURE = 10;
/** Most FFS rows (project decision: KV memory grows n-fold). */
export const MAX_FFS_ROWS = 16;
/** Most probe tokens per checkpoint (project decision; reference code uses 20). */
export const MAX_PROBE_TOKENS = 64;

/** The 14 reflection triggers of the CGRS reference code (spec §4.2). */
export const CGRS_TRIGGER_WORDS: readonly string[] = [
  'Wait', ' Wait', 'wait', ' wait', 'But', ' But', 'but', ' but',
  'Alternatively', ' Alternatively', 'Alternative', ' Alternative', 'Hmm', ' Hmm',
];

/** Probe suffix of the reference code (spec §4.4). */
export const CGRS_PROBE_SUFFIX = '\n**Final Answer**\n\\boxed';
/** GPQA variant of the probe suffix (reference code). */
export const CGRS_PROBE_SUFFIX_GPQA = '\n**Final Answer**\nI believe the final answer, rather than the option, is \\boxed';

/** Fresh CGRS defaults (spec §1.6, §4). */
export function defaultCgrsParams(): CgrsParams {
  return {
    delta: 0.9,
    thinkRatio: 0.6,
    probeSuffix: CGRS_PROBE_SUFFIX,
    probeMaxTokens: 20,
    probeTemperature: 1.0,
    certaintyNorm: 'topk',
    certaintyTopK: 5,
    triggerWords: [...CGRS_TRIGGER_WORDS],
    batchedProbe: false,
  };
}

/** Fresh FFS defaults (spec §5). */
export function defaultFfsParams(): FfsParams {
  return { n: 4, k: 1, requireAnswer: false, answerKind: 'math' };
}

/** Default maxNewTokens (project decision: small models in a browser; the paper presets use 16k/32k). */
export const DEFAULT_MAX_NEW_TOKENS = 2048;

/** Fresh, valid defaults for a method (new objects every call, safe to mutate). */
export function defaultParams(method: 'greedy'): GreedyParams;
export function defaultParams(method: 'sample'): SampleParams;
export function defaultParams(method: 'top-h'): TopHMethodParams;
export function defaultParams(method: 'cgrs'): CgrsMethodParams;
export function defaultParams(method: 'ffs'): FfsMethodParams;
export function defaultParams(method: MethodId): DecodingParams;
export function defaultParams(method: MethodId): DecodingParams {
  const maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
  switch (method) {
    case 'greedy':
      return { method, maxNewTokens };
    case 'sample':
      return { method, maxNewTokens, sampling: { temperature: 0.6, topK: 20, topP: 0.95 } };
    case 'top-h':
      return { method, maxNewTokens, sampling: { temperature: 1.0, topH: { alpha: 0.4, mode: 'paper' } } };
    case 'cgrs':
      return { method, maxNewTokens, sampling: { temperature: 0.6, topP: 0.95 }, cgrs: defaultCgrsParams() };
    case 'ffs':
      return { method, maxNewTokens, sampling: { temperature: 0.6, topP: 0.95 }, ffs: defaultFfsParams() };
  }
}

/** Batch rows a method decodes: FFS n, every other method 1. */
export function rowCount(params: DecodingParams): number {
  return params.method === 'ffs' ? params.ffs.n : 1;
}
