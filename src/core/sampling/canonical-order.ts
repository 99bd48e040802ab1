import { sortCanonical } from './sort-canonical';

/**
 * Canonical order (descending p, ties by ascending id; spec §1.3) of one row's tokens, built on demand without
 * sorting the vocabulary.
 *
 * The softmax pass files every token with p > 0 into a bucket by its tempered log-weight `d = z − max z ≤ 0`:
 * `bucket = ⌊−d · 128⌋` (128 buckets per nat: weights within a bucket differ by less than 0.8%), and sums each
 * bucket's count and mass. Bucket order is canonical order at bucket granularity, and position j of the canonical
 * order lies in the bucket b with starts[b] ≤ j < starts[b + 1]. So a stage cutting by count or by mass (top-k,
 * top-p, the sampling walk) finds its bucket from the sums alone, then gathers and sorts that one bucket; only
 * scans that read token after token (Top-H, the top-K entropy) materialise a whole prefix.
 *
 * Gathering bucket b means writing its ids (ascending) to ids[starts[b], starts[b + 1]): one pass over the
 * vocabulary for any set of buckets, or none for buckets within EARLY_DEPTH_NATS of the maximum, whose ids the
 * softmax pass already kept (while there are at most EARLY_CAPACITY of them). Prefix growth follows spec §1.3 at
 * bucket granularity: at least 512 positions and 4× what is gathered per pass (a pass costs the same whatever it
 * gathers, so the first one takes more than the spec's heap-based 64).
 *
 * Sums over a prefix are "bucket-grouped" (whole buckets in id order, the cut bucket in canonical order); they
 * differ from strict canonical-order sums only in rounding, and every stage uses the same grouping.
 */

export const BUCKETS_PER_NAT = 128;
/** Tokens more than 500 nats below the maximum (p < 1e-217 · p_max) get weight 0 and no bucket. */
export const MAX_DEPTH_NATS = 500;
export const BUCKET_COUNT = MAX_DEPTH_NATS * BUCKETS_PER_NAT + 1;
export const NO_BUCKET = 0xffff; // above BUCKET_COUNT, so bucket ids fit a Uint16Array
export const EARLY_DEPTH_NATS = 10;
export const EARLY_BUCKETS = EARLY_DEPTH_NATS * BUCKETS_PER_NAT;
export const EARLY_CAPACITY = 4096;
const FIRST_GATHER = 512;
const GROWTH = 4;

export class CanonicalOrder {
  /** Token ids by canonical position; valid for gathered buckets, in canonical order for sorted ones. */
  readonly ids: Int32Array;
  /** keys[j] = weight of ids[j], stored beside it so that sorts and scans read memory in order. */
  readonly keys: Float64Array;
  /** Bucket of each token id, NO_BUCKET for p = 0. Written by the softmax pass. */
  readonly bucketOf: Uint16Array;
  /** Tokens per bucket. Written by the softmax pass. */
  readonly counts = new Int32Array(BUCKET_COUNT);
  /** Σ weights per bucket, in id order. Written by the softmax pass. */
  readonly masses = new Float64Array(BUCKET_COUNT);
  /** Ids (ascending) of the tokens in buckets below EARLY_BUCKETS, plus one slot the pass may scribble on. */
  readonly early = new Int32Array(EARLY_CAPACITY + 1);
  /** starts[b] = position of bucket b's first token = tokens in buckets before b. */
  private readonly starts = new Int32Array(BUCKET_COUNT + 1);
  private readonly cursor = new Int32Array(BUCKET_COUNT);
  /** gatheredAt[b] / sortedAt[b] === generation ⇔ bucket b is gathered / sorted in this row step. */
  private readonly gatheredAt = new Int32Array(BUCKET_COUNT);
  private readonly sortedAt = new Int32Array(BUCKET_COUNT);
  private generation = 0;
  /** Buckets [0, prefixGathered) are all gathered; [0, prefixSorted) all sorted. */
  private prefixGathered = 0;
  private prefixSorted = 0;
  /** Tokens the softmax pass saw below EARLY_BUCKETS; above EARLY_CAPACITY `early` is incomplete. */
  private earlyCount = 0;
  /** One past the last non-empty bucket. */
  private end = 0;
  private weights: Float64Array;
  private limit = 0;
  /** Tokens with p > 0 (= positions of the canonical order). */
  nonzero = 0;

  constructor(vocabSize: number, weights: Float64Array) {
    this.ids = new Int32Array(vocabSize);
    this.keys = new Float64Array(vocabSize);
    this.bucketOf = new Uint16Array(vocabSize).fill(NO_BUCKET);
    this.weights = weights;
  }

  /** Called by the softmax pass before it fills bucketOf, counts, masses and early. */
  reset(weights: Float64Array, limit: number): void {
    this.counts.fill(0, 0, this.end);
    this.masses.fill(0, 0, this.end);
    this.weights = weights;
    this.limit = limit;
    this.end = BUCKET_COUNT; // until seal(): if the pass throws midway, the next reset clears every bucket
    this.nonzero = 0;
    this.forgetOrder();
  }

  /** Called by the softmax pass when done: `end` = one past its deepest bucket; `earlyCount` as above. */
  seal(end: number, earlyCount: number): void {
    let total = 0;
    for (let b = 0; b < end; b++) {
      this.starts[b] = total;
      total += this.counts[b];
    }
    this.starts[end] = total;
    this.end = end;
    this.nonzero = total;
    this.earlyCount = earlyCount;
  }

  /** Forgets gathered and sorted buckets (a new row step; benchmarks time stages from a cold start with it). */
  forgetOrder(): void {
    this.prefixGathered = 0;
    this.prefixSorted = 0;
    this.generation = (this.generation + 1) | 0;
    if (this.generation === 0) {
      this.gatheredAt.fill(-1);
      this.sortedAt.fill(-1);
      this.generation = 1;
    }
  }

  /** The bucket holding canonical position `pos` (0 ≤ pos < nonzero). */
  bucketAt(pos: number): number {
    let lo = 0;
    let hi = this.end - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid + 1] > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Makes ids[0, n) the canonical top-n (n clamped to `nonzero`); returns the clamped n. */
  ensureOrdered(n: number): number {
    const count = Math.min(n, this.nonzero);
    if (count <= 0) return 0;
    const last = this.bucketAt(count - 1);
    if (last >= this.prefixGathered) {
      if (last < EARLY_BUCKETS && this.earlyCount <= EARLY_CAPACITY) {
        this.gather(0, last + 1); // free: files the early ids
      } else {
        const want = Math.min(this.nonzero, Math.max(count, FIRST_GATHER, GROWTH * this.starts[this.prefixGathered]));
        this.gather(this.prefixGathered, this.bucketAt(want - 1) + 1);
      }
    }
    for (let b = this.prefixSorted; b <= last; b++) this.sortBucket(b);
    if (last >= this.prefixSorted) this.prefixSorted = last + 1;
    return count;
  }

  /** How many leading positions are in canonical order (at least what `ensureOrdered` was asked for). */
  orderedLength(): number {
    return this.starts[this.prefixSorted];
  }

  /** Σ weights of the first n canonical positions (n ≤ nonzero), bucket-grouped. */
  prefixMass(n: number): number {
    if (n <= 0) return 0;
    const last = this.bucketAt(n - 1);
    let sum = 0;
    for (let b = 0; b < last; b++) sum += this.masses[b];
    if (this.starts[last + 1] === n) return sum + this.masses[last];
    this.sortBucket(last);
    for (let j = this.starts[last]; j < n; j++) sum += this.keys[j];
    return sum;
  }

  /**
   * The first canonical position j < limit whose bucket-grouped running mass reaches `target` (`>=` when
   * `inclusive`, else `>`); limit − 1 when none does (rounding). The bucket holding j is sorted on return.
   */
  findMassCrossing(target: number, limit: number, inclusive: boolean): number {
    const keys = this.keys;
    let running = 0;
    for (let b = 0; b < this.end; b++) {
      const start = this.starts[b];
      if (start >= limit) break;
      const stop = this.starts[b + 1];
      if (stop <= limit) {
        const next = running + this.masses[b];
        if (inclusive ? next < target : next <= target) {
          running = next;
          continue;
        }
      }
      this.sortBucket(b);
      const last = Math.min(stop, limit);
      for (let j = start; j < last; j++) {
        running += keys[j];
        if (inclusive ? running >= target : running > target) return j;
      }
      return last - 1; // S ends inside this bucket, or rounding: the bucket sum crossed, the token sum did not
    }
    this.sortBucket(this.bucketAt(limit - 1));
    return limit - 1;
  }

  /**
   * How many of the first `limit` canonical positions have weight ≥ threshold (a canonical prefix, since weight
   * decreases along the order). Whole buckets are judged by their bounds; only the edge buckets are scanned.
   */
  countAtLeast(threshold: number, limit: number): number {
    if (!(threshold > 0)) return limit;
    // Bucket b holds weights in [e^(−(b+1)/128), e^(−b/128)]: every bucket before `first` is at least
    // threshold · e^(1/128), every bucket from `stop` on below threshold · e^(−1/128) (margins far above rounding).
    const edge = Math.floor(-Math.log(threshold) * BUCKETS_PER_NAT);
    const first = Math.min(this.end, Math.max(0, edge - 1));
    const stop = Math.min(this.end, Math.max(0, edge + 2));
    this.gather(first, stop);
    const keys = this.keys;
    let count = this.starts[first];
    for (let b = first; b < stop && count === this.starts[b]; b++) {
      for (let j = this.starts[b]; j < this.starts[b + 1]; j++) if (keys[j] >= threshold) count++;
    }
    return Math.min(count, limit);
  }

  /** Sorts bucket b into canonical order (once per row step). */
  sortBucket(b: number): void {
    if (this.sortedAt[b] === this.generation) return;
    if (this.gatheredAt[b] !== this.generation) this.gather(b, b + 1);
    sortCanonical(this.ids, this.keys, this.starts[b], this.starts[b + 1]);
    this.sortedAt[b] = this.generation;
  }

  /** Gathers the buckets of [lo, hi) not gathered yet: from the early ids if they cover them, else one pass. */
  private gather(lo: number, hi: number): void {
    const gen = this.generation;
    hi = Math.min(hi, this.end);
    while (lo < hi && this.gatheredAt[lo] === gen) lo++;
    while (hi > lo && this.gatheredAt[hi - 1] === gen) hi--;
    if (hi <= lo) return;
    const { ids, keys, weights, bucketOf, cursor, gatheredAt, starts } = this;
    if (hi <= EARLY_BUCKETS && this.earlyCount <= EARLY_CAPACITY) {
      lo = 0;
      hi = Math.min(EARLY_BUCKETS, this.end);
    }
    for (let b = lo; b < hi; b++) cursor[b] = gatheredAt[b] === gen ? -1 : starts[b];
    if (hi <= EARLY_BUCKETS && this.earlyCount <= EARLY_CAPACITY) {
      scatter(this.early, this.earlyCount, bucketOf, cursor, ids, keys, weights);
    } else {
      scatterRange(this.limit, lo, hi - 1, bucketOf, cursor, ids, keys, weights);
    }
    for (let b = lo; b < hi; b++) gatheredAt[b] = gen;
    while (this.prefixGathered < this.end && gatheredAt[this.prefixGathered] === gen) this.prefixGathered++;
  }
}

// The scatter loops live in leaf functions with nothing after the loop: V8 optimises a long loop mid-call (OSR)
// and then deoptimised on every call at code after the loop that had not run yet.

/** Files each listed id whose bucket has a cursor (>= 0) at that cursor, with its weight beside it. */
function scatter(
  list: Int32Array,
  n: number,
  bucketOf: Uint16Array,
  cursor: Int32Array,
  ids: Int32Array,
  keys: Float64Array,
  weights: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const i = list[k];
    const at = cursor[bucketOf[i]];
    if (at >= 0) {
      ids[at] = i;
      keys[at] = weights[i];
      cursor[bucketOf[i]] = at + 1;
    }
  }
}

/** One pass over ids [0, limit): files those in buckets [lo, last] that have a cursor. */
function scatterRange(
  limit: number,
  lo: number,
  last: number,
  bucketOf: Uint16Array,
  cursor: Int32Array,
  ids: Int32Array,
  keys: Float64Array,
  weights: Float64Array,
): void {
  for (let i = 0; i < limit; i++) {
    const b = bucketOf[i];
    // lo <= b <= last as one int32 sign test: the many tokens outside the range take one predictable branch.
    if (((b - lo) | (last - b)) >= 0 && cursor[b] >= 0) {
      const at = cursor[b]++;
      ids[at] = i;
      keys[at] = weights[i]; // read in id order: sequential, unlike weights[ids[j]] later
    }
  }
}
