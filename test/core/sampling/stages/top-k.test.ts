import { describe, expect, it } from 'vitest';
import { topK } from '../../../../src/core/sampling/stages/top-k';
import { expectKept, keptAfter } from './harness';

const P = [0.1, 0.2, 0.3, 0.4];

describe('top-k', () => {
  it('keeps the k most probable tokens, renormalised; k >= V is a no-op', () => {
    expectKept(keptAfter(P, topK(1)), [3], [1]);
    expectKept(keptAfter(P, topK(3)), [3, 2, 1], [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]);
    expectKept(keptAfter(P, topK(4)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
    expectKept(keptAfter(P, topK(10)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
  });

  it('breaks ties at the cut by ascending id', () => {
    expect(keptAfter([0.1, 0.3, 0.3, 0.3], topK(2)).ids).toEqual([1, 2]);
  });

  it('rejects k that is not an integer >= 1', () => {
    expect(() => topK(0)).toThrow(/topK/);
    expect(() => topK(2.5)).toThrow(/topK/);
  });
});
