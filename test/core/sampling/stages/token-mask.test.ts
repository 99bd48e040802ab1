import { describe, expect, it } from 'vitest';
import { Candidates } from '../../../../src/core/sampling/candidates';
import type { StepInput } from '../../../../src/core/sampling/chain';
import { tokenMask } from '../../../../src/core/sampling/stages/token-mask';

const noRandomness: StepInput['rng'] = {
  uniform: () => {
    throw new Error('token-mask must not draw');
  },
};

function masked(logits: number[], validTokens: number, mask: number[] | null): Candidates {
  const c = new Candidates(logits.length);
  c.beginRow(Float32Array.from(logits));
  tokenMask(validTokens).apply(c, { rng: noRandomness, position: 0, mask: mask && Int32Array.from(mask) });
  c.normalise();
  return c;
}

describe('token-mask', () => {
  it('sets this step’s ids and every id >= validTokens to −∞, which can change the argmax', () => {
    const c = masked([1, 9, 2, 3, 8, 10], 5, [1]);
    expect(Array.from({ length: 6 }, (_, id) => c.weightOf(id) > 0)).toEqual([true, false, true, true, true, false]);
    expect(c.argmax).toBe(4);
  });

  it('leaves the row alone without a mask and with an empty one', () => {
    expect(masked([1, 2, 3], 3, null).nonzero).toBe(3);
    expect(masked([1, 2, 3], 3, []).nonzero).toBe(3);
  });

  it('does not carry a mask into the next step on the same buffer', () => {
    const c = new Candidates(3);
    const stage = tokenMask(3);
    const row = Float32Array.from([1, 2, 3]);
    c.beginRow(row);
    stage.apply(c, { rng: noRandomness, position: 0, mask: Int32Array.from([2]) });
    c.normalise();
    expect(c.argmax).toBe(1);
    c.beginRow(row);
    stage.apply(c, { rng: noRandomness, position: 1 });
    c.normalise();
    expect(c.argmax).toBe(2);
    expect(Array.from(row)).toEqual([1, 2, 3]);
  });

  it('rejects a non-positive validTokens and ids outside the row', () => {
    expect(() => tokenMask(0)).toThrow(/validTokens/);
    expect(() => masked([1, 2], 2, [-1])).toThrow(/outside the vocabulary/);
  });
});
