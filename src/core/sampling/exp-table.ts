import { exp64 } from './exp64';

/**
 * A cheap e^(−y/512) for the bulk of the vocabulary in the bounded softmax pass (bounded-pass.ts), with a proven
 * error bound instead of last-bit accuracy.
 *
 * y is a depth below the maximum in 1/512-nat units. With k = ⌊y⌋, t = y − k and u = t/512 ∈ [0, 1/512):
 * e^(−y/512) = TABLE[k] · e^(−u), and e^(−u) is replaced by 1 − u = 1 − t·TAYLOR_C1. The remainder
 * e^(−u) − (1 − u) = e^(−ξ)·u²/2 lies in [0, u²/2], so the relative error is below (1/512)²/2 · e^(1/512) < 1.92e-6;
 * TABLE entries (exp64, within 2 ulp) and the few roundings add < 1e-14. `APPROX_RELATIVE_ERROR` (2.5e-6) covers
 * both. Why first order on a 256 KB table: the loop is bound by its per-token dependency chain, and measured ~30%
 * faster than a quadratic on a 64-per-nat table (a cubic was slower still). Why 64 nats deep: tokens beyond the
 * table take a clamp branch, and a row whose tail straddles the table's end mispredicts it on half its tokens
 * (measured: up to 3× slower rows at T 0.6 with a 30-nat table); LLM rows at T ≥ 0.5 rarely reach 64 nats. Depths
 * at or beyond TABLE_DEPTH_NATS read TABLE[TABLE_LIMIT] = 0; each such token truly weighs at most e^−64 of the
 * maximum, which the pass adds to its bounds by count.
 */

export const TABLE_STEPS_PER_NAT = 512;
export const TABLE_DEPTH_NATS = 64;
/** Index of the zero entry; depths are clamped to it. */
export const TABLE_LIMIT = TABLE_DEPTH_NATS * TABLE_STEPS_PER_NAT;
/** Bound on |approximate − exact| / exact for one bulk weight, rescaling included (see above). */
export const APPROX_RELATIVE_ERROR = 2.5e-6;
/** e^(−u) ≈ 1 − t·TAYLOR_C1 with t = 512u. */
export const TAYLOR_C1 = 1 / TABLE_STEPS_PER_NAT;

/** TABLE[k] = e^(−k/512) for k < TABLE_LIMIT; TABLE[TABLE_LIMIT] = 0. */
export const EXP_TABLE = new Float64Array(TABLE_LIMIT + 1);
for (let k = 0; k < TABLE_LIMIT; k++) EXP_TABLE[k] = exp64(-k / TABLE_STEPS_PER_NAT);
