import { describe, expect, it } from 'vitest';
import { temperature } from '../../../../src/core/sampling/stages/temperature';
import { refSoftmax } from '../reference';
import { loaded } from './harness';

describe('temperature', () => {
  it('divides the logits by T before the softmax', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    for (const t of [0.25, 0.6, 1, 1.5, 4]) {
      const c = loaded(p, t);
      const ref = refSoftmax(p.map(Math.log), t);
      p.forEach((_, i) => expect(c.weightOf(i) / c.total).toBeCloseTo(ref.probs[i]!, 6));
      expect(c.entropy).toBeCloseTo(ref.entropy, 6);
    }
  });

  it('rejects T that is not finite and > 0 (greedy is handled by the row sampler)', () => {
    expect(() => temperature(0)).toThrow(/temperature/);
    expect(() => temperature(-1)).toThrow(/temperature/);
    expect(() => temperature(Infinity)).toThrow(/temperature/);
  });
});
