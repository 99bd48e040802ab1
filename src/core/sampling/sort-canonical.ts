/**
 * In-place sort of the pairs (keys[j], ids[j]), j in [lo, hi), into canonical order: descending weight, ties by
 * ascending id (spec §1.3). `keys[j]` is the weight of `ids[j]`, stored beside it: the ids of a bucket are
 * scattered over the vocabulary, and comparing through `weights[id]` would miss the cache on every comparison.
 * Quicksort with median-of-three, insertion sort for short ranges; no allocation and no comparator calls, because
 * it runs on every sampled token.
 */

const INSERTION_LIMIT = 24;

export function sortCanonical(ids: Int32Array, keys: Float64Array, lo: number, hi: number): void {
  sortPairs(keys, ids, lo, hi);
}

/** True when (ka, a) comes before (kb, b). */
function before(ka: number, a: number, kb: number, b: number): boolean {
  return ka > kb || (ka === kb && a < b);
}

function sortPairs(keys: Float64Array, ids: Int32Array, lo: number, hi: number): void {
  while (hi - lo > INSERTION_LIMIT) {
    const mid = (lo + hi) >>> 1;
    // Median of three into position mid, which becomes the pivot.
    if (before(keys[mid]!, ids[mid]!, keys[lo]!, ids[lo]!)) swap(keys, ids, mid, lo);
    if (before(keys[hi - 1]!, ids[hi - 1]!, keys[mid]!, ids[mid]!)) {
      swap(keys, ids, hi - 1, mid);
      if (before(keys[mid]!, ids[mid]!, keys[lo]!, ids[lo]!)) swap(keys, ids, mid, lo);
    }
    const pk = keys[mid]!;
    const pid = ids[mid]!;
    let i = lo;
    let j = hi - 1;
    // Hoare partition: ids are distinct, so `before` is a strict total order and both scans stop in range.
    for (;;) {
      while (before(keys[i]!, ids[i]!, pk, pid)) i++;
      while (before(pk, pid, keys[j]!, ids[j]!)) j--;
      if (i >= j) break;
      swap(keys, ids, i, j);
      i++;
      j--;
    }
    const split = j + 1;
    // Recurse into the smaller half, loop on the larger: stack depth O(log n).
    if (split - lo < hi - split) {
      sortPairs(keys, ids, lo, split);
      lo = split;
    } else {
      sortPairs(keys, ids, split, hi);
      hi = split;
    }
  }
  for (let a = lo + 1; a < hi; a++) {
    const k = keys[a]!;
    const id = ids[a]!;
    let b = a - 1;
    while (b >= lo && before(k, id, keys[b]!, ids[b]!)) {
      keys[b + 1] = keys[b]!;
      ids[b + 1] = ids[b]!;
      b--;
    }
    keys[b + 1] = k;
    ids[b + 1] = id;
  }
}

function swap(keys: Float64Array, ids: Int32Array, a: number, b: number): void {
  const k = keys[a]!;
  keys[a] = keys[b]!;
  keys[b] = k;
  const t = ids[a]!;
  ids[a] = ids[b]!;
  ids[b] = t;
}
