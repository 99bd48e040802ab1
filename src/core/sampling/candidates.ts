import { BoundedPass, HEAD_CAPACITY } from './bounded-pass';
import { fileHead } from './head-filing';
import { BUCKET_COUNT, CanonicalOrder, MAX_DEPTH_NATS, type OrderedPrefix } from './canonical-order';
import { expInRange } from './exp64';
import { argmaxPass, maskedArgmax, probabilityPass, softmaxPass } from './softmax';
import { TotalBounds } from './total-bounds';

export type { OrderedPrefix } from './canonical-order';

/**
 * How `normalise` runs: 'exact' is the full softmax pass (every weight, Z and H(p) to the last bit); 'bounded' is
 * the single bounded pass (bounded-pass.ts): exact weights for the head, certified intervals for Z and H(p), and
 * the exact pass run on demand by whatever needs more (`complete`). Every kept set and token is the same either
 * way: the bounded path only decides where the intervals prove the exact decision.
 */
export type NormaliseMode = 'exact' | 'bounded';

/** |S| while S is still every token with p > 0 and the bounded pass has not counted them. */
const ALL = -1;
const DEPTH = -MAX_DEPTH_NATS;
const exp = expInRange;

/**
 * One row's reusable candidate buffer (architecture §7 principle 2), allocated once per row for the whole run.
 *
 * Weights are by token id (`weightOf`); the canonical order (descending p, ties by ascending id) is reachable only
 * through accessors that place it first: `ensureOrdered` returns a view of the ordered prefix, `tokenAt` checks
 * that its position was placed. The kept set S of the filters is always a canonical prefix, so it is just a size.
 *
 * Lifecycle per token: `beginRow` → logit stages (`restrictTo`, `maskIds`, `setTemperature`) → `normalise` →
 * filters (`keep`) → selector (`select`).
 */
export class Candidates {
  readonly vocabSize: number;
  /** e_i = exp(z_i − max z) by token id: every id after the exact pass, the known head after the bounded one. */
  private readonly weights: Float64Array;
  private readonly order: CanonicalOrder;
  private readonly pass = new BoundedPass();
  private readonly totals = new TotalBounds();
  private source: Float32Array;
  private maskScratch: Float32Array | null = null;
  private readonly masks: ArrayLike<number>[] = [];
  private limit: number;
  private invTemperature = 1;
  private mode: NormaliseMode = 'exact';
  /** The bounded pass sums e·d for H(p) unless a chain that never reads H says so (`skipEntropy`). */
  private entropyNeed: 'default' | 'skip' | 'required' = 'default';
  private normalised = false;
  private exactTotals = false;
  private weightsComplete = false;
  private maxLogit = NaN;
  private argmaxId = -1;
  private size = 0;
  private mass = NaN;
  private chosen = -1;
  private readonly sums = new Float64Array(4);
  /** Bounded rows that needed the exact pass after all (for benchmarks and metrics). */
  completions = 0;

  constructor(vocabSize: number) {
    if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`vocabSize must be a positive integer, got ${vocabSize}`);
    this.vocabSize = vocabSize;
    this.weights = new Float64Array(vocabSize);
    this.order = new CanonicalOrder(vocabSize, this.weights, HEAD_CAPACITY);
    this.order.completeRow = () => this.complete();
    this.source = new Float32Array(0);
    this.limit = vocabSize;
  }

  /** Starts a row step on `logits` (read, never written); `mode` picks the softmax pass (see NormaliseMode). */
  beginRow(logits: Float32Array, mode: NormaliseMode = 'exact'): void {
    if (logits.length !== this.vocabSize) {
      throw new Error(`logits row has length ${logits.length}, expected vocabSize ${this.vocabSize}`);
    }
    this.source = logits;
    this.limit = this.vocabSize;
    this.invTemperature = 1;
    this.mode = mode;
    this.entropyNeed = 'default';
    this.normalised = false;
    this.masks.length = 0;
    this.argmaxId = -1;
    this.chosen = -1;
  }

  private beforeSoftmax(what: string): void {
    if (this.normalised) throw new Error(`${what} is a logit stage: it must run before the softmax`);
  }

  /** Excludes ids ≥ n (lm_head padding beyond the tokenizer's size). */
  restrictTo(n: number): void {
    this.beforeSoftmax('restrictTo');
    this.limit = Math.min(this.limit, n);
    this.argmaxId = -1;
  }

  /** Sets the listed ids to −∞ for this step (applied to a private copy; the engine's logits are never mutated). */
  maskIds(ids: ArrayLike<number>): void {
    this.beforeSoftmax('maskIds');
    if (ids.length === 0) return;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(`masked id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
      }
    }
    this.masks.push(ids);
    this.argmaxId = -1;
  }

  /** z = l / T, applied inside the softmax pass (no separate pass over the row). */
  setTemperature(temperature: number): void {
    this.beforeSoftmax('setTemperature');
    this.invTemperature = 1 / temperature;
  }

  /** This row's totals must be exact (a stage reads Z or H(p) to the last bit): normalise runs the exact pass. */
  requireExact(): void {
    this.mode = 'exact';
  }

  /** This row needs H(p) (e.g. for token statistics), whatever the chain says. */
  requireEntropy(): void {
    this.entropyNeed = 'required';
  }

  /**
   * Nothing will read H(p) this row unless required: the bounded pass skips its Σ e·d (one multiply-add per token)
   * and leaves the H interval unbounded.
   */
  skipEntropy(): void {
    if (this.entropyNeed === 'default') this.entropyNeed = 'skip';
  }

  get isNormalised(): boolean {
    return this.normalised;
  }

  /** Softmax + entropy + bucketing (spec §1.2); afterwards S = every token with p > 0. */
  normalise(): void {
    if (this.masks.length > 0) this.applyMasks();
    if (this.mode === 'bounded') this.normaliseBounded();
    else this.normaliseExact(false);
  }

  private applyMasks(): void {
    this.maskScratch ??= new Float32Array(this.vocabSize);
    this.maskScratch.set(this.source);
    for (const ids of this.masks) for (let k = 0; k < ids.length; k++) this.maskScratch[ids[k]!] = -Infinity;
    this.source = this.maskScratch;
    this.masks.length = 0;
  }

  private normaliseExact(completing: boolean): void {
    const stats = softmaxPass(this.source, this.limit, this.invTemperature, this.weights, this.order, this.sums, completing);
    this.exactTotals = true;
    this.weightsComplete = true;
    this.totals.setExact(stats.total, stats.entropy);
    this.argmaxId = stats.argmax;
    this.maxLogit = this.source[stats.argmax]!;
    this.normalised = true;
    if (!completing || this.size === ALL) {
      this.size = this.order.nonzero;
      this.mass = stats.total;
    }
  }

  private normaliseBounded(): void {
    this.order.reset(this.weights, this.limit);
    this.pass.run(this.source, this.limit, this.invTemperature, this.entropyNeed !== 'skip');
    const head = fileHead(this.source, this.invTemperature, this.pass, this.weights, this.order);
    this.argmaxId = this.pass.argmax;
    this.maxLogit = this.pass.max;
    this.weightsComplete = false;
    this.normalised = true;
    if (head.known >= BUCKET_COUNT) {
      // Every token with p > 0 was listed and filed in id order: the totals are the exact pass's, bit for bit.
      this.order.seal(head.end, head.count, BUCKET_COUNT, HEAD_CAPACITY);
      const z = head.headTotal;
      this.totals.setExact(z, Math.log(z) - head.headDepthSum / z);
      this.exactTotals = true;
      this.size = this.order.nonzero;
      this.mass = z;
      return;
    }
    this.order.sealKnown(head.known, head.end, head.count);
    this.totals.setBounded(this.pass, head, this.limit);
    this.exactTotals = false;
    this.size = ALL;
    this.mass = NaN;
  }

  /** Runs the exact pass for a bounded row (whatever is already ordered stays valid); no-op once exact. */
  complete(): void {
    if (!this.normalised) throw new Error('complete() needs a normalised row');
    if (this.exactTotals) return;
    this.completions++;
    this.normaliseExact(true);
  }

  /** Loads an already normalised (or positively scaled) probability vector instead of logits. */
  loadProbabilities(probs: ArrayLike<number>): void {
    if (probs.length !== this.vocabSize) throw new Error(`probabilities have length ${probs.length}, expected ${this.vocabSize}`);
    const stats = probabilityPass(probs, this.weights, this.order);
    this.limit = probs.length;
    this.masks.length = 0;
    this.exactTotals = true;
    this.weightsComplete = true;
    this.totals.setExact(stats.total, stats.entropy);
    this.argmaxId = stats.argmax;
    this.normalised = true;
    this.size = this.order.nonzero;
    this.mass = stats.total;
    this.chosen = -1;
  }

  /** The row as the stages masked it (a private copy when any id is masked) and its id limit; logit stages are over. */
  maskedRow(): { logits: Float32Array; limit: number } {
    if (this.masks.length > 0) this.applyMasks();
    return { logits: this.source, limit: this.limit };
  }

  /** Z and H(p) are exact (false after the bounded pass until something completes the row). */
  get isExact(): boolean {
    return this.exactTotals;
  }

  /** Lowest id with the largest (masked) logit; before the softmax it is found by one pass, without a row copy. */
  get argmax(): number {
    if (this.argmaxId < 0) {
      this.argmaxId = maskedArgmax(this.source, this.limit, this.masks);
      if (this.argmaxId < 0) throw new Error('no token left to sample: every logit is masked, -Infinity or NaN');
    }
    return this.argmaxId;
  }

  /** Lowest id holding the largest logit below `limit` of the row as given (before masks); -1 if none. */
  rawArgmax(limit: number): number {
    return argmaxPass(this.source, Math.min(limit, this.source.length));
  }

  /** Z = Σ weights (exact; completes a bounded row). */
  get total(): number {
    this.complete();
    return this.totals.z;
  }

  /** H(p) of the tempered, masked distribution in nats (exact; completes a bounded row). */
  get entropy(): number {
    this.complete();
    return this.totals.h;
  }

  /**
   * Certified bounds on Z and H(p) (equal to them once exact; Z's about 2e-6 relative wide) and estimates inside
   * them; the H bounds are
   * infinite and its estimate NaN after a bounded pass told to skip H (`skipEntropy`).
   */
  get totalLow(): number {
    return this.totals.zLow;
  }

  get totalHigh(): number {
    return this.totals.zHigh;
  }

  get entropyLow(): number {
    return this.totals.hLow;
  }

  get entropyHigh(): number {
    return this.totals.hHigh;
  }

  get totalEstimate(): number {
    return this.totals.z;
  }

  get entropyEstimate(): number {
    return this.totals.h;
  }

  /** p of the argmax, in the full tempered distribution (exact; completes a bounded row). */
  get maxProbability(): number {
    return this.weightOf(this.argmax) / this.total;
  }

  /** e_i = exp(z_i − max z) of token `id` (0 for masked and excluded ids), exactly as the exact pass computes it. */
  weightOf(id: number): number {
    if (!this.normalised) throw new Error('weights exist after normalise()');
    if (this.weightsComplete) return this.weights[id]!;
    if (!(id >= 0 && id < this.limit)) return 0;
    const d = (this.source[id]! - this.maxLogit) * this.invTemperature;
    return d < DEPTH || d !== d ? 0 : exp(d);
  }

  /** Tokens with p > 0 (completes a bounded row). */
  get nonzero(): number {
    return this.order.nonzero;
  }

  /** |S| (completes a bounded row while S is still every token). */
  get keptSize(): number {
    if (this.size === ALL) this.complete();
    return this.size;
  }

  /** A lower bound on |S| that never completes the row: |S| once known, else the known prefix's length. */
  get keptAtLeast(): number {
    return this.size === ALL ? this.order.knownCount : this.size;
  }

  /** Shrinks S to its first n canonical positions. S is never empty. */
  keep(n: number): void {
    if (!this.normalised) throw new Error('filters run after normalise()');
    if (this.size === ALL && n > this.order.knownCount) this.complete();
    const size = this.size === ALL ? this.order.knownCount : this.size;
    if (!Number.isInteger(n) || n < 1 || n > size) throw new Error(`kept set must shrink to 1..${size} tokens, got ${n}`);
    if (n !== this.size) {
      this.size = n;
      this.mass = NaN;
    }
  }

  /** Σ_{S} weights (bucket-grouped; Z while S is every token). Completes a bounded row while S is every token. */
  keptMass(): number {
    if (this.size === ALL) this.complete();
    if (Number.isNaN(this.mass)) this.mass = this.order.prefixMass(this.size);
    return this.mass;
  }

  /** Certified bounds on keptMass() that never complete the row. */
  get keptMassLow(): number {
    return this.size === ALL ? this.totals.zLow : this.keptMass();
  }

  get keptMassHigh(): number {
    return this.size === ALL ? this.totals.zHigh : this.keptMass();
  }

  /** Orders positions [0, n) (n clamped to the tokens with p > 0); completes a bounded row if they are not known. */
  ensureOrdered(n: number): OrderedPrefix {
    return this.order.ensureOrdered(n);
  }

  /** Like ensureOrdered within the known prefix only: the view may be shorter than n. */
  ensureOrderedKnown(n: number): OrderedPrefix {
    return this.order.ensureOrderedKnown(n);
  }

  /** First position j of S where the running mass reaches target (`>=` inclusive, else `>`); see CanonicalOrder. */
  findMassCrossing(target: number, inclusive: boolean): number {
    return this.order.findMassCrossing(target, this.size === ALL ? Infinity : this.size, inclusive);
  }

  /** Like findMassCrossing, or -1 when the answer lies beyond the known prefix (never completes the row). */
  findMassCrossingKnown(target: number, inclusive: boolean): number {
    return this.order.findMassCrossing(target, this.size === ALL ? Infinity : this.size, inclusive, true);
  }

  /** The token at canonical position `pos`, which an accessor must have placed (else this throws). */
  tokenAt(pos: number): number {
    return this.order.tokenAt(pos);
  }

  /** How many positions of S have weight ≥ threshold. */
  countAtLeast(threshold: number): number {
    return this.order.countAtLeast(threshold, this.size === ALL ? Infinity : this.size);
  }

  /** The selector's choice for this step. */
  select(token: number): void {
    this.chosen = token;
  }

  /** The token the selector chose this step (-1 before). */
  get selected(): number {
    return this.chosen;
  }

  /** Drops the materialised order and restores S to every token (benchmarks time stages from a cold start). */
  forgetOrder(): void {
    this.order.forgetOrder();
    if (this.exactTotals) {
      this.size = this.order.nonzero;
      this.mass = this.totals.z;
    } else {
      this.size = ALL;
      this.mass = NaN;
    }
  }
}
