import { scatter, scatterRange } from './scatter';
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
 * vocabulary for any set of buckets, or none for buckets covered by the `early` list (ids the pass kept: within
 * EARLY_DEPTH_NATS of the maximum for the exact pass, the whole head for the bounded one). Prefix growth follows
 * spec §1.3 at bucket granularity: at least 512 positions and 4× what is gathered per pass.
 *
 * Known prefix: after the exact pass every bucket is known. After the bounded pass (bounded-pass.ts) only buckets
 * [0, known) are: everything an accessor needs beyond them first calls `completeRow` (the exact pass, which keeps
 * what is already gathered and sorted: those buckets come out bit for bit the same). The `…Known` accessors never
 * complete; they answer within the known prefix or say they cannot.
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

/**
 * Positions [0, length) of the canonical order: ids[j] is the token at position j, keys[j] its weight. Views into
 * the row's buffers, valid until the row's next step; the only way to read the order.
 */
export interface OrderedPrefix {
  readonly length: number;
  readonly ids: Int32Array;
  readonly keys: Float64Array;
}

export class CanonicalOrder {
  /** Token ids by canonical position; valid for gathered buckets, in canonical order for sorted ones. */
  private readonly ids: Int32Array;
  /** keys[j] = weight of ids[j], stored beside it so that sorts and scans read memory in order. */
  private readonly keys: Float64Array;
  /** Bucket of each token id, NO_BUCKET for p = 0. Written by the passes (for known buckets). */
  readonly bucketOf: Uint16Array;
  /** Tokens per bucket. Written by the passes. */
  readonly counts = new Int32Array(BUCKET_COUNT);
  /** Σ weights per bucket, in id order. Written by the passes. */
  readonly masses = new Float64Array(BUCKET_COUNT);
  /** Ids (ascending) the pass kept, plus one slot the exact pass may scribble on. */
  readonly early: Int32Array;
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
  /** Ids in `early`; it covers buckets [0, earlyEnd) while earlyCount ≤ earlyCapacity. */
  private earlyCount = 0;
  private earlyEnd = EARLY_BUCKETS;
  private earlyCapacity = EARLY_CAPACITY;
  /** One past the last bucket that may hold tokens (cleared by the next reset). */
  private end = 0;
  /** Buckets [0, known) are complete; all of them once `exact`. */
  private known = 0;
  private exact = false;
  private weights: Float64Array;
  private limit = 0;
  /** Tokens with p > 0 (= positions of the canonical order); valid once exact. */
  private nonzeroCount = 0;
  private view: OrderedPrefix;
  /** Runs the exact pass for the current row (set by Candidates). */
  completeRow: () => void = () => {
    throw new Error('canonical order: the row is only partly known and nothing can complete it');
  };

  constructor(vocabSize: number, weights: Float64Array, earlyCapacity: number) {
    this.ids = new Int32Array(vocabSize);
    this.keys = new Float64Array(vocabSize);
    this.bucketOf = new Uint16Array(vocabSize).fill(NO_BUCKET);
    this.early = new Int32Array(Math.max(earlyCapacity, EARLY_CAPACITY) + 1);
    this.weights = weights;
    this.view = { length: 0, ids: this.ids.subarray(0, 0), keys: this.keys.subarray(0, 0) };
  }

  /**
   * Called by a pass before it fills bucketOf, counts, masses and early. `keepOrder` (the exact pass completing a
   * bounded row) keeps the gathered and sorted buckets: the pass refills them with the same values.
   */
  reset(weights: Float64Array, limit: number, keepOrder = false): void {
    this.counts.fill(0, 0, this.end);
    this.masses.fill(0, 0, this.end);
    this.weights = weights;
    this.limit = limit;
    this.end = BUCKET_COUNT; // until sealed: if the pass throws midway, the next reset clears every bucket
    this.exact = false;
    this.known = 0;
    this.nonzeroCount = 0;
    if (!keepOrder) this.forgetOrder();
  }

  /** The exact pass is done: `end` = one past its deepest bucket; `early` holds the ids of buckets < earlyEnd. */
  seal(end: number, earlyCount: number, earlyEnd = EARLY_BUCKETS, earlyCapacity = EARLY_CAPACITY): void {
    this.setStarts(end);
    this.end = end;
    this.known = end;
    this.exact = true;
    this.nonzeroCount = this.starts[end]!;
    this.earlyCount = earlyCount;
    this.earlyEnd = earlyEnd;
    this.earlyCapacity = earlyCapacity;
  }

  /** The bounded pass is done: buckets [0, known) are complete, their `count` ids (ascending) are in `early`. */
  sealKnown(known: number, end: number, count: number): void {
    this.setStarts(known);
    this.end = end;
    this.known = known;
    this.exact = false;
    this.earlyCount = count;
    this.earlyEnd = known;
    this.earlyCapacity = this.early.length - 1;
  }

  private setStarts(upTo: number): void {
    let total = 0;
    for (let b = 0; b < upTo; b++) {
      this.starts[b] = total;
      total += this.counts[b]!;
    }
    this.starts[upTo] = total;
  }

  /** Every bucket is known (the exact pass ran). */
  get isExact(): boolean {
    return this.exact;
  }

  /** Tokens with p > 0; completes a bounded row. */
  get nonzero(): number {
    if (!this.exact) this.completeRow();
    return this.nonzeroCount;
  }

  /** Positions known without completing: all of them once exact, else those of the known buckets. */
  get knownCount(): number {
    return this.exact ? this.nonzeroCount : this.starts[this.known]!;
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

  /** Completes a bounded row when buckets up to `bucketEnd` (exclusive) are needed and not known. */
  private need(bucketEnd: number): void {
    if (!this.exact && bucketEnd > this.known) this.completeRow();
  }

  /** The bucket holding canonical position `pos` (0 ≤ pos < knownCount). */
  private bucketAt(pos: number): number {
    let lo = 0;
    let hi = this.end - 1; // buckets from `end` on are empty in both modes
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid + 1]! > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Makes positions [0, n) canonical (n clamped to the tokens with p > 0), completing the row if needed. */
  ensureOrdered(n: number): OrderedPrefix {
    if (n > this.knownCount && !this.exact) this.completeRow();
    return this.ensureOrderedKnown(n);
  }

  /** Like ensureOrdered, but within the known prefix only: the view may be shorter than n. */
  ensureOrderedKnown(n: number): OrderedPrefix {
    const available = this.knownCount;
    const count = Math.min(n, available);
    if (count <= 0) return this.prefixView();
    const last = this.bucketAt(count - 1);
    if (last >= this.prefixGathered) {
      if (last < this.earlyEnd && this.earlyCount <= this.earlyCapacity) {
        this.gather(0, last + 1); // free: files the early ids
      } else {
        const want = Math.min(available, Math.max(count, FIRST_GATHER, GROWTH * this.starts[this.prefixGathered]!));
        this.gather(this.prefixGathered, this.bucketAt(want - 1) + 1);
      }
    }
    for (let b = this.prefixSorted; b <= last; b++) this.sortBucket(b);
    if (last >= this.prefixSorted) this.prefixSorted = last + 1;
    return this.prefixView();
  }

  /** The sorted prefix as views, rebuilt only when it grew. */
  private prefixView(): OrderedPrefix {
    const length = this.starts[this.prefixSorted]!;
    if (this.view.length !== length) {
      this.view = { length, ids: this.ids.subarray(0, length), keys: this.keys.subarray(0, length) };
    }
    return this.view;
  }

  /** Σ weights of the first n canonical positions, bucket-grouped; completes the row if they are not known. */
  prefixMass(n: number): number {
    if (n <= 0) return 0;
    if (n > this.knownCount && !this.exact) this.completeRow();
    const last = this.bucketAt(n - 1);
    let sum = 0;
    for (let b = 0; b < last; b++) sum += this.masses[b]!;
    if (this.starts[last + 1] === n) return sum + this.masses[last]!;
    this.sortBucket(last);
    for (let j = this.starts[last]!; j < n; j++) sum += this.keys[j]!;
    return sum;
  }

  /**
   * The first canonical position j < limit whose bucket-grouped running mass reaches `target` (`>=` when
   * `inclusive`, else `>`); limit − 1 when none does (rounding). The bucket holding j is sorted on return.
   * `knownOnly`: return −1 instead of completing the row when the walk leaves the known prefix.
   */
  findMassCrossing(target: number, limit: number, inclusive: boolean, knownOnly = false): number {
    const keys = this.keys;
    let running = 0;
    for (let b = 0; ; b++) {
      if (b >= (this.exact ? this.end : this.known)) {
        if (this.exact) break;
        if (knownOnly) return -1;
        this.completeRow();
        if (b >= this.end) break;
      }
      const start = this.starts[b]!;
      if (start >= limit) break;
      const stop = this.starts[b + 1]!;
      if (stop <= limit) {
        const next = running + this.masses[b]!;
        if (inclusive ? next < target : next <= target) {
          running = next;
          continue;
        }
      }
      this.sortBucket(b);
      const last = Math.min(stop, limit);
      for (let j = start; j < last; j++) {
        running += keys[j]!;
        if (inclusive ? running >= target : running > target) return j;
      }
      return last - 1; // S ends inside this bucket, or rounding: the bucket sum crossed, the token sum did not
    }
    const end = Math.min(limit, this.nonzeroCount);
    this.sortBucket(this.bucketAt(end - 1));
    return end - 1;
  }

  /**
   * How many of the first `limit` canonical positions have weight ≥ threshold (a canonical prefix, since weight
   * decreases along the order). Whole buckets are judged by their bounds; only the edge buckets are scanned.
   */
  countAtLeast(threshold: number, limit: number): number {
    if (!(threshold > 0)) return Math.min(limit, this.nonzero);
    // Bucket b holds weights in [e^(−(b+1)/128), e^(−b/128)]: every bucket before `first` is at least
    // threshold · e^(1/128), every bucket from `stop` on below threshold · e^(−1/128) (margins far above rounding).
    const edge = Math.floor(-Math.log(threshold) * BUCKETS_PER_NAT);
    this.need(Math.min(BUCKET_COUNT, Math.max(0, edge + 2)));
    const bound = this.exact ? this.end : this.known;
    const first = Math.min(bound, Math.max(0, edge - 1));
    const stop = Math.min(bound, Math.max(0, edge + 2));
    this.gather(first, stop);
    const keys = this.keys;
    let count = this.starts[first]!;
    for (let b = first; b < stop && count === this.starts[b]; b++) {
      for (let j = this.starts[b]!; j < this.starts[b + 1]!; j++) if (keys[j]! >= threshold) count++;
    }
    return Math.min(count, limit);
  }

  /** Whether canonical position `pos` holds its final token (its bucket is sorted in this row step). */
  isPlaced(pos: number): boolean {
    if (pos < 0 || pos >= this.knownCount) return false;
    return this.sortedAt[this.bucketAt(pos)] === this.generation;
  }

  /** The token at canonical position `pos`; throws unless an accessor placed it (see isPlaced). */
  tokenAt(pos: number): number {
    if (!this.isPlaced(pos)) throw new Error(`canonical position ${pos} has not been ordered in this row step`);
    return this.ids[pos]!;
  }

  /** Sorts bucket b into canonical order (once per row step). */
  private sortBucket(b: number): void {
    if (this.sortedAt[b] === this.generation) return;
    this.need(b + 1);
    if (this.gatheredAt[b] !== this.generation) this.gather(b, b + 1);
    sortCanonical(this.ids, this.keys, this.starts[b]!, this.starts[b + 1]!);
    this.sortedAt[b] = this.generation;
  }

  /** Gathers the buckets of [lo, hi) not gathered yet: from the early ids if they cover them, else one pass. */
  private gather(lo: number, hi: number): void {
    const gen = this.generation;
    hi = Math.min(hi, this.end); // buckets from `end` on are empty in both modes
    while (lo < hi && this.gatheredAt[lo] === gen) lo++;
    while (hi > lo && this.gatheredAt[hi - 1] === gen) hi--;
    if (hi <= lo) return;
    const { ids, keys, weights, bucketOf, cursor, gatheredAt, starts } = this;
    const fromEarly = hi <= this.earlyEnd && this.earlyCount <= this.earlyCapacity;
    if (fromEarly) {
      lo = 0;
      hi = Math.min(this.earlyEnd, this.end);
    }
    for (let b = lo; b < hi; b++) cursor[b] = gatheredAt[b] === gen ? -1 : starts[b]!;
    if (fromEarly) {
      scatter(this.early, this.earlyCount, bucketOf, cursor, ids, keys, weights);
    } else {
      scatterRange(this.limit, lo, hi - 1, bucketOf, cursor, ids, keys, weights);
    }
    for (let b = lo; b < hi; b++) gatheredAt[b] = gen;
    while (this.prefixGathered < this.end && gatheredAt[this.prefixGathered] === gen) this.prefixGathered++;
  }
}
