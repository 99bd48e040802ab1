import { describe, expect, it } from 'vitest';
import { sortCanonical } from '../../../src/core/sampling/sort-canonical';
import { TestRandom } from './distributions';

/** ids and their weights side by side, as CanonicalOrder lays them out. */
function pairs(ids: Int32Array, weightOf: Float64Array): Float64Array {
  return Float64Array.from(ids, (id) => weightOf[id]!);
}

describe('sortCanonical', () => {
  it('orders (weight, id) pairs by descending weight, ties by ascending id, inside [lo, hi) only', () => {
    const r = new TestRandom(3);
    for (let trial = 0; trial < 300; trial++) {
      const n = r.int(0, 600);
      const levels = r.pick([2, 5, 50, 1e9]);
      const weightOf = Float64Array.from({ length: n }, () => Math.floor(r.next() * levels) / levels);
      const ids = r.shuffle(n);
      const keys = pairs(ids, weightOf);
      const lo = r.int(0, n);
      const hi = r.int(lo, n);
      const before = Array.from(ids);
      sortCanonical(ids, keys, lo, hi);
      const want = before.slice(lo, hi).sort((a, b) => weightOf[b]! - weightOf[a]! || a - b);
      expect(Array.from(ids.subarray(lo, hi))).toEqual(want);
      expect(Array.from(ids.subarray(0, lo))).toEqual(before.slice(0, lo));
      expect(Array.from(ids.subarray(hi))).toEqual(before.slice(hi));
      expect(Array.from(keys)).toEqual(Array.from(pairs(ids, weightOf))); // keys moved with their ids
    }
  });

  it('handles already sorted, reversed and all-equal inputs', () => {
    const n = 1000;
    const weightOf = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1));
    const sorted = Int32Array.from({ length: n }, (_, i) => i);
    const reversed = sorted.slice().reverse();
    sortCanonical(reversed, pairs(reversed, weightOf), 0, n);
    expect(Array.from(reversed)).toEqual(Array.from(sorted));
    const ids = sorted.slice().reverse();
    sortCanonical(ids, new Float64Array(n).fill(0.5), 0, n);
    expect(Array.from(ids)).toEqual(Array.from(sorted));
  });
});
