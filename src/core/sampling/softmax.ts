import { BUCKETS_PER_NAT, EARLY_BUCKETS, EARLY_CAPACITY, MAX_DEPTH_NATS, NO_BUCKET, type CanonicalOrder } from './canonical-order';
import { expInRange } from './exp64';

/**
 * Softmax and entropy of one row in two float64 passes (spec §1.2).
 *
 * pass 1: m = max z_i and its lowest id; pass 2: e_i = exp(z_i − m), Z = Σ e_i, A = Σ e_i·(z_i − m); then
 * p_i = e_i / Z and H(p) = ln Z − A / Z nats. Weights stay unnormalised (e_i, so the argmax has weight 1): every
 * stage works with ratios or with Z, and no third pass over the vocabulary is needed. Masked ids (−∞) and ids
 * more than MAX_DEPTH_NATS (500) below the maximum get weight 0 and add nothing (`0·log 0 = 0`, never `0·(−∞)`).
 * Pass 2 also files each token into its canonical-order bucket (count and mass per bucket) and keeps the ids near
 * the top (canonical-order.ts). exp is `expInRange` (exp64.ts), not Math.exp.
 */

// Module-local copies of imported bindings used in the per-token loops: a CommonJS transpile (tsx, the Node CLI)
// turns every use of an imported binding into a getter call, which costs more than the loop body itself.
const exp = expInRange; // d is in [−500, 0] there (or NaN, which propagates to the NaN check)
const PER_NAT = BUCKETS_PER_NAT;
const DEPTH = -MAX_DEPTH_NATS;
const EARLY = EARLY_BUCKETS;
const EARLY_CAP = EARLY_CAPACITY;
const NONE = NO_BUCKET;

export interface SoftmaxStats {
  /** Z = Σ e_i over the row, e_i = exp(z_i − max z). */
  total: number;
  /** H(p) in nats. */
  entropy: number;
  /** Lowest id with the largest z (the greedy token). */
  argmax: number;
}

/**
 * z_i = source[i] · invTemperature for i < limit (ids at or above `limit` are excluded, i.e. masked).
 * Throws when no token is left or the row holds NaN or +∞. `keepOrder`: this pass completes a row the bounded
 * pass left partly known (see CanonicalOrder.reset).
 */
export function softmaxPass(
  source: Float32Array,
  limit: number,
  invTemperature: number,
  weights: Float64Array,
  order: CanonicalOrder,
  sums: Float64Array,
  keepOrder = false,
): SoftmaxStats {
  const argmax = argmaxPass(source, limit);
  if (argmax < 0) throw new Error('no token left to sample: every logit is masked, -Infinity or NaN');
  order.reset(weights, limit, keepOrder);
  sums.fill(0);
  const max = source[argmax]!;
  for (let from = 0; from < limit; from += CHUNK) {
    expChunk(source, from, Math.min(limit, from + CHUNK), max, invTemperature, weights, order, sums);
  }
  const z = sums[0]!;
  const a = sums[1]!;
  if (!Number.isFinite(z) || !Number.isFinite(a)) {
    throw new Error('logits row contains NaN or +Infinity');
  }
  order.seal((sums[3]! | 0) + 1, sums[2]! | 0); // ints: a double here would change the object's field representation
  return { total: z, entropy: Math.log(z) - a / z, argmax };
}

/**
 * Why chunks: a function whose one long loop runs once per call is optimised by on-stack replacement in the
 * middle of that loop, before the code after it ever ran; V8 (Node 20) then deoptimised at the code after the
 * loop on every call and restarted in the interpreter. A chunk function is called ~40 times per row, gets
 * optimised as a whole, and keeps its state in `sums`.
 */
const CHUNK = 4096;

/** Pass 1: lowest id holding the largest value (NaN never wins); −1 when every value is −∞ or NaN. */
export function argmaxPass(source: Float32Array, limit: number): number {
  let max = -Infinity;
  let argmax = -1;
  for (let i = 0; i < limit; i++) {
    const l = source[i]!;
    if (l > max) {
      max = l;
      argmax = i;
    }
  }
  return argmax;
}

/**
 * Argmax over ids < limit that no mask lists; ties to the lowest id; NaN never wins; -1 when nothing is left.
 * One plain pass when the unmasked argmax is not masked (the usual case: no row copy), else a rescan.
 */
export function maskedArgmax(source: Float32Array, limit: number, masks: readonly ArrayLike<number>[]): number {
  const best = argmaxPass(source, limit);
  if (best < 0 || masks.length === 0) return best;
  const banned = new Set<number>();
  for (const ids of masks) for (let k = 0; k < ids.length; k++) banned.add(ids[k]!);
  if (!banned.has(best)) return best;
  let max = -Infinity;
  let argmax = -1;
  for (let i = 0; i < limit; i++) {
    const l = source[i]!;
    if (l > max && !banned.has(i)) {
      max = l;
      argmax = i;
    }
  }
  return argmax;
}

/** Pass 2 over [from, to): weights, buckets and early ids; sums += [Z, A], sums[2] = early count, sums[3] = deepest. */
function expChunk(
  source: Float32Array,
  from: number,
  to: number,
  max: number,
  invTemperature: number,
  weights: Float64Array,
  order: CanonicalOrder,
  sums: Float64Array,
): void {
  const { bucketOf, counts, masses, early } = order;
  let z = sums[0]!;
  let a = sums[1]!;
  let nearTop = sums[2]!;
  let deepest = sums[3]!;
  for (let i = from; i < to; i++) {
    const d = (source[i]! - max) * invTemperature;
    if (d < DEPTH) {
      weights[i] = 0;
      bucketOf[i] = NONE;
      continue;
    }
    const e = exp(d);
    weights[i] = e;
    z += e;
    a += e * d;
    const b = (-d * PER_NAT) | 0;
    bucketOf[i] = b;
    counts[b]!++;
    masses[b]! += e;
    // Branch-free on purpose (a flat row mixes both outcomes): Math.max is a select; the early id is always
    // written, and kept by advancing nearTop (sign bit of b − EARLY_BUCKETS) only when b < EARLY_BUCKETS.
    deepest = Math.max(deepest, b);
    early[Math.min(nearTop, EARLY_CAP)] = i;
    nearTop += (b - EARLY) >>> 31;
  }
  sums[0] = z;
  sums[1] = a;
  sums[2] = nearTop;
  sums[3] = deepest;
}

/**
 * The same statistics for a row that is already a probability vector (any positive scale): weights
 * w_i = p_i / p_max and log-weights ln p_i − ln p_max. Used by `topHSelect`; not on the per-token path.
 */
export function probabilityPass(probs: ArrayLike<number>, weights: Float64Array, order: CanonicalOrder): SoftmaxStats {
  let max = 0;
  let argmax = -1;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!(p >= 0 && p < Infinity)) throw new Error(`probabilities must be finite and >= 0, got ${p} at id ${i}`);
    if (p > max) {
      max = p;
      argmax = i;
    }
  }
  if (argmax < 0) throw new Error('probabilities are all zero');
  order.reset(weights, probs.length);
  const { bucketOf, counts, masses } = order;
  const logMax = Math.log(max);
  let deepest = 0;
  let z = 0;
  let a = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    const d = p > 0 ? Math.log(p) - logMax : -Infinity;
    if (!(d >= DEPTH)) {
      weights[i] = 0;
      bucketOf[i] = NONE;
      continue;
    }
    const w = p / max;
    weights[i] = w;
    z += w;
    a += w * d;
    const b = (-d * PER_NAT) | 0;
    bucketOf[i] = b;
    counts[b]!++;
    masses[b]! += w;
    deepest = Math.max(deepest, b);
  }
  order.seal(deepest + 1, EARLY_CAPACITY + 1); // no early ids: gathers pass over the vector
  return { total: z, entropy: Math.log(z) - a / z, argmax };
}
