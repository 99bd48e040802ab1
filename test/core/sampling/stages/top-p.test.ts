import { describe, expect, it } from 'vitest';
import { topK } from '../../../../src/core/sampling/stages/top-k';
import { topP } from '../../../../src/core/sampling/stages/top-p';
import { expectKept, keptAfter } from './harness';

const P = [0.1, 0.2, 0.3, 0.4];

describe('top-p', () => {
  it('keeps the shortest canonical prefix with mass >= p; p = 1 is a no-op', () => {
    expectKept(keptAfter(P, topP(0.3)), [3], [1]);
    expectKept(keptAfter(P, topP(0.5)), [3, 2], [0.4 / 0.7, 0.3 / 0.7]);
    expectKept(keptAfter(P, topP(0.8)), [3, 2, 1], [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]);
    expectKept(keptAfter(P, topP(0.95)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
    expectKept(keptAfter(P, topP(1)), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]);
  });

  it('keeps at least the argmax even for tiny p', () => {
    expectKept(keptAfter(P, topP(1e-9)), [3], [1]);
  });

  it('measures mass on the survivors of the previous filter, renormalised', () => {
    // After top-k 3: q = {4/9, 3/9, 2/9}; 4/9 + 3/9 = 0.78 >= 0.75 keeps 2 (on the raw p, 0.4 + 0.3 < 0.75 would keep 3).
    expectKept(keptAfter(P, topK(3), topP(0.75)), [3, 2], [0.4 / 0.7, 0.3 / 0.7]);
  });

  it('rejects p outside (0, 1]', () => {
    expect(() => topP(0)).toThrow(/topP/);
    expect(() => topP(1.01)).toThrow(/topP/);
  });
});
