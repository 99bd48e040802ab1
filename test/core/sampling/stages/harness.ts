import { expect } from 'vitest';
import { Candidates, type NormaliseMode } from '../../../../src/core/sampling/candidates';
import type { StepInput } from '../../../../src/core/sampling/chain';
import type { Sampler } from '../../../../src/core/sampling/chain';
import { logitsOf } from '../distributions';

export interface Kept {
  /** Kept ids in canonical order. */
  ids: number[];
  /** Their renormalised probabilities q = p|S. */
  probs: number[];
}

/** A step for stages that draw nothing. */
export const NO_STEP: StepInput = {
  rng: {
    uniform: () => {
      throw new Error('this stage must not draw');
    },
  },
  position: 0,
};

/** Runs a selector stage on `c` and returns its choice. */
export function selectWith(stage: Sampler, c: Candidates, step: StepInput): number {
  stage.apply(c, step);
  return c.selected;
}

/** Runs `filters` on softmax(ln p) and reads back S. */
export function keptAfter(p: readonly number[], ...filters: Sampler[]): Kept {
  const c = loaded(p);
  for (const f of filters) f.apply(c, NO_STEP);
  return readKept(c);
}

/** Candidates after the softmax of ln p at temperature t. */
export function loaded(p: readonly number[], t = 1): Candidates {
  return loadedLogits(logitsOf(p), t);
}

export function loadedLogits(logits: Float32Array, t = 1, mode: NormaliseMode = 'exact'): Candidates {
  const c = new Candidates(logits.length);
  c.beginRow(logits, mode);
  c.setTemperature(t);
  c.normalise();
  return c;
}

export function readKept(c: Candidates): Kept {
  const n = c.keptSize;
  const ids = Array.from(c.ensureOrdered(n).ids.subarray(0, n));
  const mass = c.keptMass();
  return { ids, probs: ids.map((id) => c.weightOf(id) / mass) };
}

/** Expects S to be `ids` with renormalised probabilities `probs` (float32 logits: 6 decimals). */
export function expectKept(got: Kept, ids: number[], probs: number[]): void {
  expect(got.ids).toEqual(ids);
  expect(got.probs).toHaveLength(probs.length);
  probs.forEach((p, i) => expect(got.probs[i]).toBeCloseTo(p, 6));
}
