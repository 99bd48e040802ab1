import { describe, expect, it } from 'vitest';
import type { StepInput } from '../../../../src/core/sampling/chain';
import { greedy } from '../../../../src/core/sampling/stages/greedy';
import { logitsOf } from '../distributions';
import { loaded, loadedLogits, selectWith } from './harness';

const throwingRng: StepInput['rng'] = {
  uniform: () => {
    throw new Error('greedy must not draw');
  },
};

describe('greedy', () => {
  it('returns the argmax without drawing', () => {
    expect(selectWith(greedy(), loaded([0.1, 0.2, 0.4, 0.3]), { rng: throwingRng, position: 0 })).toBe(2);
  });

  it('breaks ties to the lowest id', () => {
    expect(selectWith(greedy(), loadedLogits(Float32Array.from([1, 5, 2, 5, 5])), { rng: throwingRng, position: 0 })).toBe(1);
  });

  it('ignores masked ids (−∞)', () => {
    const logits = logitsOf([0.1, 0, 0.2, 0.4]);
    logits[3] = -Infinity;
    expect(selectWith(greedy(), loadedLogits(logits), { rng: throwingRng, position: 0 })).toBe(2);
  });
});
