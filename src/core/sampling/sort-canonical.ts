/**
 * In-place sort of `ids[lo, hi)` into canonical order: descending weight, ties by ascending id (spec §1.3).
 *
 * The ids of a bucket are scattered over the vocabulary, so comparing through `weights[id]` would miss the cache
 * on every comparison. The weights are first copied into `keys` (contiguous, one miss per id), then (key, id)
 * pairs are sorted together: quicksort with median-of-three, insertion sort for short ranges, no allocation and
 * no comparator calls, because it runs on every sampled token.
 */

const INSERTION_LIMIT = 24;

/** Sorts ids[lo, hi) by (weights[id] desc, id asc). `keys` is scratch of length >= hi − lo. */
export function sortCanonical(ids: Int32Array, weights: Float64Array, lo: number, hi: number, keys: Float64Array): void {
  const n = hi - lo;
  if (n < 2) return;
  for (let k = 0; k < n; k++) keys[k] = weights[ids[lo + k]];
  sortPairs(keys, ids, lo, 0, n);
}

/** True when (ka, a) comes before (kb, b). */
function before(ka: number, a: number, kb: number, b: number): boolean {
  return ka > kb || (ka === kb && a < b);
}

/** Sorts pairs (keys[k], ids[base + k]) for k in [lo, hi). */
function sortPairs(keys: Float64Array, ids: Int32Array, base: number, lo: number, hi: number): void {
  while (hi - lo > INSERTION_LIMIT) {
    const mid = (lo + hi) >>> 1;
    // Median of three into position mid, which becomes the pivot.
    if (before(keys[mid], ids[base + mid], keys[lo], ids[base + lo])) swap(keys, ids, base, mid, lo);
    if (before(keys[hi - 1], ids[base + hi - 1], keys[mid], ids[base + mid])) {
      swap(keys, ids, base, hi - 1, mid);
      if (before(keys[mid], ids[base + mid], keys[lo], ids[base + lo])) swap(keys, ids, base, mid, lo);
    }
    const pk = keys[mid];
    const pid = ids[base + mid];
    let i = lo;
    let j = hi - 1;
    // Hoare partition: ids are distinct, so `before` is a strict total order and both scans stop in range.
    for (;;) {
      while (before(keys[i], ids[base + i], pk, pid)) i++;
      while (before(pk, pid, keys[j], ids[base + j])) j--;
      if (i >= j) break;
      swap(keys, ids, base, i, j);
      i++;
      j--;
    }
    const split = j + 1;
    // Recurse into the smaller half, loop on the larger: stack depth O(log n).
    if (split - lo < hi - split) {
      sortPairs(keys, ids, base, lo, split);
      lo = split;
    } else {
      sortPairs(keys, ids, base, split, hi);
      hi = split;
    }
  }
  for (let a = lo + 1; a < hi; a++) {
    const k = keys[a];
    const id = ids[base + a];
    let b = a - 1;
    while (b >= lo && before(k, id, keys[b], ids[base + b])) {
      keys[b + 1] = keys[b];
      ids[base + b + 1] = ids[base + b];
      b--;
    }
    keys[b + 1] = k;
    ids[base + b + 1] = id;
  }
}

function swap(keys: Float64Array, ids: Int32Array, base: number, a: number, b: number): void {
  const k = keys[a];
  keys[a] = keys[b];
  keys[b] = k;
  const t = ids[base + a];
  ids[base + a] = ids[base + b];
  ids[base + b] = t;
}
