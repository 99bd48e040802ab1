import { exp64 } from './exp64';

/**
 * A cheap e^(−y/64) for the bulk of the vocabulary in the bounded softmax pass (bounded-pass.ts), with a proven
 * error bound instead of last-bit accuracy.
 *
 * y is a depth below the maximum in 1/64-nat units. With k = ⌊y⌋, t = y − k and u = t/64 ∈ [0, 1/64):
 * e^(−y/64) = TABLE[k] · e^(−u), and e^(−u) is replaced by its quadratic Taylor polynomial
 * P(u) = 1 − u + u²/2 = 1 − t·(C1 − C2·t). The remainder e^(−u) − P(u) = −e^(−ξ)·u³/6 lies in [−u³/6, 0], so the
 * relative error is below (1/64)³/6 · e^(1/64) < 6.5e-7; TABLE entries (exp64, within 2 ulp) and the few roundings
 * add < 1e-14. `APPROX_RELATIVE_ERROR` (1e-6) covers both. (A cubic term would tighten this to 3e-9 but measured
 * ~25% slower per token: the loop is bound by its dependency chain.) Depths at or beyond TABLE_DEPTH_NATS (40)
 * read TABLE[TABLE_LIMIT] = 0; each such token truly weighs at most e^−40 (< 4.3e-18 of the maximum), which the
 * pass adds to its bounds by count.
 */

export const TABLE_STEPS_PER_NAT = 64;
export const TABLE_DEPTH_NATS = 40;
/** Index of the zero entry; depths are clamped to it. */
export const TABLE_LIMIT = TABLE_DEPTH_NATS * TABLE_STEPS_PER_NAT;
/** Bound on |approximate − exact| / exact for one bulk weight, rescaling included (see above). */
export const APPROX_RELATIVE_ERROR = 1e-6;
/** P(u) = 1 − t·(TAYLOR_C1 − TAYLOR_C2·t) with t = 64u. */
export const TAYLOR_C1 = 1 / TABLE_STEPS_PER_NAT;
export const TAYLOR_C2 = 0.5 / (TABLE_STEPS_PER_NAT * TABLE_STEPS_PER_NAT);

/** TABLE[k] = e^(−k/64) for k < TABLE_LIMIT; TABLE[TABLE_LIMIT] = 0. */
export const EXP_TABLE = new Float64Array(TABLE_LIMIT + 1);
for (let k = 0; k < TABLE_LIMIT; k++) EXP_TABLE[k] = exp64(-k / TABLE_STEPS_PER_NAT);
