import { describe, expect, it } from 'vitest';
import { fillGreedyTokenStats, GREEDY_STATS_EXACT_LIMIT } from '../../../src/core/sampling/greedy-stats';
import { TokenStats } from '../../../src/core/sampling/token-stats';
import { argmaxPass } from '../../../src/core/sampling/softmax';
import { refOrder, refSoftmax } from './reference';

const closeRelative = (got: number, want: number, tolerance: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(want)));
};

/** A deterministic row of n logits: a peaked head, repeated values (ties) and masked ids. */
function row(n: number, spread: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 13 === 5 ? -Infinity : spread * Math.sin(i * 12.9898) - (i % 7 === 0 ? 0 : 0.5)));
}

describe('fillGreedyTokenStats', () => {
  it.each([
    ['small row, exact weights', 700, 6, true],
    ['flat row beyond the exact limit, table weights', 60_000, 1.7, false],
    ['peaked row beyond the exact limit', GREEDY_STATS_EXACT_LIMIT + 1, 30, false],
  ])('%s: p, H(p) and the top 5 of softmax(row) in canonical order', (_name, n, spread, exact) => {
    const logits = row(n, spread);
    const token = argmaxPass(logits, n);
    const stats = new TokenStats();
    fillGreedyTokenStats(logits, n, token, stats);
    const ref = refSoftmax(logits, 1);
    const order = refOrder(ref.probs);
    expect(stats.exact).toBe(exact);
    expect(stats.token).toBe(token);
    expect(stats.topCount).toBe(5);
    expect(Array.from(stats.topIds)).toEqual(order.slice(0, 5));
    const tolerance = exact ? 1e-12 : 1e-5;
    closeRelative(stats.p, ref.probs[token]!, tolerance);
    closeRelative(stats.entropy, ref.entropy, tolerance);
    for (let j = 0; j < 5; j++) closeRelative(stats.topProbs[j]!, ref.probs[order[j]!]!, tolerance);
    expect(stats.kept).toBe(-1);
  });

  it('lists fewer than five when fewer tokens are finite, ties going to the lowest id', () => {
    const logits = Float32Array.from([-Infinity, 2, -Infinity, 2, 1, -Infinity]);
    const stats = new TokenStats();
    fillGreedyTokenStats(logits, logits.length, 1, stats);
    expect(stats.topCount).toBe(3);
    expect(Array.from(stats.topIds.subarray(0, 3))).toEqual([1, 3, 4]);
    closeRelative(stats.p, Math.E / (2 * Math.E + 1), 1e-14);
  });

  it('refuses a row with NaN, and a token that is not a finite maximum', () => {
    const stats = new TokenStats();
    expect(() => fillGreedyTokenStats(Float32Array.from([1, NaN, 0]), 3, 0, stats)).toThrow(/NaN/);
    expect(() => fillGreedyTokenStats(Float32Array.from([-Infinity, 0]), 2, 0, stats)).toThrow(/not the argmax/);
  });
});
