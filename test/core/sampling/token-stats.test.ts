import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';
import { TOKEN_STATS_TOP, TokenStats } from '../../../src/core/sampling/token-stats';
import { refOrder, refPipeline, refSoftmax } from './reference';
import { buildRow, paramsArb, rowSpec, temperatureArb } from './rows';

const closeRelative = (got: number, want: number, tolerance: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(want)));
};

describe('TokenStats from next()', () => {
  it('reports the chosen token’s p, H(p), the top 5 and |S| of the distribution the sampler used', () => {
    fc.assert(
      fc.property(rowSpec(), paramsArb(fc.oneof(temperatureArb, fc.constant(0))), fc.integer({ min: 0, max: 99 }), (spec, params, position) => {
        const logits = buildRow(spec, params.temperature || 1);
        const opts = { vocabSize: spec.n, validTokens: spec.n };
        const rng = new RowRng(spec.seed, 2);
        const stats = new TokenStats();
        const token = createRowSampler(params, opts).next(logits, { rng, position }, stats);
        expect(createRowSampler(params, opts).next(logits, { rng, position })).toBe(token); // stats change nothing
        const greedy = params.temperature === 0;
        const ref = refPipeline(logits, greedy ? { temperature: 1 } : params, spec.n, []);
        expect(stats.token).toBe(token);
        closeRelative(stats.p, ref.probs[token]!, 1e-5);
        closeRelative(stats.entropy, ref.entropy, 1e-5);
        const order = refOrder(ref.probs);
        expect(stats.topCount).toBe(Math.min(TOKEN_STATS_TOP, order.length));
        for (let j = 0; j < stats.topCount; j++) closeRelative(stats.topProbs[j]!, ref.probs[order[j]!]!, 1e-5);
        // Ids: equal up to exact ties in p (the oracle rounds differently).
        for (let j = 0; j < stats.topCount; j++) {
          if (stats.topIds[j] !== order[j]) expect(ref.probs[stats.topIds[j]!]).toBeCloseTo(ref.probs[order[j]!]!, 12);
        }
        const filtered = !greedy && (params.topH !== undefined || (params.topK ?? Infinity) < spec.n || params.topP !== undefined || params.minP !== undefined);
        if (!filtered) expect(stats.kept).toBe(-1);
        else if (spec.kind !== 'ties' && spec.kind !== 'flat') expect(stats.kept).toBe(ref.kept.length);
      }),
      { numRuns: 200 },
    );
  });

  it('says whether p and H are the exact pass’s values or the bounded pass’s estimates', () => {
    const n = 5000;
    const logits = Float32Array.from({ length: n }, (_, i) => -1.2 * Math.log(1 + ((i * 7919) % n)));
    const stats = new TokenStats();
    const rng = new RowRng(1, 0);
    createRowSampler({ temperature: 0.6, topP: 0.9 }, { vocabSize: n, validTokens: n }).next(logits, { rng, position: 0 }, stats);
    expect(stats.exact).toBe(false);
    const exact = refSoftmax(logits, 0.6);
    closeRelative(stats.entropy, exact.entropy, 1e-5);
    // Reference-mode Top-H needs Z exactly: the row runs the exact pass and the statistics are exact.
    createRowSampler({ temperature: 0.6, topH: { alpha: 0.4, mode: 'reference', topN: 100 } }, { vocabSize: n, validTokens: n }).next(logits, { rng, position: 0 }, stats);
    expect(stats.exact).toBe(true);
    expect(stats.entropy).toBeCloseTo(exact.entropy, 10);
  });

  it('runs the softmax for a greedy row only when asked for statistics', () => {
    const logits = Float32Array.from([0, 3, 1, 3, 2]);
    const greedy = createRowSampler({ temperature: 0 }, { vocabSize: 5, validTokens: 5, now: () => 0 });
    const steps = (): number => greedy.chain.timings()[0]!.calls;
    greedy.next(logits, { rng: new RowRng(1, 0), position: 0 });
    expect(steps()).toBe(0);
    const stats = new TokenStats();
    expect(greedy.next(logits, { rng: new RowRng(1, 0), position: 0 }, stats)).toBe(1);
    expect(Array.from(stats.topIds.subarray(0, 2))).toEqual([1, 3]);
    expect(stats.p).toBeCloseTo(refSoftmax(logits, 1).probs[1]!, 14);
    expect(stats.kept).toBe(-1);
  });
});
