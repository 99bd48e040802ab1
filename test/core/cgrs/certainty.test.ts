import { describe, expect, it } from 'vitest';
import { certainty, firstDisagreement, suppressionProbability } from '../../../src/core/cgrs/certainty';

const LN5 = Math.log(5);
const LN100 = Math.log(100);
/** Position 0 is deliberately extreme: it must be skipped. */
const pos0 = { entropy: 1e6, topKEntropy: 1e6 };

describe('certainty', () => {
  it("'topk': 1 − mean top-K entropy (positions ≥ 1) / ln K", () => {
    const stats = [pos0, { entropy: 9, topKEntropy: 0.1 * LN5 }, { entropy: 9, topKEntropy: 0.3 * LN5 }];
    // mean H̃ = 0.2 ln 5 ⇒ C = 1 − 0.2 = 0.8
    expect(certainty(stats, { norm: 'topk', topK: 5, vocabSize: 100 })).toBeCloseTo(0.8, 12);
  });

  it("'vocab': 1 − mean full entropy (positions ≥ 1) / ln |V|", () => {
    const stats = [pos0, { entropy: 0.5 * LN100, topKEntropy: 0 }, { entropy: 0.1 * LN100, topKEntropy: 0 }];
    // mean H = 0.3 ln 100 ⇒ C = 0.7
    expect(certainty(stats, { norm: 'vocab', topK: 5, vocabSize: 100 })).toBeCloseTo(0.7, 12);
  });

  it('is 0 when m ≤ 1 (only the skipped position, or nothing)', () => {
    expect(certainty([], { norm: 'topk', topK: 5, vocabSize: 100 })).toBe(0);
    expect(certainty([{ entropy: 0, topKEntropy: 0 }], { norm: 'topk', topK: 5, vocabSize: 100 })).toBe(0);
  });

  it('is 1 for zero entropies and clamps to [0, 1]', () => {
    const zero = [pos0, { entropy: 0, topKEntropy: 0 }];
    expect(certainty(zero, { norm: 'topk', topK: 5, vocabSize: 100 })).toBe(1);
    // K = 2: two tokens at p = 1/e give an unnormalised top-2 entropy 2/e > ln 2 ⇒ 1 − (2/e)/ln 2 < 0 ⇒ clamped to 0
    const wide = [pos0, { entropy: 1, topKEntropy: 2 / Math.E }];
    expect(1 - 2 / Math.E / Math.log(2)).toBeLessThan(0);
    expect(certainty(wide, { norm: 'topk', topK: 2, vocabSize: 100 })).toBe(0);
  });

  it('rejects invalid statistics and K < 2', () => {
    expect(() => certainty([pos0, { entropy: NaN, topKEntropy: NaN }], { norm: 'topk', topK: 5, vocabSize: 10 })).toThrow(/position 1/);
    expect(() => certainty([pos0, { entropy: 0, topKEntropy: 0 }], { norm: 'topk', topK: 1, vocabSize: 10 })).toThrow(/topK/);
  });
});

describe('suppressionProbability', () => {
  it.each([
    [0.95, 0.9, 0.5],
    [1, 0.9, 1],
    [0.9, 0.9, 0],
    [0.5, 0.9, 0],
    [0.5, 0, 0.5],
    [1, 1, 0],
    [0.3, 0.5, 0],
  ])('C %f, δ %f ⇒ %f', (c, delta, expected) => {
    expect(suppressionProbability(c, delta)).toBeCloseTo(expected, 12);
  });
});

describe('firstDisagreement', () => {
  it('finds the first step whose decision flips between p_old and p_new', () => {
    expect(firstDisagreement([0.1, 0.5, 0.3, 0.35], 0.2, 0.4)).toBe(2);
    expect(firstDisagreement([0.1, 0.5], 0.2, 0.4)).toBe(-1);
    expect(firstDisagreement([0.1, 0.5], 0.3, 0.3)).toBe(-1);
    expect(firstDisagreement([0.9, 0.05], 0, 0.1)).toBe(1);
  });
});
