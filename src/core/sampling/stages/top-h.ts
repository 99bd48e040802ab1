import type { Candidates } from '../candidates';
import { orderedPrefixEntropy } from '../probe-stats';
import { statelessStage, type Sampler } from '../sampler';
import type { TopHParams } from '../types';

/**
 * Top-H, entropy-bounded truncation (arXiv 2509.02510; spec §3). Scans the canonical order and stops at the first
 * prefix whose statistic exceeds the threshold; that crossing token is excluded, equality keeps it, the first
 * token is always kept.
 * - 'paper' (Alg. 1+2): statistic H(q_j) = ln Γ_j − h_j / Γ_j of the renormalised prefix, threshold α·H(p) with
 *   H(p) the full-vocabulary entropy. Uncapped: the canonical prefix is extended on demand, a bucket at a time
 *   (heavy tails keep hundreds of tokens).
 * - 'reference' (released `logit_processor.py`): statistic −h_j (unnormalised partial sum), threshold
 *   τ = α·(−Σ p ln p over the first min(topN, #p>0) tokens), at most topN = 100 tokens. Its statistic needs Z
 *   itself, so the stage asks the chain for the exact pass.
 * Γ_j = Σ_{i≤j} p_(i), h_j = Σ_{i≤j} p_(i) ln p_(i). H(q_j) is scale-free, so paper mode works on raw weights.
 */

export const REFERENCE_TOP_N = 100;

export interface TopHCut {
  /** |S| after Top-H. */
  kept: number;
  /** α·H(p) in paper mode (on a bounded row the estimate, within its certified interval), τ in reference mode (nats). */
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

function topNOf(opts: TopHParams): number {
  return opts.topN ?? (opts.mode === 'reference' ? REFERENCE_TOP_N : Infinity);
}

/** The Top-H cut of S (S must be every token, as Top-H runs first). */
export function topHCut(c: Candidates, opts: TopHParams): TopHCut {
  if (opts.mode === 'reference') return referenceCut(c, opts.alpha, Math.min(c.keptSize, topNOf(opts)));
  if (opts.alpha === 1) return { kept: Math.min(c.keptSize, topNOf(opts)), threshold: c.entropy }; // everything with p > 0 (spec §3.3)
  return paperCut(c, opts.alpha, topNOf(opts)) ?? (c.complete(), paperCut(c, opts.alpha, topNOf(opts))!);
}

/**
 * The paper scan against the threshold interval α·[H_low, H_high] (one value once exact). The first j whose
 * statistic exceeds the low end is the cut if it also exceeds the high end: every earlier statistic is ≤ the low
 * end ≤ the exact threshold < this one. Returns null when the interval straddles a statistic or the scan leaves
 * the known prefix; the caller then completes the row and scans again, exactly.
 */
function paperCut(c: Candidates, alpha: number, topN: number): TopHCut | null {
  const low = alpha * c.entropyLow;
  const high = alpha * c.entropyHigh;
  const threshold = alpha * c.entropyEstimate;
  let prefix = c.ensureOrderedKnown(1);
  let keys = prefix.keys;
  let g = keys[0]!;
  let h = g * Math.log(g);
  for (let j = 1; j < topN; j++) {
    if (j >= prefix.length) {
      prefix = c.ensureOrderedKnown(j + 1);
      keys = prefix.keys;
      if (j >= prefix.length) return c.isExact ? { kept: j, threshold } : null; // exact: every token is kept
    }
    const x = keys[j]!;
    g += x;
    h += x * Math.log(x);
    const stat = Math.log(g) - h / g;
    if (stat > low) return stat > high ? { kept: j, threshold } : null;
  }
  return { kept: topN, threshold };
}

function referenceCut(c: Candidates, alpha: number, cap: number): TopHCut {
  const { n, entropy } = orderedPrefixEntropy(c, cap);
  const keys = c.ensureOrdered(n).keys;
  const invZ = 1 / c.total;
  const threshold = alpha * entropy;
  if (alpha === 1) return { kept: n, threshold }; // keep the top N (spec §3.3)
  const p0 = keys[0]! * invZ;
  let h = p0 * Math.log(p0);
  for (let j = 1; j < n; j++) {
    const p = keys[j]! * invZ;
    h += p * Math.log(p);
    if (-h > threshold) return { kept: j, threshold };
  }
  return { kept: n, threshold };
}

export function topH(opts: TopHParams): Sampler {
  assertTopHParams(opts);
  const params: TopHParams = { ...opts };
  return statelessStage('filter', 'top-h', (c: Candidates) => c.keep(topHCut(c, params).kept), params.mode === 'reference' ? 'exact' : 'entropy');
}
