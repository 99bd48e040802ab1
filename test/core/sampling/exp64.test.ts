import { describe, expect, it } from 'vitest';
import { exp64, expInRange } from '../../../src/core/sampling/exp64';
import { TestRandom } from './distributions';

describe('exp64', () => {
  it('stays within 2 ulp of Math.exp over the softmax range and beyond', () => {
    const r = new TestRandom(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = i % 2 === 0 ? -50 * r.next() : -708 + 1417 * r.next();
      const want = Math.exp(x);
      worst = Math.max(worst, Math.abs(exp64(x) - want) / want);
    }
    expect(worst).toBeLessThan(2 * Number.EPSILON);
  });

  it('has an unchecked kernel that equals exp64 inside [-708, 709] and propagates NaN', () => {
    const r = new TestRandom(4);
    for (let i = 0; i < 10_000; i++) {
      const x = -708 + 1417 * r.next();
      expect(expInRange(x)).toBe(exp64(x));
    }
    expect(expInRange(NaN)).toBeNaN();
  });

  it('is exact at 0 and defers to Math.exp at the edges', () => {
    expect(exp64(0)).toBe(1);
    expect(exp64(-0)).toBe(1);
    expect(exp64(-Infinity)).toBe(0);
    expect(exp64(-800)).toBe(Math.exp(-800));
    expect(exp64(710)).toBe(Infinity);
    expect(exp64(NaN)).toBeNaN();
  });

  it('keeps the order of tempered float32 logits: x < y one float32 step apart gives exp64(x) < exp64(y)', () => {
    const r = new TestRandom(2);
    let violations = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = Math.fround(-60 * r.next()) / r.pick([0.6, 1, 1.5]);
      const y = x + Math.max(Math.abs(x) * 2 ** -24, 2 ** -40);
      if (!(exp64(x) < exp64(y))) violations++;
    }
    expect(violations).toBe(0);
  });
});
