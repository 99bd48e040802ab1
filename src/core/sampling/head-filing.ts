import { BUCKET_COUNT, BUCKETS_PER_NAT, MAX_DEPTH_NATS, type CanonicalOrder } from './canonical-order';
import type { BoundedPass } from './bounded-pass';
import { expInRange } from './exp64';
import { EXP_TABLE, TABLE_LIMIT, TABLE_STEPS_PER_NAT, TAYLOR_C1 } from './exp-table';

// Module-local copies: a CommonJS transpile (tsx) would call a getter per use of an imported binding.
const exp = expInRange;
const PER_NAT = BUCKETS_PER_NAT;
const DEPTH = -MAX_DEPTH_NATS;
const TABLE = EXP_TABLE;
const LIMIT = TABLE_LIMIT;
const STEPS = TABLE_STEPS_PER_NAT;
const C1 = TAYLOR_C1;

/** What `fileHead` found: the known prefix and the exact sums of the listed tokens. */
export interface FiledHead {
  /** Buckets [0, known) are complete: every token in them is filed. BUCKET_COUNT means every token with p > 0. */
  known: number;
  /** One past the deepest bucket filed (≤ known). */
  end: number;
  /** Tokens filed (= positions of the known prefix), written to order.early in id order. */
  count: number;
  /** Σ e and Σ e·d over the filed tokens, in id order (as the exact pass sums them). */
  headTotal: number;
  headDepthSum: number;
  /** Σ e and Σ e·d over listed tokens below the known buckets, with exp-table.ts weights (same error bound). */
  restTotal: number;
  restDepthSum: number;
}

/**
 * Files the head of a finished pass into `order` with the exact pass's arithmetic (d = (l − max)·invT, its bucket,
 * weight exp64(d)), so the known prefix is bit for bit what the exact pass would produce. Buckets below the one
 * holding the threshold are complete: a token there has a larger d than the threshold's, hence a larger logit
 * (d is non-decreasing in the logit), hence was listed.
 */
export function fileHead(
  source: Float32Array,
  invTemperature: number,
  pass: BoundedPass,
  weights: Float64Array,
  order: CanonicalOrder,
): FiledHead {
  const max = pass.max;
  const dThreshold = (pass.threshold - max) * invTemperature;
  const known = dThreshold < DEPTH ? BUCKET_COUNT : Math.min(BUCKET_COUNT, (-dThreshold * PER_NAT) | 0);
  const { bucketOf, counts, masses, early } = order;
  const head = pass.head;
  let count = 0;
  let end = 0;
  let zh = 0;
  let ah = 0;
  let zr = 0;
  let ar = 0;
  for (let k = 0; k < pass.headCount; k++) {
    const i = head[k]!;
    const d = (source[i]! - max) * invTemperature;
    if (d < DEPTH) continue; // weight 0 and no bucket, as in the exact pass
    const b = (-d * PER_NAT) | 0;
    if (b < known) {
      const e = exp(d);
      weights[i] = e;
      bucketOf[i] = b;
      counts[b]!++;
      masses[b]! += e;
      early[count++] = i;
      end = Math.max(end, b + 1);
      zh += e;
      ah += e * d;
    } else {
      // Listed while the running maximum was lower, or in the partial bucket: it only enters the bounds.
      let y = -d * STEPS;
      if (y > LIMIT) y = LIMIT;
      const k = y | 0;
      const e = TABLE[k]! * (1 - (y - k) * C1);
      zr += e;
      ar += e * d;
    }
  }
  return { known, end, count, headTotal: zh, headDepthSum: ah, restTotal: zr, restDepthSum: ar };
}
