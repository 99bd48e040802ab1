import type { Candidates } from '../candidates';
import type { FilterStage } from '../chain';
import type { TopHParams } from '../types';
import { orderedPrefixEntropy } from '../probe-stats';

/**
 * Top-H, entropy-bounded truncation (arXiv 2509.02510; spec §3). Scans the canonical order and stops at the first
 * prefix whose statistic exceeds the threshold; that crossing token is excluded, equality keeps it, the first
 * token is always kept.
 * - 'paper' (Alg. 1+2): statistic H(q_j) = ln Γ_j − h_j / Γ_j of the renormalised prefix, threshold α·H(p) with
 *   H(p) the full-vocabulary entropy. Uncapped: the canonical prefix is extended on demand, a bucket at a time
 *   (heavy tails keep hundreds of tokens).
 * - 'reference' (released `logit_processor.py`): statistic −h_j (unnormalised partial sum), threshold
 *   τ = α·(−Σ p ln p over the first min(topN, #p>0) tokens), at most topN = 100 tokens.
 * Γ_j = Σ_{i≤j} p_(i), h_j = Σ_{i≤j} p_(i) ln p_(i). H(q_j) is scale-free, so paper mode works on raw weights.
 */

export const REFERENCE_TOP_N = 100;

export interface TopHCut {
  /** |S| after Top-H. */
  kept: number;
  /** α·H(p) in paper mode, τ in reference mode (nats). */
  threshold: number;
}

export function assertTopHParams(opts: TopHParams): void {
  if (!(opts.alpha > 0 && opts.alpha <= 1)) throw new Error(`topH.alpha must be in (0, 1], got ${opts.alpha}`);
  if (opts.mode !== 'paper' && opts.mode !== 'reference') {
    throw new Error(`topH.mode must be 'paper' or 'reference', got '${String(opts.mode)}'`);
  }
  const n = opts.topN;
  if (n !== undefined && n !== Infinity && !(Number.isInteger(n) && n >= 1)) {
    throw new Error(`topH.topN must be an integer >= 1 or Infinity, got ${n}`);
  }
}

function candidateCap(c: Candidates, opts: TopHParams): number {
  const topN = opts.topN ?? (opts.mode === 'reference' ? REFERENCE_TOP_N : Infinity);
  return Math.min(c.keptSize, topN);
}

/** The Top-H cut of S (S must be every token, as Top-H runs first). */
export function topHCut(c: Candidates, opts: TopHParams): TopHCut {
  return opts.mode === 'paper' ? paperCut(c, opts.alpha, candidateCap(c, opts)) : referenceCut(c, opts.alpha, candidateCap(c, opts));
}

function paperCut(c: Candidates, alpha: number, cap: number): TopHCut {
  const threshold = alpha * c.entropy;
  if (alpha === 1) return { kept: cap, threshold }; // keep everything with p > 0 (spec §3.3)
  const keys = c.keys;
  c.ensureOrdered(1);
  let ordered = c.orderedLength();
  let g = keys[0];
  let h = g * Math.log(g);
  for (let j = 1; j < cap; j++) {
    if (j >= ordered) {
      c.ensureOrdered(j + 1);
      ordered = c.orderedLength();
    }
    const x = keys[j];
    g += x;
    h += x * Math.log(x);
    if (Math.log(g) - h / g > threshold) return { kept: j, threshold };
  }
  return { kept: cap, threshold };
}

function referenceCut(c: Candidates, alpha: number, cap: number): TopHCut {
  const { n, entropy } = orderedPrefixEntropy(c, cap);
  const keys = c.keys;
  const invZ = 1 / c.total;
  const threshold = alpha * entropy;
  if (alpha === 1) return { kept: n, threshold }; // keep the top N (spec §3.3)
  const p0 = keys[0] * invZ;
  let h = p0 * Math.log(p0);
  for (let j = 1; j < n; j++) {
    const p = keys[j] * invZ;
    h += p * Math.log(p);
    if (-h > threshold) return { kept: j, threshold };
  }
  return { kept: n, threshold };
}

export function topH(opts: TopHParams): FilterStage {
  assertTopHParams(opts);
  const params: TopHParams = { ...opts };
  return {
    name: 'top-h',
    apply(c: Candidates): void {
      c.keep(topHCut(c, params).kept);
    },
  };
}
