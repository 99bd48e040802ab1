import { CanonicalOrder } from './canonical-order';
import { probabilityPass, softmaxPass } from './softmax';

/**
 * One row's reusable candidate buffer (architecture §7 principle 2), allocated once per row for the whole run.
 *
 * Structure of arrays, indexed differently on purpose: `weights[id]` is by token id (written by the softmax pass,
 * never moved); `ids[pos]` and `keys[pos]` (its weight) are the canonical order (descending p, ties by ascending
 * id), materialised lazily by `CanonicalOrder`. The kept set S of the filters is always a canonical prefix (every
 * filter keeps a prefix), so it is just a size: S = ids[0, keptSize). Whether a position of `ids` is already in
 * order is known only to the accessors (`ensureOrdered`, `findMassCrossing`, `prefixMass`, `countAtLeast`); read
 * `ids[j]` / `keys[j]` only for positions one of them has covered.
 *
 * Lifecycle per token: `beginRow` → logit stages (`restrictTo`, `maskIds`, `setTemperature`) → `normalise` →
 * filters (`keep`) → selector.
 */
export class Candidates {
  readonly vocabSize: number;
  /** e_i = exp(z_i − max z) by token id; 0 for masked / excluded ids. */
  readonly weights: Float64Array;
  private readonly order: CanonicalOrder;
  private source: Float32Array;
  private maskScratch: Float32Array | null = null;
  private limit: number;
  private invTemperature = 1;
  private normalised = false;
  /** Z = Σ weights. */
  total = 0;
  /** H(p) of the tempered, masked distribution, nats. */
  entropy = 0;
  /** Lowest id with the largest logit. */
  argmax = -1;
  private size = 0;
  private mass = NaN;
  /** Scratch for the softmax pass's sums. */
  private readonly sums = new Float64Array(4);

  constructor(vocabSize: number) {
    if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`vocabSize must be a positive integer, got ${vocabSize}`);
    this.vocabSize = vocabSize;
    this.weights = new Float64Array(vocabSize);
    this.order = new CanonicalOrder(vocabSize, this.weights);
    this.source = new Float32Array(0);
    this.limit = vocabSize;
  }

  /** Starts a row step on `logits` (read, never written). */
  beginRow(logits: Float32Array): void {
    if (logits.length !== this.vocabSize) {
      throw new Error(`logits row has length ${logits.length}, expected vocabSize ${this.vocabSize}`);
    }
    this.source = logits;
    this.limit = this.vocabSize;
    this.invTemperature = 1;
    this.normalised = false;
  }

  /** Excludes ids ≥ n (lm_head padding beyond the tokenizer's size). */
  restrictTo(n: number): void {
    this.limit = Math.min(this.limit, n);
  }

  /** Sets the listed ids to −∞, in a private copy of the row (the engine's logits are never mutated). */
  maskIds(ids: ArrayLike<number>): void {
    if (ids.length === 0) return;
    if (this.source !== this.maskScratch) {
      this.maskScratch ??= new Float32Array(this.vocabSize);
      this.maskScratch.set(this.source);
      this.source = this.maskScratch;
    }
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(`masked id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
      }
      this.source[id] = -Infinity;
    }
  }

  /** z = l / T, applied inside the softmax pass (no separate pass over the row). */
  setTemperature(temperature: number): void {
    this.invTemperature = 1 / temperature;
  }

  /** Softmax + entropy + bucketing (spec §1.2); afterwards S = every token with p > 0. */
  normalise(): void {
    const stats = softmaxPass(this.source, this.limit, this.invTemperature, this.weights, this.order, this.sums);
    this.finish(stats.total, stats.entropy, stats.argmax);
  }

  /** Loads an already normalised (or positively scaled) probability vector instead of logits. */
  loadProbabilities(probs: ArrayLike<number>): void {
    if (probs.length !== this.vocabSize) throw new Error(`probabilities have length ${probs.length}, expected ${this.vocabSize}`);
    const stats = probabilityPass(probs, this.weights, this.order);
    this.limit = probs.length;
    this.finish(stats.total, stats.entropy, stats.argmax);
  }

  private finish(total: number, entropy: number, argmax: number): void {
    this.total = total;
    this.entropy = entropy;
    this.argmax = argmax;
    this.size = this.order.nonzero;
    this.mass = total;
    this.normalised = true;
  }

  /** Tokens with p > 0. */
  get nonzero(): number {
    return this.order.nonzero;
  }

  /** |S|. */
  get keptSize(): number {
    return this.size;
  }

  /** Shrinks S to its first n canonical positions. S is never empty. */
  keep(n: number): void {
    if (!this.normalised) throw new Error('filters run after normalise()');
    if (!Number.isInteger(n) || n < 1 || n > this.size) {
      throw new Error(`kept set must shrink to 1..${this.size} tokens, got ${n}`);
    }
    if (n !== this.size) {
      this.size = n;
      this.mass = NaN;
    }
  }

  /** Σ_{S} weights (bucket-grouped; Z while S is every token). */
  keptMass(): number {
    if (Number.isNaN(this.mass)) this.mass = this.order.prefixMass(this.size);
    return this.mass;
  }

  /** p of the argmax, in the full tempered distribution. */
  get maxProbability(): number {
    return this.weights[this.argmax] / this.total;
  }

  /** Canonical positions → token ids (read only positions an accessor covered). */
  get ids(): Int32Array {
    return this.order.ids;
  }

  /** Canonical positions → weights: keys[j] = weights[ids[j]], laid out for sequential reads. */
  get keys(): Float64Array {
    return this.order.keys;
  }

  /** Makes ids[0, n) canonical (n clamped to the tokens with p > 0); returns the clamped n. */
  ensureOrdered(n: number): number {
    return this.order.ensureOrdered(n);
  }

  /** How many leading positions are already in canonical order (≥ what `ensureOrdered` was last asked for). */
  orderedLength(): number {
    return this.order.orderedLength();
  }

  /** First position j < limit where the running mass of S reaches target (`>=` inclusive, else `>`). */
  findMassCrossing(target: number, limit: number, inclusive: boolean): number {
    return this.order.findMassCrossing(target, limit, inclusive);
  }

  /** How many of the first `limit` positions have weight ≥ threshold. */
  countAtLeast(threshold: number, limit: number): number {
    return this.order.countAtLeast(threshold, limit);
  }

  /** Drops the materialised order (benchmarks time stages from a cold start with it). */
  forgetOrder(): void {
    this.order.forgetOrder();
    this.size = this.order.nonzero;
    this.mass = this.total;
  }
}
