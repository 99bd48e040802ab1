/**
 * In-place sort of `ids[lo, hi)` into canonical order: descending weight, ties by ascending id (spec §1.3).
 * Quicksort with median-of-three and insertion sort for short ranges; no allocation and no comparator calls,
 * because it runs on every sampled token.
 */

const INSERTION_LIMIT = 24;

/** True when token a comes before token b in canonical order. */
function before(weights: Float64Array, a: number, b: number): boolean {
  const wa = weights[a];
  const wb = weights[b];
  return wa > wb || (wa === wb && a < b);
}

function insertionSort(ids: Int32Array, weights: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const id = ids[i];
    let j = i - 1;
    while (j >= lo && before(weights, id, ids[j])) {
      ids[j + 1] = ids[j];
      j--;
    }
    ids[j + 1] = id;
  }
}

export function sortCanonical(ids: Int32Array, weights: Float64Array, lo: number, hi: number): void {
  while (hi - lo > INSERTION_LIMIT) {
    const mid = (lo + hi) >>> 1;
    // Median of three into ids[mid], then use it as the pivot.
    if (before(weights, ids[mid], ids[lo])) swap(ids, mid, lo);
    if (before(weights, ids[hi - 1], ids[mid])) {
      swap(ids, hi - 1, mid);
      if (before(weights, ids[mid], ids[lo])) swap(ids, mid, lo);
    }
    const pivot = ids[mid];
    let i = lo;
    let j = hi - 1;
    // Hoare partition: ids are distinct, so `before` is a strict total order and the scans stop in range.
    for (;;) {
      while (before(weights, ids[i], pivot)) i++;
      while (before(weights, pivot, ids[j])) j--;
      if (i >= j) break;
      swap(ids, i, j);
      i++;
      j--;
    }
    const split = j + 1;
    // Recurse into the smaller half, loop on the larger: stack depth O(log n).
    if (split - lo < hi - split) {
      sortCanonical(ids, weights, lo, split);
      lo = split;
    } else {
      sortCanonical(ids, weights, split, hi);
      hi = split;
    }
  }
  insertionSort(ids, weights, lo, hi);
}

function swap(ids: Int32Array, a: number, b: number): void {
  const t = ids[a];
  ids[a] = ids[b];
  ids[b] = t;
}
