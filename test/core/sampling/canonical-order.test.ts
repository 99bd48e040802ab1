import { describe, expect, it } from 'vitest';
import { Candidates } from '../../../src/core/sampling/candidates';
import { LOGITS_KINDS, makeLogits, TestRandom } from './distributions';
import { refDraw, refOrder, refSoftmax } from './reference';

function load(logits: Float32Array, t = 1): Candidates {
  const c = new Candidates(logits.length);
  c.beginRow(logits);
  c.setTemperature(t);
  c.normalise();
  return c;
}

describe('canonical order without a full sort', () => {
  it('ensureOrdered(n) equals the full-sort order on random rows (ties, heavy tails, masks), growing past 64 and 256', () => {
    const r = new TestRandom(10);
    let grewPast256 = 0;
    for (let trial = 0; trial < 60; trial++) {
      const kind = LOGITS_KINDS[trial % LOGITS_KINDS.length]!;
      const logits = makeLogits(r, r.int(1, 5000), kind);
      const t = r.pick([0.5, 1, 2]);
      const c = load(logits, t);
      const want = refOrder(refSoftmax(logits, t).probs);
      expect(c.nonzero).toBe(want.length);
      // Grow in steps, as the filters do: each call must extend, not redo, the prefix.
      for (const n of [1, 7, 64, 65, 256, 300, 1500, want.length]) {
        const got = Math.min(n, want.length);
        const prefix = c.ensureOrdered(n);
        expect(prefix.length).toBeGreaterThanOrEqual(got);
        expect(Array.from(prefix.ids.subarray(0, got))).toEqual(want.slice(0, got));
      }
      if (want.length > 256) grewPast256++;
    }
    expect(grewPast256).toBeGreaterThan(10);
  });

  it('agrees with the full sort whether the softmax pass kept the ids near the top, overflowed, or left gathering to passes', () => {
    const r = new TestRandom(13);
    const n = 20000;
    const rows = {
      // 20,000 tokens within 5 nats of the max: more than the early buffer holds.
      overflow: Float32Array.from({ length: n }, () => 5 * r.next()),
      // A steep tail: few tokens near the top, the rest reached by passes over the row.
      steep: (() => {
        const perm = r.shuffle(n);
        const row = new Float32Array(n);
        for (let rank = 0; rank < n; rank++) row[perm[rank]!] = -3 * Math.log(rank + 1);
        return row;
      })(),
    };
    for (const logits of Object.values(rows)) {
      const { probs } = refSoftmax(logits, 1);
      const want = refOrder(probs);
      const c = load(logits);
      for (const k of [1, 10, 100, 5000, n]) {
        expect(Array.from(c.ensureOrdered(k).ids.subarray(0, k))).toEqual(want.slice(0, k));
      }
      for (const u of [0, 0.3, 0.9, 0.99999]) {
        const fresh = load(logits);
        expect(fresh.tokenAt(fresh.findMassCrossing(u * fresh.keptMass(), false))).toBe(refDraw(probs, want, u));
      }
      for (const ratio of [0.5, 1e-3, 1e-6]) {
        expect(load(logits).countAtLeast(ratio)).toBe(want.filter((id) => probs[id]! >= ratio * probs[want[0]!]!).length);
      }
    }
  });

  it('orders exact ties at the top by ascending id', () => {
    const c = load(Float32Array.from([1, 3, 0, 3, 3, 2]));
    const prefix = c.ensureOrdered(6);
    expect(prefix.length).toBe(6);
    expect(Array.from(prefix.ids)).toEqual([1, 3, 4, 5, 0, 2]);
  });

  it('findMassCrossing walks the canonical order like the full-sort walk', () => {
    const r = new TestRandom(11);
    for (let trial = 0; trial < 80; trial++) {
      const logits = makeLogits(r, r.int(1, 4000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const c = load(logits);
      const { probs } = refSoftmax(logits, 1);
      const order = refOrder(probs);
      for (let k = 0; k < 20; k++) {
        const u = r.next();
        const j = c.findMassCrossing(u * c.keptMass(), false);
        expect(c.tokenAt(j)).toBe(refDraw(probs, order, u));
      }
    }
  });

  it('countAtLeast and prefixMass agree with the sorted reference', () => {
    const r = new TestRandom(12);
    for (let trial = 0; trial < 60; trial++) {
      const logits = makeLogits(r, r.int(1, 3000), LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const c = load(logits, r.pick([0.7, 1.3]));
      const weights = Array.from({ length: c.vocabSize }, (_, id) => c.weightOf(id));
      const order = refOrder(weights);
      for (const ratio of [0.9, 0.5, 0.1, 1e-3, 1e-9]) {
        const want = order.filter((id) => weights[id]! >= ratio).length;
        c.forgetOrder();
        expect(c.countAtLeast(ratio)).toBe(want);
        c.keep(Math.min(3, c.keptSize));
        expect(c.countAtLeast(ratio)).toBe(Math.min(3, want));
      }
      const n = r.int(1, c.nonzero);
      c.forgetOrder();
      const mass = order.slice(0, n).reduce((a, id) => a + weights[id]!, 0);
      c.keep(n);
      expect(Math.abs(c.keptMass() - mass)).toBeLessThan(1e-12 * mass);
    }
  });
});
