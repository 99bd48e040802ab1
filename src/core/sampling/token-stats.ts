import type { Candidates } from './candidates';

/** How many alternatives a TokenStats record lists. */
export const TOKEN_STATS_TOP = 5;

/**
 * Per-token statistics for the page (issue 15): one preallocated record per row, refilled by
 * `RowSampler.next(logits, step, stats)` on every step it is passed to. All probabilities are of the tempered,
 * masked distribution p the sampler used, before the filters (greedy rows: T = 1).
 */
export class TokenStats {
  /** The token the selector chose. */
  token = -1;
  /** p of `token`. */
  p = NaN;
  /** H(p), nats. */
  entropy = NaN;
  /** The TOKEN_STATS_TOP most probable tokens in canonical order (descending p, ties by id) and their p. */
  readonly topIds = new Int32Array(TOKEN_STATS_TOP);
  readonly topProbs = new Float64Array(TOKEN_STATS_TOP);
  /** Valid entries of topIds / topProbs (fewer when fewer tokens have p > 0). */
  topCount = 0;
  /** |S| after the filters, or -1 when the chain has no filter (S = every token with p > 0). */
  kept = -1;
  /**
   * true: p and entropy are the exact pass's values. false: the row was sampled from the bounded pass and they are
   * its estimates (Z and H(p) are certified to within about 2e-6 relative; p and entropy are within 1e-5·(1 + x)
   * of the exact x). The token, |S| and the order of the alternatives are exact either way.
   */
  exact = false;
}

/**
 * Fills `out` from a row the chain has just sampled (`token`), reading what the pass already has: Z and H(p) (or
 * their bounded estimates), the chosen token's weight and the first TOKEN_STATS_TOP canonical positions, which the
 * bounded pass's known prefix holds unless the 5th token shares a bucket with the 32nd (it covers the 10 nats below
 * the maximum and every bucket above the 32nd most probable token's). A greedy row skipped the softmax; it runs here.
 */
export function fillTokenStats(c: Candidates, token: number, filtered: boolean, out: TokenStats): void {
  if (!c.isNormalised) c.normalise();
  let prefix = c.ensureOrderedKnown(TOKEN_STATS_TOP);
  if (prefix.length < TOKEN_STATS_TOP && !c.isExact) prefix = c.ensureOrdered(TOKEN_STATS_TOP);
  const invZ = 1 / c.totalEstimate;
  const n = Math.min(TOKEN_STATS_TOP, prefix.length);
  for (let j = 0; j < n; j++) {
    out.topIds[j] = prefix.ids[j]!;
    out.topProbs[j] = prefix.keys[j]! * invZ;
  }
  out.topCount = n;
  out.token = token;
  out.p = c.weightOf(token) * invZ;
  out.entropy = c.entropyEstimate;
  out.kept = filtered ? c.keptSize : -1;
  out.exact = c.isExact;
}
