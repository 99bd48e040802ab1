import type { UniformSource } from '../rng';
import type { Candidates } from './candidates';

/**
 * What a row step gives the chain besides the logits.
 * - `position`: the token position, the index of the `sample` draw (spec §1.5).
 * - `mask`: ids to set to −∞ for this step only (banned ids; CGRS suppression is a stage of its own).
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

/**
 * Where a stage runs in the step pipeline (spec §1.1): `logits` stages before the softmax (masks, temperature),
 * `filter` stages after it (each shrinks the kept set S to a canonical prefix), exactly one `selector` last (it
 * calls `Candidates.select`), `observer` stages only watch accepted tokens.
 */
export type StageKind = 'logits' | 'filter' | 'selector' | 'observer';

/**
 * What a stage reads, cheapest first; the chain runs the cheapest softmax pass that serves all its stages:
 * - 'logits': nothing of the softmax (logit stages, greedy's argmax, observers): no pass at all;
 * - 'weights': weights in canonical order and Z (filters, dist): the bounded pass does;
 * - 'entropy': also H(p) (Top-H paper): the bounded pass with its entropy sums;
 * - 'exact': Z and H(p) to the last bit (Top-H reference, whose statistic is p ln p with p = w/Z): the exact pass.
 */
export type StageNeeds = 'logits' | 'weights' | 'entropy' | 'exact';

export const NEEDS_RANK: Record<StageNeeds, number> = { logits: 0, weights: 1, entropy: 2, exact: 3 };

/**
 * One sampler stage, after llama.cpp's `llama_sampler_i` (name / apply / accept / reset / clone): a chain of them
 * is itself a Sampler (chain.ts).
 * - `apply` transforms the row's candidate buffer for this step;
 * - `accept` sees the token the row took (stateful stages advance: CGRS suppression, phase tracking);
 * - `reset` returns the stage to its state before the first token; `clone` gives an independent copy (stateless
 *   stages may return themselves).
 */
export interface Sampler {
  readonly name: string;
  readonly kind: StageKind;
  readonly needs: StageNeeds;
  apply(c: Candidates, step: StepInput): void;
  accept(token: number): void;
  reset(): void;
  clone(): Sampler;
}

/** A stage without state: accept and reset do nothing, clone returns the stage itself. */
export function statelessStage(
  kind: StageKind,
  name: string,
  apply: (c: Candidates, step: StepInput) => void,
  needs: StageNeeds = kind === 'logits' || kind === 'observer' ? 'logits' : 'weights',
): Sampler {
  const stage: Sampler = {
    name,
    kind,
    needs,
    apply,
    accept: () => {},
    reset: () => {},
    clone: () => stage,
  };
  return stage;
}
