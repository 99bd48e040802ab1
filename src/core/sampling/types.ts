/**
 * Parameters of the row sampler (spec §1, §2, §3). Plain data: serialisable, validated once by
 * `validateDecodingParams` (src/core/methods/validate.ts) before any model work.
 */
export interface TopHParams {
  /** Entropy budget as a fraction of H(p), in (0, 1]. Paper default 0.4. */
  alpha: number;
  /** 'paper' (Alg. 1+2, full-vocabulary entropy; default) or 'reference' (released code, top-N terms). */
  mode: 'paper' | 'reference';
  /** Candidate cap; 100 in reference mode, unbounded (Infinity / omitted) in paper mode. */
  topN?: number;
}

export interface SamplingParams {
  /** Temperature T > 0 when sampling; 0 selects greedy (argmax, ties to the lowest id, no randomness). */
  temperature: number;
  /** Keep the k most probable tokens; k >= V is a no-op. Integer >= 1. */
  topK?: number;
  /** Nucleus: shortest canonical prefix with mass >= p, p in (0, 1]; 1 is a no-op. */
  topP?: number;
  /** Keep p_i >= minP * p_max, minP in [0, 1); 0 is a no-op. */
  minP?: number;
  /** Entropy-bounded truncation (Top-H, arXiv 2509.02510); runs first among the filters. */
  topH?: TopHParams;
}
