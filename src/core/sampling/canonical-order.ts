import { sortCanonical } from './sort-canonical';

/**
 * Canonical order (descending p, ties by ascending id; spec §1.3) of one row's tokens, built on demand without
 * sorting the vocabulary.
 *
 * The softmax pass files every token with p > 0 into a bucket by its tempered log-weight `d = z − max z ≤ 0`:
 * `bucket = ⌊−d · 32⌋` (32 buckets per nat: weights within a bucket differ by less than 3%). Bucket order is
 * canonical order at bucket granularity, so the canonical prefix is materialised bucket by bucket: one pass over
 * the vocabulary gathers a range of buckets into `ids` (each bucket contiguous, ids ascending), and a bucket is
 * sorted only when a stage needs the order inside it. Stages usually need the order inside one bucket only
 * (where their cut falls); whole buckets before the cut are summed without sorting.
 *
 * The softmax pass also keeps the ids within EARLY_DEPTH_NATS of the maximum (while there are at most
 * EARLY_CAPACITY of them): on a peaked distribution every stage's cut falls among those, and they are filed into
 * their buckets without a pass over the vocabulary. Beyond them, growth follows spec §1.3 at bucket granularity:
 * a gather covers at least 64 positions and at least 4× what is gathered; mass queries gather up to a lower bound
 * of the bucket that holds the target mass.
 * Sums over a prefix are "bucket-grouped" (whole buckets in id order, the cut bucket in canonical order); they
 * differ from strict canonical-order sums only in rounding, and every stage uses the same grouping.
 */

export const BUCKETS_PER_NAT = 32;
/** Tokens more than 700 nats below the maximum (p < 1e-304 · p_max) get weight 0 and no bucket. */
export const MAX_DEPTH_NATS = 700;
export const BUCKET_COUNT = MAX_DEPTH_NATS * BUCKETS_PER_NAT + 1;
export const NO_BUCKET = 0xffff;
export const EARLY_DEPTH_NATS = 10;
export const EARLY_BUCKETS = EARLY_DEPTH_NATS * BUCKETS_PER_NAT;
export const EARLY_CAPACITY = 4096;
const FIRST_GATHER = 64;
const GROWTH = 4;

/** A weight in bucket b is at least LOWER_EDGE[b] (with margin for exp rounding). */
const LOWER_EDGE = new Float64Array(BUCKET_COUNT);
for (let b = 0; b < BUCKET_COUNT; b++) LOWER_EDGE[b] = Math.exp(-(b + 1) / BUCKETS_PER_NAT) * (1 - 1e-9);

export class CanonicalOrder {
  /** Token ids, bucket by bucket; the buckets that were sorted are in canonical order. */
  readonly ids: Int32Array;
  /** Bucket of each token id, NO_BUCKET for p = 0. Written by the softmax pass. */
  readonly bucketOf: Uint16Array;
  /** Tokens per bucket. Written by the softmax pass. */
  readonly counts = new Int32Array(BUCKET_COUNT);
  /** starts[b] = position of bucket b's first token = tokens in buckets before b. */
  private readonly starts = new Int32Array(BUCKET_COUNT + 1);
  private readonly cursor = new Int32Array(BUCKET_COUNT);
  /** Σ weights of a gathered bucket, summed in id order. */
  private readonly masses = new Float64Array(BUCKET_COUNT);
  /** sortedAt[b] === generation ⇔ bucket b is sorted in this row step. */
  private readonly sortedAt = new Int32Array(BUCKET_COUNT);
  private generation = 0;
  /** Buckets [0, gathered) are in `ids`. */
  private gathered = 0;
  /** Buckets [0, sortedThrough) are all sorted. */
  private sortedThrough = 0;
  /** Ids (ascending) of the tokens in buckets below EARLY_BUCKETS, filled by the softmax pass. */
  readonly early = new Int32Array(EARLY_CAPACITY);
  /** How many tokens the softmax pass saw below EARLY_BUCKETS (> EARLY_CAPACITY: `early` is incomplete). */
  earlyCount = 0;
  /** One past the last non-empty bucket. */
  private end = 0;
  private weights: Float64Array;
  private limit = 0;
  /** Tokens with p > 0 (= positions of the canonical order). */
  nonzero = 0;

  constructor(vocabSize: number, weights: Float64Array) {
    this.ids = new Int32Array(vocabSize);
    this.bucketOf = new Uint16Array(vocabSize).fill(NO_BUCKET);
    this.weights = weights;
  }

  /** Called by the softmax pass before it fills `bucketOf` and `counts`. */
  reset(weights: Float64Array, limit: number): void {
    this.weights = weights;
    this.limit = limit;
    this.counts.fill(0);
    this.end = 0;
    this.nonzero = 0;
    this.earlyCount = 0;
    this.forgetOrder();
  }

  /** Called by the softmax pass after it filled `counts`. */
  seal(): void {
    let total = 0;
    for (let b = 0; b < BUCKET_COUNT; b++) {
      this.starts[b] = total;
      const n = this.counts[b];
      if (n > 0) this.end = b + 1;
      total += n;
    }
    this.starts[BUCKET_COUNT] = total;
    this.nonzero = total;
  }

  /** Forget gathered and sorted buckets (the benchmark uses it to time a stage from a cold start). */
  forgetOrder(): void {
    this.gathered = 0;
    this.sortedThrough = 0;
    this.generation = (this.generation + 1) | 0;
    if (this.generation === 0) {
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
    this.gatherThroughPosition(count);
    for (let b = this.sortedThrough; b <= last; b++) this.sortBucket(b);
    if (last >= this.sortedThrough) this.sortedThrough = last + 1;
    return count;
  }

  /** How many leading positions are in canonical order (at least what `ensureOrdered` was asked for). */
  orderedLength(): number {
    return this.starts[this.sortedThrough];
  }

  /**
   * Σ weights of the first n canonical positions, bucket-grouped. n must be ≤ nonzero.
   */
  prefixMass(n: number): number {
    if (n <= 0) return 0;
    this.gatherThroughPosition(n);
    const last = this.bucketAt(n - 1);
    let sum = 0;
    for (let b = 0; b < last; b++) sum += this.masses[b];
    if (this.starts[last + 1] === n) return sum + this.masses[last];
    this.sortBucket(last);
    const w = this.weights;
    for (let j = this.starts[last]; j < n; j++) sum += w[this.ids[j]];
    return sum;
  }

  /**
   * The first canonical position j < limit whose bucket-grouped running mass reaches `target` (`>=` when
   * `inclusive`, else `>`); limit − 1 when none does (rounding). The bucket holding j is sorted on return.
   */
  findMassCrossing(target: number, limit: number, inclusive: boolean): number {
    const w = this.weights;
    let running = 0;
    for (let b = 0; b < this.end; b++) {
      const start = this.starts[b];
      if (start >= limit) break;
      if (b >= this.gathered) this.gatherForMass(target - running, b);
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
        running += w[this.ids[j]];
        if (inclusive ? running >= target : running > target) return j;
      }
      if (last === limit) return limit - 1;
      return last - 1; // the bucket sum crossed but the token-wise sum did not: rounding; stop at its end
    }
    this.sortBucket(this.bucketAt(limit - 1));
    return limit - 1;
  }

  /**
   * How many of the first `limit` canonical positions have weight ≥ threshold (a canonical prefix, since weight
   * decreases along the order). Counts whole buckets from their bounds and scans only the buckets at the edge.
   */
  countAtLeast(threshold: number, limit: number): number {
    if (!(threshold > 0)) return limit;
    const w = this.weights;
    const edge = Math.floor(-Math.log(threshold) * BUCKETS_PER_NAT) + 1;
    this.gatherThroughBucket(Math.min(edge + 1, this.end));
    let count = 0;
    for (let b = 0; b < this.end && count < limit; b++) {
      const start = this.starts[b];
      const stop = this.starts[b + 1];
      if (LOWER_EDGE[b] >= threshold) {
        count = stop;
        continue;
      }
      if (b >= this.gathered) break; // every weight here is below the threshold
      let inBucket = 0;
      for (let j = start; j < stop; j++) if (w[this.ids[j]] >= threshold) inBucket++;
      count = start + inBucket;
      if (inBucket < stop - start) break;
    }
    return Math.min(count, limit);
  }

  /** Sorts bucket b into canonical order (once per row step). */
  sortBucket(b: number): void {
    if (this.sortedAt[b] === this.generation) return;
    if (b >= this.gathered) this.gatherThroughBucket(b + 1);
    sortCanonical(this.ids, this.weights, this.starts[b], this.starts[b + 1]);
    this.sortedAt[b] = this.generation;
  }

  /** Position of bucket b's first token. */
  startOf(b: number): number {
    return this.starts[b];
  }

  private gatherThroughPosition(n: number): void {
    if (n <= this.starts[this.gathered]) return;
    if (this.gatherEarlyFirst() && n <= this.starts[this.gathered]) return;
    const want = Math.min(this.nonzero, Math.max(n, FIRST_GATHER, GROWTH * this.starts[this.gathered]));
    this.gatherThroughBucket(this.bucketAt(want - 1) + 1);
  }

  /** Gathers from bucket `from` far enough that, by the buckets' lower bounds, `mass` more weight is covered. */
  private gatherForMass(mass: number, from: number): void {
    if (this.gatherEarlyFirst() && from < this.gathered) return;
    let bound = 0;
    let b = from;
    while (b < this.end && bound < mass) bound += this.counts[b++] * LOWER_EDGE[b - 1];
    const minimum = Math.min(this.nonzero, Math.max(FIRST_GATHER, GROWTH * this.starts[this.gathered]));
    this.gatherThroughBucket(Math.max(b, from + 1, this.bucketAt(minimum - 1) + 1));
  }

  /** One pass over the vocabulary: files the tokens of buckets [gathered, upTo) into `ids`. */
  private gatherThroughBucket(upTo: number): void {
    if (upTo > this.gathered) this.gatherEarlyFirst();
    const lo = this.gathered;
    const hi = Math.min(upTo, this.end);
    if (hi <= lo) return;
    const { ids, bucketOf, cursor, masses, weights } = this;
    for (let b = lo; b < hi; b++) {
      cursor[b] = this.starts[b];
      masses[b] = 0;
    }
    const span = hi - lo;
    for (let i = 0, n = this.limit; i < n; i++) {
      const b = bucketOf[i];
      if (b - lo < span && b >= lo) {
        ids[cursor[b]++] = i;
        masses[b] += weights[i];
      }
    }
    this.gathered = hi;
  }

  /** Before the first gather: files the early ids if the softmax pass kept them all. True when it did. */
  private gatherEarlyFirst(): boolean {
    if (this.gathered !== 0 || this.earlyCount > EARLY_CAPACITY) return false;
    this.gatherEarly();
    return true;
  }

  /** Files the softmax pass's early ids (all of buckets [0, EARLY_BUCKETS)) without a pass over the vocabulary. */
  private gatherEarly(): void {
    const { ids, bucketOf, cursor, masses, weights, early } = this;
    const hi = Math.min(EARLY_BUCKETS, this.end);
    for (let b = 0; b < hi; b++) {
      cursor[b] = this.starts[b];
      masses[b] = 0;
    }
    for (let k = 0; k < this.earlyCount; k++) {
      const i = early[k];
      const b = bucketOf[i];
      ids[cursor[b]++] = i;
      masses[b] += weights[i];
    }
    this.gathered = hi;
  }
}
