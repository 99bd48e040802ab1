/**
 * Decoding parameters: one serialisable discriminated union over the methods (spec §1.6, §2–§6). Plain
 * data only (JSON round-trips unchanged). What each setting means, its range, default and paper value
 * live once, in the schema (./schema.ts); `validateDecodingParams` (./validate.ts) checks params against
 * it before any model work, and the engine trusts the result. These types give the same data a shape
 * the compiler can check.
 */
import type { SamplingParams, TopHParams } from '../sampling/types';
import type { FieldValue } from './fields';
import { type MethodId } from './limits';
import { setAt } from './paths';
import { SCHEMA } from './schema';

export type { SamplingParams, TopHParams };
export { CGRS_TRIGGER_WORDS, DEFAULT_MAX_NEW_TOKENS, DEFAULT_METHOD_IDS, MAX_NEW_TOKENS_CAP, METHOD_IDS, type MethodId } from './limits';

/** CGRS settings (spec §4, arXiv 2508.05337); ranges, defaults and paper values: ./schema.ts. */
export interface CgrsParams {
  delta: number;
  thinkRatio: number;
  probeSuffix: string;
  probeMaxTokens: number;
  probeTemperature: number;
  certaintyNorm: 'topk' | 'vocab';
  certaintyTopK: number;
  triggerWords: string[];
  /** Probe as an extra batch row (spec §4.10): our extension, not in the paper. */
  batchedProbe: boolean;
}

/** First Finish Search settings (spec §5, arXiv 2505.18149); see ./schema.ts. */
export interface FfsParams {
  n: number;
  k: number;
  requireAnswer: boolean;
  answerKind: 'math' | 'mcq' | 'integer';
}

/** Fields every method shares. */
interface BaseParams {
  /** Trace tokens at most (forced tokens included, probes excluded). */
  maxNewTokens: number;
}

/** Greedy: argmax of the masked logits, ties to the lowest id; no randomness (spec §2). */
export interface GreedyParams extends BaseParams {
  method: 'greedy';
}

/** Baseline sampling: temperature > 0 with optional top-k, top-p, min-p (spec §2). Top-H lives in 'top-h'. */
export interface SampleParams extends BaseParams {
  method: 'sample';
  sampling: SamplingParams;
}

/** Top-H entropy-bounded truncation (spec §3); `sampling.topH` is required, other filters may follow it. */
export interface TopHMethodParams extends BaseParams {
  method: 'top-h';
  sampling: SamplingParams & { topH: TopHParams };
}

/** CGRS on top of any sampler, greedy rows included (spec §4, §6). */
export interface CgrsMethodParams extends BaseParams {
  method: 'cgrs';
  sampling: SamplingParams;
  cgrs: CgrsParams;
}

/** First Finish Search over n stochastic rows (spec §5); greedy rows are rejected (spec §6). */
export interface FfsMethodParams extends BaseParams {
  method: 'ffs';
  sampling: SamplingParams;
  ffs: FfsParams;
}

/** Self-consistency settings (majority voting, the FFS paper's baseline; Wang et al., arXiv 2203.11171). */
export interface VoteParams {
  n: number;
  answerKind: 'math' | 'mcq' | 'integer';
}

/**
 * Self-consistency: n stochastic rows in one batch (FFS's machinery), every row runs to its end, the majority
 * of the extracted answers wins; every row's tokens count, none is discarded.
 */
export interface VoteMethodParams extends BaseParams {
  method: 'vote';
  sampling: SamplingParams;
  vote: VoteParams;
}

/** Budget forcing (s1, arXiv 2501.19393; the FFS paper's baseline): thinking capped at `thinkingTokens`. */
export interface BudgetMethodParams extends BaseParams {
  method: 'budget';
  sampling: SamplingParams;
  budget: { thinkingTokens: number };
}

/**
 * NoWait (arXiv 2506.08343; the CGRS paper's baseline): the reflection triggers are masked at every thinking
 * step, i.e. CGRS with p_suppress = 1 from the first token and no probes.
 */
export interface NoWaitMethodParams extends BaseParams {
  method: 'nowait';
  sampling: SamplingParams;
  nowait: { triggerWords: string[] };
}

export type DecodingParams =
  | GreedyParams | SampleParams | TopHMethodParams | CgrsMethodParams | FfsMethodParams
  | VoteMethodParams | BudgetMethodParams | NoWaitMethodParams;

/** Methods that decode n rows in one batch. */
export type MultiRowParams = FfsMethodParams | VoteMethodParams;

/** Fresh, valid defaults for a method (new objects every call, safe to mutate). */
export function defaultParams(method: 'greedy'): GreedyParams;
export function defaultParams(method: 'sample'): SampleParams;
export function defaultParams(method: 'top-h'): TopHMethodParams;
export function defaultParams(method: 'cgrs'): CgrsMethodParams;
export function defaultParams(method: 'ffs'): FfsMethodParams;
export function defaultParams(method: 'vote'): VoteMethodParams;
export function defaultParams(method: 'budget'): BudgetMethodParams;
export function defaultParams(method: 'nowait'): NoWaitMethodParams;
export function defaultParams(method: MethodId): DecodingParams;
export function defaultParams(method: MethodId): DecodingParams {
  const params: Record<string, unknown> = { method };
  for (const f of SCHEMA[method].fields) {
    if (f.default !== undefined && f.group === undefined) setAt(params, f.path, f.default as FieldValue);
  }
  return params as unknown as DecodingParams;
}

/** Batch rows a method decodes: FFS and vote n, every other method 1. */
export function rowCount(params: DecodingParams): number {
  if (params.method === 'ffs') return params.ffs.n;
  return params.method === 'vote' ? params.vote.n : 1;
}
