import { describe, expect, it } from 'vitest';
import type { Sampler } from '../../../../src/core/sampling/chain';
import { minP } from '../../../../src/core/sampling/stages/min-p';
import { topH } from '../../../../src/core/sampling/stages/top-h';
import { topK } from '../../../../src/core/sampling/stages/top-k';
import { topP } from '../../../../src/core/sampling/stages/top-p';
import { LOGITS_KINDS, makeLogits, TestRandom } from '../distributions';
import { refMinP, refOrder, refSoftmax, refTopH, refTopK, refTopP } from '../reference';
import { loadedLogits, NO_STEP, readKept } from './harness';

interface Case {
  name: string;
  stage: Sampler;
  ref: (probs: ArrayLike<number>, kept: number[]) => number[];
}

const CASES: Case[] = [
  { name: 'top-k 20', stage: topK(20), ref: (p, s) => refTopK(p, s, 20) },
  { name: 'top-k 300', stage: topK(300), ref: (p, s) => refTopK(p, s, 300) },
  // p values that no share of tied tokens (j/n, n <= 4000) can hit exactly: ties at the cut are rounding's call.
  { name: 'top-p 0.9013', stage: topP(0.9013), ref: (p, s) => refTopP(p, s, 0.9013) },
  { name: 'top-p 0.99913', stage: topP(0.99913), ref: (p, s) => refTopP(p, s, 0.99913) },
  { name: 'min-p 0.1', stage: minP(0.1), ref: (p, s) => refMinP(p, s, 0.1) },
  { name: 'min-p 0.001', stage: minP(0.001), ref: (p, s) => refMinP(p, s, 0.001) },
  { name: 'top-H paper 0.4', stage: topH({ alpha: 0.4, mode: 'paper' }), ref: (p) => refTopH(p, 0.4, 'paper').kept },
  { name: 'top-H reference 0.4', stage: topH({ alpha: 0.4, mode: 'reference', topN: 100 }), ref: (p) => refTopH(p, 0.4, 'reference').kept },
];

describe.each(['exact', 'bounded'] as const)('every filter, on random distributions (%s softmax pass)', (mode) => {
  for (const { name, stage, ref } of CASES) {
    it(`${name}: keeps >= 1 token and the argmax, renormalises to 1, and equals the full-sort reference`, () => {
      const r = new TestRandom(name.length * 7919);
      for (let trial = 0; trial < 80; trial++) {
        const logits = makeLogits(r, r.int(1, 4000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
        const t = r.pick([0.6, 1, 1.5, 2]);
        const c = loadedLogits(logits, t, mode);
        stage.apply(c, NO_STEP);
        const kept = readKept(c);
        const { probs } = refSoftmax(logits, t);
        const order = refOrder(probs);
        expect(kept.ids.length).toBeGreaterThanOrEqual(1);
        expect(kept.ids[0]).toBe(order[0]);
        expect(kept.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(kept.ids).toEqual(ref(probs, order));
      }
    });
  }

  it('chained filters see the survivors of the one before (Top-H → top-k → top-p → min-p)', () => {
    const r = new TestRandom(77);
    for (let trial = 0; trial < 60; trial++) {
      const logits = makeLogits(r, r.int(1, 3000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const c = loadedLogits(logits, 1.5, mode);
      for (const s of [topH({ alpha: 0.7, mode: 'paper' }), topK(50), topP(0.8017), minP(0.05)]) s.apply(c, NO_STEP);
      const { probs } = refSoftmax(logits, 1.5);
      let want = refTopH(probs, 0.7, 'paper').kept;
      want = refTopP(probs, refTopK(probs, want, 50), 0.8017);
      want = refMinP(probs, want, 0.05);
      expect(readKept(c).ids).toEqual(want);
    }
  });
});
