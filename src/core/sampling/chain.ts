import type { UniformSource } from '../rng';
import type { Candidates } from './candidates';

/**
 * What a row step gives the chain besides the logits.
 * - `position`: the token position, the index of the `sample` draw (spec §1.5).
 * - `mask`: ids to set to −∞ for this step only (CGRS suppression when its draw fired; banned ids).
 * - `stream` / `subIndex`: the CGRS probe samples from the `probe` stream at (checkpoint, probe position); pass
 *   `stream: 'probe'`, `position: checkpoint`, `subIndex: probe position`.
 * - `entropyTopK`: also report −Σ_{top-K} p ln p of the full distribution (CGRS `topk` certainty, spec §4.5).
 */
export interface StepInput {
  /** The row's randomness (a `RowRng`); greedy never calls it. */
  rng: UniformSource;
  position: number;
  mask?: Int32Array | null;
  stream?: 'sample' | 'probe';
  subIndex?: number;
  entropyTopK?: number;
}

/** Runs before the softmax and changes what it sees (masks, temperature). */
export interface LogitStage {
  readonly name: string;
  apply(c: Candidates, step: StepInput): void;
}

/** Shrinks the kept set S after the softmax; keeps a non-empty canonical prefix, hence always the argmax. */
export interface FilterStage {
  readonly name: string;
  apply(c: Candidates): void;
}

/** Picks the token. Exactly one ends a chain. */
export interface Selector {
  readonly name: string;
  select(c: Candidates, step: StepInput): number;
}

/**
 * A row sampler chain in the style of llama.cpp's `llama_sampler_chain`: stages mutate one shared candidate
 * buffer in place and exactly one selector comes last.
 *
 * Step order of one row, one token (spec §1.1; this is the only place it is written down):
 * 1. logits in: the engine's Float32 row, read only (`Candidates.beginRow`);
 * 2. logit stages, in this order: token-mask (ids ≥ the tokenizer's size, then this step's masked ids → −∞, on a
 *    private copy), temperature (z = l/T; greedy uses T = 1 here only to report the entropy);
 * 3. softmax over the vocabulary in float64 with H(p) from the same pass (`Candidates.normalise`, spec §1.2);
 * 4. filters in the fixed order Top-H → top-k → top-p → min-p, each on the survivors of the one before,
 *    renormalised; greedy runs none (they all keep the argmax);
 * 5. one selector: `greedy` (argmax of the masked logits, ties → lowest id, no randomness) or `dist` (seeded draw
 *    from the row's stream, walking S in canonical order, spec §1.4).
 */
export class SamplerChain {
  readonly logitStages: readonly LogitStage[];
  readonly filters: readonly FilterStage[];
  readonly selector: Selector;

  constructor(logitStages: readonly LogitStage[], filters: readonly FilterStage[], selector: Selector) {
    this.logitStages = logitStages;
    this.filters = filters;
    this.selector = selector;
  }

  /** Runs steps 1-5 on one row; returns the token id. */
  run(c: Candidates, logits: Float32Array, step: StepInput): number {
    c.beginRow(logits);
    for (const stage of this.logitStages) stage.apply(c, step);
    c.normalise();
    for (const filter of this.filters) filter.apply(c);
    return this.selector.select(c, step);
  }

  /** Stage names in run order, e.g. ['token-mask', 'temperature', 'top-p', 'dist']. */
  describe(): string[] {
    return [...this.logitStages, ...this.filters, this.selector].map((s) => s.name);
  }
}
