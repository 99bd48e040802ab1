import { describe, expect, it } from 'vitest';
import { Candidates } from '../../../src/core/sampling/candidates';
import { assertTopHParams, topHCut } from '../../../src/core/sampling/stages/top-h';
import { refOrder } from './reference';
import { TOP_H_VECTORS } from './spec-vectors';

/** Top-H's kept ids on an already normalised distribution (spec §3), in canonical order. */
function topHSelect(probs: Float32Array, opts: { alpha: number; mode: 'paper' | 'reference'; topN?: number }): Int32Array {
  assertTopHParams(opts);
  const c = new Candidates(probs.length);
  c.loadProbabilities(probs);
  const { kept } = topHCut(c, opts);
  return c.ensureOrdered(kept).ids.slice(0, kept);
}

describe('Top-H cut on a distribution', () => {
  for (const v of TOP_H_VECTORS) {
    it(`${v.name}: returns the ${v.paper} (paper) / ${v.reference} (reference) most probable ids in canonical order`, () => {
      const probs = Float32Array.from(v.p);
      const order = refOrder(probs);
      expect(Array.from(topHSelect(probs, { alpha: v.alpha, mode: 'paper' }))).toEqual(order.slice(0, v.paper));
      expect(Array.from(topHSelect(probs, { alpha: v.alpha, mode: 'reference', topN: 100 }))).toEqual(order.slice(0, v.reference));
    });
  }

  it('finds the kept ids wherever they sit in the vector', () => {
    const probs = Float32Array.from([0.05, 0.5, 0.0, 0.25, 0.125, 0.075]);
    expect(Array.from(topHSelect(probs, { alpha: 0.8, mode: 'paper' }))).toEqual([1, 3, 4]);
  });

  it('defaults topN to 100 in reference mode', () => {
    const flat = new Float32Array(300).fill(1 / 300);
    expect(topHSelect(flat, { alpha: 1, mode: 'reference' })).toHaveLength(100);
    expect(topHSelect(flat, { alpha: 1, mode: 'paper' })).toHaveLength(300);
  });

  it('rejects bad options and bad probabilities', () => {
    expect(() => topHSelect(Float32Array.from([1]), { alpha: 0, mode: 'paper' })).toThrow(/alpha/);
    expect(() => topHSelect(Float32Array.from([0.5, -0.5]), { alpha: 0.4, mode: 'paper' })).toThrow(/>= 0/);
    expect(() => topHSelect(new Float32Array(3), { alpha: 0.4, mode: 'paper' })).toThrow(/all zero/);
  });
});
