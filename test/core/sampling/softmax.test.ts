import { describe, expect, it } from 'vitest';
import { Candidates } from '../../../src/core/sampling/candidates';
import { LOGITS_KINDS, makeLogits, TestRandom } from './distributions';
import { refEntropy, refSoftmax } from './reference';

function normalise(logits: Float32Array, t = 1, valid = logits.length, mask: number[] = []): Candidates {
  const c = new Candidates(logits.length);
  c.beginRow(logits);
  c.restrictTo(valid);
  c.maskIds(mask);
  c.setTemperature(t);
  c.normalise();
  return c;
}

describe('softmax + entropy pass', () => {
  it('matches a Math.exp softmax and −Σ p ln p on random rows', () => {
    const r = new TestRandom(20);
    for (let trial = 0; trial < 50; trial++) {
      const logits = makeLogits(r, r.int(1, 3000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const t = r.pick([0.3, 0.6, 1, 1.5, 2]);
      const c = normalise(logits, t);
      const ref = refSoftmax(logits, t);
      expect(c.entropy).toBeCloseTo(ref.entropy, 10);
      let worst = 0;
      for (let i = 0; i < logits.length; i++) worst = Math.max(worst, Math.abs(c.weightOf(i) / c.total - ref.probs[i]!));
      expect(worst).toBeLessThan(1e-13);
      expect(c.maxProbability).toBeCloseTo(Math.max(...ref.probs), 13);
    }
  });

  it('gives masked ids and ids ≥ validTokens no mass and no NaN (0·log 0 = 0)', () => {
    const logits = Float32Array.from([2, -Infinity, 1, 5, 0.5, 9, 9]);
    const c = normalise(logits, 1, 5, [3]);
    const ref = refSoftmax(logits, 1, 5, [3]);
    expect(Array.from({ length: 5 }, (_, id) => c.weightOf(id) / c.total)).toEqual(Array.from(ref.probs.subarray(0, 5), (p) => expect.closeTo(p, 15)));
    expect(c.weightOf(1)).toBe(0);
    expect(c.weightOf(3)).toBe(0);
    expect(c.nonzero).toBe(3);
    expect(c.argmax).toBe(0);
    expect(c.entropy).toBeCloseTo(refEntropy(ref.probs), 14);
  });

  it('has entropy 0 for one live token and ln n for n equal ones', () => {
    expect(normalise(Float32Array.from([-Infinity, 3, -Infinity])).entropy).toBe(0);
    expect(normalise(new Float32Array(10).fill(1.25)).entropy).toBeCloseTo(Math.log(10), 14);
  });

  it('never mutates the logits row, masks included', () => {
    const logits = Float32Array.from([1, 2, 3, 4]);
    normalise(logits, 0.5, 3, [0, 3]);
    expect(Array.from(logits)).toEqual([1, 2, 3, 4]);
  });

  it('throws clear errors for rows with nothing left, NaN or +Infinity, and bad mask ids', () => {
    expect(() => normalise(Float32Array.from([1, 2]), 1, 2, [0, 1])).toThrow(/every logit is masked/);
    expect(() => normalise(Float32Array.from([1, NaN, 2]))).toThrow(/NaN/);
    expect(() => normalise(Float32Array.from([1, Infinity]))).toThrow(/Infinity/);
    expect(() => normalise(Float32Array.from([1, 2]), 1, 2, [2])).toThrow(/outside the vocabulary/);
    const c = new Candidates(3);
    expect(() => c.beginRow(new Float32Array(4))).toThrow(/length 4, expected vocabSize 3/);
  });

  it('loads probability vectors with the same statistics', () => {
    const p = [0.5, 0.25, 0, 0.125, 0.125];
    const c = new Candidates(p.length);
    c.loadProbabilities(p);
    expect(c.entropy).toBeCloseTo(refEntropy(p), 15);
    expect(c.nonzero).toBe(4);
    expect(c.maxProbability).toBeCloseTo(0.5, 15);
    expect(() => c.loadProbabilities([0.5, -0.1, 0.6, 0, 0])).toThrow(/>= 0/);
    expect(() => c.loadProbabilities([0, 0, 0, 0, 0])).toThrow(/all zero/);
  });
});
