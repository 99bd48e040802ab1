import { BUCKET_COUNT, BUCKETS_PER_NAT, MAX_DEPTH_NATS, type CanonicalOrder } from './canonical-order';
import { exp64, expInRange } from './exp64';
import { EXP_TABLE, TABLE_LIMIT, TABLE_STEPS_PER_NAT, TAYLOR_C1, TAYLOR_C2 } from './exp-table';

/**
 * The bounded softmax pass: one pass over the row instead of the exact pass's max pass plus exp-and-file pass,
 * computing exact weights only for the head of the distribution and certified bounds for the rest.
 *
 * Per token it compares the logit with a running bar. Above the bar ("head": within HEAD_DEPTH_NATS of the running
 * maximum, or among the HEAD_MIN_TOKENS largest logits so far) the id is listed; below it the weight is
 * approximated with exp-table.ts relative to the running maximum and summed (Σ e, and Σ e·depth when the row needs
 * H(p); both rescaled by exp64 whenever the maximum rises). After the pass `fileHead` computes the head's weights exactly as the exact
 * pass would (same expression, same exp64), files them into the canonical-order buckets, and keeps the buckets
 * above the final threshold — all of whose tokens were listed — as a known canonical prefix.
 *
 * Why it is cheaper: the bulk costs a table look-up and a short polynomial, no exp64 and no stores; the exact
 * pass also writes four arrays per token.
 */

export const HEAD_DEPTH_NATS = 10;
export const HEAD_MIN_TOKENS = 32;
/** A head larger than this (a flat row) makes the caller run the exact pass instead. */
export const HEAD_CAPACITY = 32768;

// Module-local copies: a CommonJS transpile (tsx) would call a getter per use of an imported binding.
const TABLE = EXP_TABLE;
const LIMIT = TABLE_LIMIT;
const STEPS = TABLE_STEPS_PER_NAT;
const C1 = TAYLOR_C1;
const C2 = TAYLOR_C2;
const CAP = HEAD_CAPACITY;
const LAST_TOP = HEAD_MIN_TOKENS - 1;
const expSafe = exp64;
const exp = expInRange;
const PER_NAT = BUCKETS_PER_NAT;
const DEPTH = -MAX_DEPTH_NATS;
const CHUNK = 4096;
const SAMPLE_STRIDE = 61;

// Slots of BoundedPass.state (the chunk function's locals between calls).
const Z = 0;
const AY = 1;
const COUNT = 2;
const MAX = 3;
const BAR = 4;
const ARGMAX = 5;
const START = 6;

/** Scratch and results of the bounded pass for one row; reused for every row. */
export class BoundedPass {
  /** Ids listed above the bar, ascending: a superset of every token whose logit exceeds `threshold`. */
  readonly head = new Int32Array(CAP);
  headCount = 0;
  /** The HEAD_MIN_TOKENS largest logits seen so far, descending. */
  readonly top = new Float64Array(HEAD_MIN_TOKENS);
  readonly state = new Float64Array(7);
  /** Largest logit and the lowest id holding it. */
  max = -Infinity;
  argmax = -1;
  /** Σ approximate e and Σ e·y (y = depth in 1/64 nat; NaN when not asked for) below the bar, relative to `max`. */
  bulkTotal = 0;
  bulkDepthSum = 0;
  /** min(max − HEAD_DEPTH_NATS·T, HEAD_MIN_TOKENS-th largest logit): every logit above it is in `head`. */
  threshold = -Infinity;

  /**
   * Runs the pass over source[0, limit) at 1/T = invTemperature. Returns false when the head outgrew
   * HEAD_CAPACITY (the caller then runs the exact pass). Throws like the exact pass on rows with no finite
   * logit, NaN or +∞.
   */
  run(source: Float32Array, limit: number, invTemperature: number, withEntropy: boolean): boolean {
    // The bulk formula needs a finite running maximum: skip leading −∞ (and catch leading NaN).
    let start = 0;
    let sawNaN = false;
    while (start < limit && !(source[start] > -Infinity)) {
      if (source[start] !== source[start]) sawNaN = true;
      start++;
    }
    if (start === limit) throw new Error('no token left to sample: every logit is masked, -Infinity or NaN');
    if (sawNaN) throw new Error('logits row contains NaN or +Infinity');
    // Start the running maximum and the top list from a strided sample (ids start + k·SAMPLE_STRIDE, which the
    // pass then leaves out of the top list): the bar starts near its final height, so the head list holds little
    // more than the final head.
    const top = this.top;
    top.fill(-Infinity);
    let max = source[start];
    let argmax = start;
    for (let i = start; i < limit; i += SAMPLE_STRIDE) {
      const l = source[i];
      if (l > max) {
        max = l;
        argmax = i;
      }
      if (l > top[LAST_TOP]) insertTop(top, l);
    }
    const headDepth = HEAD_DEPTH_NATS / invTemperature; // in logits
    const s = this.state;
    s[Z] = 0;
    s[AY] = 0;
    s[COUNT] = 0;
    s[MAX] = max;
    s[BAR] = Math.min(max - headDepth, top[LAST_TOP]);
    s[ARGMAX] = argmax;
    s[START] = start;
    const scale = STEPS * invTemperature;
    const chunk = withEntropy ? passChunk : passChunkTotal;
    for (let from = start; from < limit; from += CHUNK) {
      if (!chunk(source, from, Math.min(limit, from + CHUNK), invTemperature, scale, headDepth, s, this.head, this.top)) return false;
    }
    this.headCount = s[COUNT];
    this.max = s[MAX];
    this.argmax = s[ARGMAX];
    this.bulkTotal = s[Z];
    this.bulkDepthSum = withEntropy ? s[AY] : NaN;
    if (this.max === Infinity || !Number.isFinite(this.bulkTotal) || (withEntropy && !Number.isFinite(this.bulkDepthSum))) {
      throw new Error('logits row contains NaN or +Infinity');
    }
    this.threshold = Math.min(this.max - headDepth, this.top[LAST_TOP]);
    return true;
  }
}

/**
 * One chunk of the pass (chunks, not one long loop: see softmax.ts on V8's on-stack replacement). Returns false
 * on head overflow. The hot loop keeps only the bulk arithmetic; a token above the bar goes to `enterHead`, which
 * works on the state array, so that its code does not crowd the loop's registers.
 */
function passChunk(
  source: Float32Array,
  from: number,
  to: number,
  invT: number,
  scale: number,
  headDepth: number,
  s: Float64Array,
  head: Int32Array,
  top: Float64Array,
): boolean {
  let z = s[Z];
  let ay = s[AY];
  let max = s[MAX];
  let bar = s[BAR];
  const table = TABLE;
  for (let i = from; i < to; i++) {
    const l = source[i];
    if (l > bar) {
      s[Z] = z;
      s[AY] = ay;
      if (!enterHead(i, l, invT, headDepth, s, head, top)) return false;
      z = s[Z];
      ay = s[AY];
      max = s[MAX];
      bar = s[BAR];
      continue;
    }
    let y = (max - l) * scale;
    if (y > LIMIT) y = LIMIT; // −∞ and tails beyond 40 nats read the zero entry; NaN stays NaN and poisons z
    const k = y | 0;
    const t = y - k;
    const e = table[k] * (1 - t * (C1 - C2 * t));
    z += e;
    ay += e * y;
  }
  s[Z] = z;
  s[AY] = ay;
  return true;
}

/** passChunk without Σ e·y, for rows that do not need H(p) (one multiply-add less per token). */
function passChunkTotal(
  source: Float32Array,
  from: number,
  to: number,
  invT: number,
  scale: number,
  headDepth: number,
  s: Float64Array,
  head: Int32Array,
  top: Float64Array,
): boolean {
  let z = s[Z];
  let max = s[MAX];
  let bar = s[BAR];
  const table = TABLE;
  for (let i = from; i < to; i++) {
    const l = source[i];
    if (l > bar) {
      s[Z] = z;
      if (!enterHead(i, l, invT, headDepth, s, head, top)) return false;
      z = s[Z];
      max = s[MAX];
      bar = s[BAR];
      continue;
    }
    let y = (max - l) * scale;
    if (y > LIMIT) y = LIMIT;
    const k = y | 0;
    const t = y - k;
    z += table[k] * (1 - t * (C1 - C2 * t));
  }
  s[Z] = z;
  return true;
}

/** Lists token i (logit l) in the head and updates the maximum, the top list and the bar; false on overflow. */
function enterHead(i: number, l: number, invT: number, headDepth: number, s: Float64Array, head: Int32Array, top: Float64Array): boolean {
  const n = s[COUNT];
  if (n === CAP) return false;
  head[n] = i;
  s[COUNT] = n + 1;
  let max = s[MAX];
  if (l > max) {
    // New maximum: the bulk sums are relative to it. e' = e·f, y' = y + shift·64, so Σe'y' = f(Σey + shift·64·Σe).
    const shift = (l - max) * invT;
    const f = expSafe(-shift);
    s[AY] = f * (s[AY] + shift * STEPS * s[Z]);
    s[Z] *= f;
    s[MAX] = max = l;
    s[ARGMAX] = i;
  } else if (l === max && i < s[ARGMAX]) {
    s[ARGMAX] = i; // the sample may have set the maximum from a later id: ties go to the lowest id
  }
  if (l > top[LAST_TOP] && (i - s[START]) % SAMPLE_STRIDE !== 0) insertTop(top, l); // sampled ids are in already
  s[BAR] = Math.min(max - headDepth, top[LAST_TOP]);
  return true;
}

/** Inserts l into the descending list `top`, dropping its last entry. */
function insertTop(top: Float64Array, l: number): void {
  let j = LAST_TOP;
  while (j > 0 && top[j - 1] < l) {
    top[j] = top[j - 1];
    j--;
  }
  top[j] = l;
}

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
    const i = head[k];
    const d = (source[i] - max) * invTemperature;
    if (d < DEPTH) continue; // weight 0 and no bucket, as in the exact pass
    const b = (-d * PER_NAT) | 0;
    if (b < known) {
      const e = exp(d);
      weights[i] = e;
      bucketOf[i] = b;
      counts[b]++;
      masses[b] += e;
      early[count++] = i;
      end = Math.max(end, b + 1);
      zh += e;
      ah += e * d;
    } else {
      // Listed while the running maximum was lower, or in the partial bucket: it only enters the bounds.
      let y = -d * STEPS;
      if (y > LIMIT) y = LIMIT;
      const k = y | 0;
      const t = y - k;
      const e = TABLE[k] * (1 - t * (C1 - C2 * t));
      zr += e;
      ar += e * d;
    }
  }
  return { known, end, count, headTotal: zh, headDepthSum: ah, restTotal: zr, restDepthSum: ar };
}

/**
 * Runs both chunk functions once, on a tiny row that takes every branch, when the module loads. Why: the first real
 * row's 4096-token chunk makes V8 compile the chunk function mid-loop (on-stack replacement) before the code after
 * the loop ever ran; without type feedback there, Node 20 deoptimised at that code on every later call (measured:
 * 3–5× slower passes). One interpreted run gives every path its feedback.
 */
function warmUp(): void {
  const row = new Float32Array(96);
  for (let i = 0; i < row.length; i++) row[i] = i % 7 === 0 ? -Infinity : -0.5 * i + (i % 5);
  row[90] = 60; // a new maximum after many bulk tokens (rescaling), with top-list insertions on the way
  const pass = new BoundedPass();
  pass.run(row, row.length, 1, true);
  pass.run(row, row.length, 1, false);
}
warmUp();
