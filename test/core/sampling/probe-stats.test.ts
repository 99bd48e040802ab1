import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';
import { LOGITS_KINDS, makeLogits, TestRandom } from './distributions';
import { refOrder, refSoftmax } from './reference';

/** The probe statistics CGRS reads (spec §4.5), as the row sampler reports them on the probe stream. */
function probeStats(logits: Float32Array, temperature: number, k: number, validTokens: number) {
  const sampler = createRowSampler({ temperature }, { vocabSize: logits.length, validTokens });
  const r = sampler.sample(logits, { rng: new RowRng(1, 0), position: 0, stream: 'probe', subIndex: 0, entropyTopK: k });
  return { entropy: r.entropy, topKEntropy: r.topKEntropy };
}

describe('probe statistics (row sampler, probe stream)', () => {
  it('gives H(P) and the unnormalised top-K sum −Σ_{top-K} p ln p of softmax(l/T) over the valid ids', () => {
    const r = new TestRandom(50);
    for (let trial = 0; trial < 60; trial++) {
      const n = r.int(1, 3000);
      const logits = makeLogits(r, n, LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const valid = r.int(1, n);
      if (!logits.subarray(0, valid).some((l) => l > -Infinity)) continue;
      const t = r.pick([0.5, 1, 2]);
      const k = r.int(1, Math.min(valid, 20));
      const { probs, entropy } = refSoftmax(logits, t, valid);
      const top = refOrder(probs).slice(0, k);
      const stats = probeStats(logits, t, k, valid);
      expect(stats.entropy).toBeCloseTo(entropy, 10);
      expect(stats.topKEntropy).toBeCloseTo(-top.reduce((a, id) => a + probs[id]! * Math.log(probs[id]!), 0), 10);
    }
  });

  it('is ln K for K equal tokens and the full entropy when K covers the vocabulary', () => {
    const flat = new Float32Array(8).fill(3);
    expect(probeStats(flat, 1, 8, 8).topKEntropy).toBeCloseTo(Math.log(8), 14);
    expect(probeStats(flat, 1, 4, 8).topKEntropy).toBeCloseTo(Math.log(8) / 2, 14);
  });

  it('rejects a K outside the vocabulary', () => {
    const logits = new Float32Array(4);
    expect(() => probeStats(logits, 1, 0, 4)).toThrow(/k must/);
    expect(() => probeStats(logits, 1, 5, 4)).toThrow(/k must/);
  });
});
