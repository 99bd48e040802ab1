import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import type { StepInput } from '../../../src/core/sampling/chain';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';
import type { SamplingParams } from '../../../src/core/sampling/types';
import { LOGITS_KINDS, makeLogits, TestRandom } from './distributions';
import { refDraw, refOrder, refPipeline, refSoftmax } from './reference';

const throwingRng: StepInput['rng'] = {
  uniform: () => {
    throw new Error('greedy must not draw');
  },
};

function randomParams(r: TestRandom): SamplingParams {
  const params: SamplingParams = { temperature: r.pick([0.3, 0.6, 1, 1.5, 2]) };
  if (r.next() < 0.3) params.topH = { alpha: r.pick([0.2, 0.4, 0.8]), mode: r.pick(['paper', 'reference'] as const), topN: 100 };
  if (r.next() < 0.4) params.topK = r.pick([1, 5, 20, 200]);
  if (r.next() < 0.4) params.topP = r.pick([0.5013, 0.9013, 0.9513]);
  if (r.next() < 0.4) params.minP = r.pick([0.01, 0.1, 0.3]);
  if (params.topH?.mode === 'paper') delete params.topH.topN;
  return params;
}

describe('createRowSampler', () => {
  it('samples exactly what the full-sort pipeline samples, with the same u, on random rows, params, masks and padding', () => {
    const r = new TestRandom(40);
    for (let trial = 0; trial < 150; trial++) {
      const n = r.int(2, 3000);
      const logits = makeLogits(r, n, LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const valid = r.next() < 0.5 ? n : r.int(1, n);
      const params = randomParams(r);
      const live = Array.from({ length: valid }, (_, i) => i).filter((i) => logits[i]! > -Infinity);
      if (live.length === 0) continue;
      const mask = live.filter(() => r.next() < 0.05).slice(0, live.length - 1);
      const sampler = createRowSampler(params, { vocabSize: n, validTokens: valid });
      const rng = new RowRng(trial, 2);
      const ref = refPipeline(logits, params, valid, mask);
      for (let position = 0; position < 5; position++) {
        const got = sampler.sample(logits, { rng, position, mask: Int32Array.from(mask) });
        expect(got.token).toBe(refDraw(ref.probs, ref.kept, rng.uniform('sample', position)));
        expect(got.kept).toBe(ref.kept.length);
        expect(got.entropy).toBeCloseTo(ref.entropy, 10);
        expect(got.pMax).toBeCloseTo(ref.probs[ref.kept[0]!]!, 12);
        expect(got.token).toBeLessThan(valid);
        expect(mask).not.toContain(got.token);
      }
    }
  });

  it('never selects masked ids or ids >= validTokens, even when they hold the largest logits', () => {
    const logits = Float32Array.from([0, 1, 9, 2, 8, 50, 60]);
    const sampler = createRowSampler({ temperature: 2 }, { vocabSize: 7, validTokens: 5 });
    const rng = new RowRng(3, 0);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(sampler.sample(logits, { rng, position: i, mask: Int32Array.from([2]) }).token);
    expect([...seen].sort()).toEqual([0, 1, 3, 4]);
  });

  it('gives the same tokens for the same seed and different ones for another seed or row', () => {
    const logits = makeLogits(new TestRandom(41), 500, 'normal');
    const sampler = createRowSampler({ temperature: 1.5, topP: 0.95 }, { vocabSize: 500, validTokens: 500 });
    const run = (seed: number, row: number): number[] => {
      const rng = new RowRng(seed, row);
      return Array.from({ length: 100 }, (_, position) => sampler.sample(logits, { rng, position }).token);
    };
    expect(run(1, 0)).toEqual(run(1, 0));
    expect(run(1, 0)).not.toEqual(run(2, 0));
    expect(run(1, 0)).not.toEqual(run(1, 1));
  });

  it('greedy (T = 0) ignores the RNG, breaks ties to the lowest id and reports the entropy at T = 1', () => {
    const logits = Float32Array.from([1, 4, 2, 4, 0]);
    const sampler = createRowSampler({ temperature: 0, topK: 3, topP: 0.5 }, { vocabSize: 5, validTokens: 5 });
    const got = sampler.sample(logits, { rng: throwingRng, position: 0 });
    expect(got).toEqual({ token: 1, entropy: expect.closeTo(refSoftmax(logits, 1).entropy, 12), pMax: expect.closeTo(refSoftmax(logits, 1).probs[1]!, 12), kept: 1 });
    for (const seed of [1, 2, 3]) expect(sampler.sample(logits, { rng: new RowRng(seed, 0), position: 9 }).token).toBe(1);
    expect(sampler.sample(logits, { rng: throwingRng, position: 1, mask: Int32Array.from([1]) }).token).toBe(3);
    expect(sampler.chain.describe()).toEqual(['token-mask', 'temperature', 'greedy']);
  });

  it('never mutates the logits row', () => {
    const logits = makeLogits(new TestRandom(42), 1000, 'masked');
    const copy = logits.slice();
    const sampler = createRowSampler({ temperature: 0.7, topH: { alpha: 0.4, mode: 'paper' }, minP: 0.1 }, { vocabSize: 1000, validTokens: 990 });
    for (let i = 0; i < 20; i++) sampler.sample(logits, { rng: new RowRng(1, 0), position: i, mask: Int32Array.from([i, i + 1]) });
    expect(logits).toEqual(copy);
  });

  it('reuses its buffers without leaking state between rows', () => {
    const r = new TestRandom(43);
    const rows = [makeLogits(r, 2000, 'zipf'), makeLogits(r, 2000, 'ties'), makeLogits(r, 2000, 'masked')];
    const params: SamplingParams = { temperature: 1.5, topH: { alpha: 0.6, mode: 'paper' }, topP: 0.97 };
    const shared = createRowSampler(params, { vocabSize: 2000, validTokens: 1999 });
    const rng = new RowRng(8, 0);
    for (let position = 0; position < 30; position++) {
      const row = rows[position % 3]!;
      const fresh = createRowSampler(params, { vocabSize: 2000, validTokens: 1999 });
      const mask = position % 2 === 0 ? Int32Array.from([position]) : null;
      expect(shared.sample(row, { rng, position, mask })).toEqual(fresh.sample(row, { rng, position, mask }));
    }
  });

  it('recovers after a rejected row (NaN) without stale state', () => {
    const r = new TestRandom(45);
    const good = makeLogits(r, 1000, 'zipf');
    const bad = makeLogits(r, 1000, 'normal');
    bad[500] = NaN;
    const params: SamplingParams = { temperature: 1, topP: 0.9013 };
    const sampler = createRowSampler(params, { vocabSize: 1000, validTokens: 1000 });
    const rng = new RowRng(1, 0);
    expect(() => sampler.sample(bad, { rng, position: 0 })).toThrow(/NaN/);
    const fresh = createRowSampler(params, { vocabSize: 1000, validTokens: 1000 });
    for (let position = 0; position < 10; position++) {
      expect(sampler.sample(good, { rng, position })).toEqual(fresh.sample(good, { rng, position }));
    }
  });

  it('runs the filters in the fixed order Top-H → top-k → top-p → min-p, whatever the params object looks like', () => {
    const params = { minP: 0.1, topP: 0.9, topK: 20, topH: { alpha: 0.4, mode: 'paper' as const }, temperature: 1 };
    const sampler = createRowSampler(params, { vocabSize: 100, validTokens: 100 });
    expect(sampler.chain.describe()).toEqual(['token-mask', 'temperature', 'top-h', 'top-k', 'top-p', 'min-p', 'dist']);
    const noOps = createRowSampler({ temperature: 1, topK: 10, topP: 1, minP: 0 }, { vocabSize: 10, validTokens: 10 });
    expect(noOps.chain.describe()).toEqual(['token-mask', 'temperature', 'dist']);
  });

  it('samples the CGRS probe from the probe stream at (checkpoint, probe position) and reports the top-K entropy', () => {
    const logits = makeLogits(new TestRandom(44), 300, 'normal');
    const sampler = createRowSampler({ temperature: 1 }, { vocabSize: 300, validTokens: 300 });
    const rng = new RowRng(9, 1);
    const got = sampler.sample(logits, { rng, position: 4, stream: 'probe', subIndex: 2, entropyTopK: 5 });
    const ref = refPipeline(logits, { temperature: 1 }, 300, []);
    expect(got.token).toBe(refDraw(ref.probs, ref.kept, rng.uniform('probe', 4, 2)));
    expect(got.topKEntropy).toBeCloseTo(-refOrder(ref.probs).slice(0, 5).reduce((a, id) => a + ref.probs[id]! * Math.log(ref.probs[id]!), 0), 12);
  });

  it('rejects nonsense options and params', () => {
    const opts = { vocabSize: 10, validTokens: 10 };
    expect(() => createRowSampler({ temperature: -1 }, opts)).toThrow(/temperature/);
    expect(() => createRowSampler({ temperature: NaN }, opts)).toThrow(/temperature/);
    expect(() => createRowSampler({ temperature: 1, topK: 0 }, opts)).toThrow(/topK/);
    expect(() => createRowSampler({ temperature: 0, topP: 2 }, opts)).toThrow(/topP/);
    expect(() => createRowSampler({ temperature: 1, minP: 1 }, opts)).toThrow(/minP/);
    expect(() => createRowSampler({ temperature: 1, topH: { alpha: 2, mode: 'paper' } }, opts)).toThrow(/alpha/);
    expect(() => createRowSampler({ temperature: 1 }, { vocabSize: 10, validTokens: 11 })).toThrow(/validTokens/);
    expect(() => createRowSampler({ temperature: 1 }, { vocabSize: 0, validTokens: 0 })).toThrow(/vocabSize/);
    const sampler = createRowSampler({ temperature: 1 }, opts);
    expect(() => sampler.sample(new Float32Array(9), { rng: new RowRng(1, 0), position: 0 })).toThrow(/expected vocabSize 10/);
  });
});

describe('next(): the token without distribution stats', () => {
  it('equals sample().token for greedy and sampling rows, with and without masks', () => {
    const r = new TestRandom(77);
    for (let trial = 0; trial < 200; trial++) {
      const n = 300 + (trial % 7) * 50;
      const logits = makeLogits(r, n, LOGITS_KINDS[trial % LOGITS_KINDS.length]!);
      const valid = n - (trial % 3) * 10;
      const params = trial % 2 === 0 ? { temperature: 0 } : randomParams(r);
      const a = createRowSampler(params, { vocabSize: n, validTokens: valid });
      const b = createRowSampler(params, { vocabSize: n, validTokens: valid });
      // Mask the argmax half of the time (what CGRS does to a trigger that would win).
      const top = a.sample(logits, { rng: new RowRng(trial, 0), position: trial }).token;
      const mask = trial % 4 < 2 ? Int32Array.from([top, (top + 1) % valid]) : null;
      const step = { rng: new RowRng(trial, 0), position: trial, mask };
      expect(b.next(logits, step)).toBe(a.sample(logits, { ...step, rng: new RowRng(trial, 0) }).token);
    }
  });

  it('greedy next() draws no randomness and breaks ties to the lowest id', () => {
    const s = createRowSampler({ temperature: 0 }, { vocabSize: 6, validTokens: 5 });
    const logits = Float32Array.from([0, 3, 1, 3, 2, 9]); // id 5 is padding (>= validTokens)
    expect(s.next(logits, { rng: throwingRng, position: 0 })).toBe(1);
    expect(s.next(logits, { rng: throwingRng, position: 0, mask: Int32Array.from([1]) })).toBe(3);
  });
});
