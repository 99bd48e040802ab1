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
export { CGRS_TRIGGER_WORDS, DEFAULT_MAX_NEW_TOKENS, MAX_NEW_TOKENS_CAP, METHOD_IDS, type MethodId } from './limits';

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

export type DecodingParams = GreedyParams | SampleParams | TopHMethodParams | CgrsMethodParams | FfsMethodParams;

/** Fresh, valid defaults for a method (new objects every call, safe to mutate). */
export function defaultParams(method: 'greedy'): GreedyParams;
export function defaultParams(method: 'sample'): SampleParams;
export function defaultParams(method: 'top-h'): TopHMethodParams;
export function defaultParams(method: 'cgrs'): CgrsMethodParams;
export function defaultParams(method: 'ffs'): FfsMethodParams;
export function defaultParams(method: MethodId): DecodingParams;
export function defaultParams(method: MethodId): DecodingParams {
  const params: Record<string, unknown> = { method };
  for (const f of SCHEMA[method].fields) {
    if (f.default !== undefined && f.group === undefined) setAt(params, f.path, f.default as FieldValue);
  }
  return params as unknown as DecodingParams;
}

/** Batch rows a method decodes: FFS n, every other method 1. */
export function rowCount(params: DecodingParams): number {
  return params.method === 'ffs' ? params.ffs.n : 1;
}
