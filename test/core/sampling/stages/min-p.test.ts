import { describe, expect, it } from 'vitest';
import { minP } from '../../../../src/core/sampling/stages/min-p';
import { expectKept, keptAfter } from './harness';

// llama.cpp tests/test-sampling.cpp style: ids 0..3 hold p = 0.1, 0.2, 0.3, 0.4.
const P = [0.1, 0.2, 0.3, 0.4];

describe('min-p', () => {
  it('keeps p_i >= minP · p_max, renormalised', () => {
    expectKept(keptAfter(P, minP(0)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
    expectKept(keptAfter(P, minP(0.24)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
    expectKept(keptAfter(P, minP(0.26)), [3, 2, 1], [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]);
    expectKept(keptAfter(P, minP(0.49)), [3, 2, 1], [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]);
    expectKept(keptAfter(P, minP(0.51)), [3, 2], [0.4 / 0.7, 0.3 / 0.7]);
    expectKept(keptAfter(P, minP(0.74)), [3, 2], [0.4 / 0.7, 0.3 / 0.7]);
    expectKept(keptAfter(P, minP(0.76)), [3], [1]);
  });

  it('always keeps the argmax, ties included', () => {
    expectKept(keptAfter([0.2, 0.4, 0.4], minP(0.99)), [1, 2], [0.5, 0.5]);
  });

  it('rejects minP outside [0, 1)', () => {
    expect(() => minP(1)).toThrow(/minP/);
    expect(() => minP(-0.1)).toThrow(/minP/);
    expect(() => minP(NaN)).toThrow(/minP/);
  });
});
