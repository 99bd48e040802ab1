import { describe, expect, it } from 'vitest';
import { Candidates } from '../../../../src/core/sampling/candidates';
import { topH, topHCut } from '../../../../src/core/sampling/stages/top-h';
import { LOGITS_KINDS, makeLogits, TestRandom } from '../distributions';
import { refEntropy, refOrder, refSoftmax, refTopH } from '../reference';
import { TOP_H_VECTORS } from '../spec-vectors';
import { keptAfter, loadedLogits } from './harness';

function fromProbs(p: ArrayLike<number>): Candidates {
  const c = new Candidates(p.length);
  c.loadProbabilities(p);
  return c;
}

describe('Top-H on the spec §3.5 vectors', () => {
  for (const v of TOP_H_VECTORS) {
    it(`${v.name}: paper k=${v.paper}, reference k=${v.reference}, H(p)=${v.entropy}`, () => {
      const c = fromProbs(v.p);
      expect(c.entropy).toBeCloseTo(v.entropy, 4);
      const paper = topHCut(c, { alpha: v.alpha, mode: 'paper' });
      expect(paper.kept).toBe(v.paper);
      expect(paper.threshold).toBeCloseTo(v.alpha * v.entropy, 3);
      const reference = topHCut(c, { alpha: v.alpha, mode: 'reference' });
      expect(reference.kept).toBe(v.reference);
      if (v.tau !== undefined) expect(reference.threshold).toBeCloseTo(v.tau, 4);
      // The same cut through the float32 logits path (softmax of ln p at T = 1).
      expect(keptAfter(v.p, topH({ alpha: v.alpha, mode: 'paper' })).ids).toHaveLength(v.paper);
      expect(keptAfter(v.p, topH({ alpha: v.alpha, mode: 'reference', topN: 100 })).ids).toHaveLength(v.reference);
    });
  }

  it('paper mode is uncapped: p_max 0.9 with a Zipf(1) tail over 151,936 ids keeps 365 tokens holding 95% (spec §3.4)', () => {
    const v = 151_936;
    const p = new Float64Array(v);
    let tail = 0;
    for (let i = 1; i < v; i++) tail += 1 / i;
    for (let i = 1; i < v; i++) p[i] = 0.1 / i / tail;
    p[0] = 0.9;
    const c = fromProbs(p);
    const cut = topHCut(c, { alpha: 0.4, mode: 'paper' });
    expect(cut.kept).toBe(365);
    const mass = Array.from(c.ensureOrdered(cut.kept).ids.subarray(0, cut.kept)).reduce((a, id) => a + p[id]!, 0);
    expect(mass).toBeGreaterThan(0.95);
    expect(topHCut(c, { alpha: 0.4, mode: 'reference' }).kept).toBeLessThanOrEqual(100);
  });
});

describe('Top-H properties on random distributions', () => {
  it('paper: kept entropy <= α·H(p), adding the next token would exceed it; equals the full-sort reference', () => {
    const r = new TestRandom(30);
    for (let trial = 0; trial < 120; trial++) {
      const logits = makeLogits(r, r.int(2, 3000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const t = r.pick([0.6, 1, 1.5, 2]);
      const alpha = r.pick([0.1, 0.4, 0.7, 0.95]);
      const c = loadedLogits(logits, t);
      const { probs } = refSoftmax(logits, t);
      const cut = topHCut(c, { alpha, mode: 'paper' });
      const order = refOrder(probs);
      expect(cut.kept).toBe(refTopH(probs, alpha, 'paper').kept.length);
      const renormalisedEntropy = (n: number): number => {
        const mass = order.slice(0, n).reduce((a, id) => a + probs[id]!, 0);
        return refEntropy(order.slice(0, n).map((id) => probs[id]! / mass));
      };
      expect(renormalisedEntropy(cut.kept)).toBeLessThanOrEqual(alpha * refEntropy(probs) + 1e-9);
      if (cut.kept < order.length) expect(renormalisedEntropy(cut.kept + 1)).toBeGreaterThan(alpha * refEntropy(probs) - 1e-9);
      expect(c.ensureOrdered(1).ids[0]).toBe(order[0]);
    }
  });

  it('reference: never keeps more than topN and equals the full-sort reference', () => {
    const r = new TestRandom(31);
    for (let trial = 0; trial < 120; trial++) {
      const logits = makeLogits(r, r.int(2, 3000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const c = loadedLogits(logits, r.pick([1, 2, 4]));
      const probs = Array.from({ length: c.vocabSize }, (_, id) => c.weightOf(id) / c.total);
      const topN = r.pick([1, 5, 100]);
      const alpha = r.pick([0.2, 0.4, 0.9, 1]);
      const cut = topHCut(c, { alpha, mode: 'reference', topN });
      expect(cut.kept).toBeLessThanOrEqual(topN);
      expect(cut.kept).toBeGreaterThanOrEqual(1);
      expect(cut.kept).toBe(refTopH(probs, alpha, 'reference', topN).kept.length);
    }
  });

  it('α = 1 keeps every token with p > 0 (paper) or the top N (reference)', () => {
    const p = [0.5, 0, 0.3, 0.2];
    expect(keptAfter(p, topH({ alpha: 1, mode: 'paper' })).ids).toEqual([0, 2, 3]);
    expect(keptAfter(p, topH({ alpha: 1, mode: 'reference', topN: 2 })).ids).toEqual([0, 2]);
  });

  it('rejects α outside (0, 1], unknown modes and bad topN', () => {
    expect(() => topH({ alpha: 0, mode: 'paper' })).toThrow(/alpha/);
    expect(() => topH({ alpha: 1.1, mode: 'paper' })).toThrow(/alpha/);
    expect(() => topH({ alpha: 0.4, mode: 'other' as 'paper' })).toThrow(/mode/);
    expect(() => topH({ alpha: 0.4, mode: 'reference', topN: 0 })).toThrow(/topN/);
  });
});
