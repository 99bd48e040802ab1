import { describe, expect, it } from 'vitest';
import { sortCanonical } from '../../../src/core/sampling/sort-canonical';
import { TestRandom } from './distributions';

describe('sortCanonical', () => {
  it('orders by descending weight, ties by ascending id, inside [lo, hi) only', () => {
    const r = new TestRandom(3);
    for (let trial = 0; trial < 300; trial++) {
      const n = r.int(0, 600);
      const levels = r.pick([2, 5, 50, 1e9]);
      const weights = Float64Array.from({ length: n }, () => Math.floor(r.next() * levels) / levels);
      const ids = r.shuffle(n);
      const lo = r.int(0, n);
      const hi = r.int(lo, n);
      const before = Array.from(ids);
      sortCanonical(ids, weights, lo, hi, new Float64Array(hi - lo));
      const want = before.slice(lo, hi).sort((a, b) => weights[b] - weights[a] || a - b);
      expect(Array.from(ids.subarray(lo, hi))).toEqual(want);
      expect(Array.from(ids.subarray(0, lo))).toEqual(before.slice(0, lo));
      expect(Array.from(ids.subarray(hi))).toEqual(before.slice(hi));
    }
  });

  it('handles already sorted, reversed and all-equal inputs', () => {
    const n = 1000;
    const weights = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1));
    const sorted = Int32Array.from({ length: n }, (_, i) => i);
    const reversed = sorted.slice().reverse();
    sortCanonical(reversed, weights, 0, n, new Float64Array(n));
    expect(Array.from(reversed)).toEqual(Array.from(sorted));
    const equal = new Float64Array(n).fill(0.5);
    const ids = reversed.slice().reverse().reverse();
    sortCanonical(ids, equal, 0, n, new Float64Array(n));
    expect(Array.from(ids)).toEqual(Array.from(sorted));
  });
});
