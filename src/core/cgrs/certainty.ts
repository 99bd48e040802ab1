/**
 * CGRS certainty and suppression probability (spec §4.5, §4.6). Pure maths over the probe's per-position
 * statistics; the engine takes them from the row sampler (`entropy`, `topKEntropy`) at the probe temperature.
 */

/** Statistics of one probe position's next-token distribution P_i (nats). */
export interface ProbePositionStats {
  /** Full-vocabulary entropy H(P_i). */
  entropy: number;
  /** −Σ over the top-K of P_i of p ln p, NOT renormalised (K = cgrs.certaintyTopK). */
  topKEntropy: number;
}

export type CertaintyNorm = 'topk' | 'vocab';

export interface CertaintyOptions {
  norm: CertaintyNorm;
  /** K of the 'topk' normalisation (≥ 2). */
  topK: number;
  /** |V| of the 'vocab' normalisation: the model config's vocabulary size (≥ 2). */
  vocabSize: number;
}

/**
 * C ∈ [0, 1] from m probe positions. Position 0 (predicting the expected `{`) is skipped; m ≤ 1 ⇒ C = 0.
 * - 'topk' (reference code): C = 1 − mean_{i≥1} H̃_i / ln K.
 * - 'vocab' (paper, third-party quote): C = 1 − mean_{i≥1} H(P_i) / ln |V|.
 * The result is clamped to [0, 1]: the unnormalised top-K entropy can exceed ln K (for K = 2 up to
 * 2/e ≈ 0.736 > ln 2, with two tokens at p = 1/e), and rounding can too.
 */
export function certainty(stats: readonly ProbePositionStats[], options: CertaintyOptions): number {
  const denominator = options.norm === 'topk' ? Math.log(options.topK) : Math.log(options.vocabSize);
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new RangeError(`certainty: ${options.norm === 'topk' ? 'topK' : 'vocabSize'} must be ≥ 2`);
  }
  const m = stats.length;
  if (m <= 1) return 0;
  let sum = 0;
  for (let i = 1; i < m; i++) {
    const position = stats[i]!;
    const h = options.norm === 'topk' ? position.topKEntropy : position.entropy;
    if (!Number.isFinite(h) || h < 0) {
      throw new RangeError(`certainty: probe position ${i} has an invalid ${options.norm === 'topk' ? 'topKEntropy' : 'entropy'} (${h})`);
    }
    sum += h;
  }
  const c = 1 - sum / (m - 1) / denominator;
  return Math.min(1, Math.max(0, c));
}

/**
 * p_sup = max(0, (C − δ) / (1 − δ)) (reference code); δ = 1 (or C ≤ δ) ⇒ 0, C = 1 > δ ⇒ 1.
 */
export function suppressionProbability(c: number, delta: number): number {
  if (!(c > delta) || delta >= 1) return 0;
  return Math.min(1, (c - delta) / (1 - delta));
}

/**
 * Batched-probe rollback point (spec §4.10, project extension): given the suppression draws u_s of the
 * speculative steps (in order), the index of the first step whose decision `[u < pOld]` differs from the
 * correct `[u < pNew]`, or -1 when every speculative step stands.
 */
export function firstDisagreement(draws: ArrayLike<number>, pOld: number, pNew: number): number {
  if (pOld === pNew) return -1;
  for (let s = 0; s < draws.length; s++) {
    const u = draws[s]!;
    if (u < pOld !== u < pNew) return s;
  }
  return -1;
}
