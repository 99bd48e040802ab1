// The scatter loops live in leaf functions with nothing after the loop: V8 optimises a long loop mid-call (OSR)
// and then deoptimised on every call at code after the loop that had not run yet.

/** Files each listed id whose bucket has a cursor (>= 0) at that cursor, with its weight beside it. */
export function scatter(
  list: Int32Array,
  n: number,
  bucketOf: Uint16Array,
  cursor: Int32Array,
  ids: Int32Array,
  keys: Float64Array,
  weights: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    const at = cursor[bucketOf[i]!]!;
    if (at >= 0) {
      ids[at] = i;
      keys[at] = weights[i]!;
      cursor[bucketOf[i]!] = at + 1;
    }
  }
}

/** One pass over ids [0, limit): files those in buckets [lo, last] that have a cursor. */
export function scatterRange(
  limit: number,
  lo: number,
  last: number,
  bucketOf: Uint16Array,
  cursor: Int32Array,
  ids: Int32Array,
  keys: Float64Array,
  weights: Float64Array,
): void {
  for (let i = 0; i < limit; i++) {
    const b = bucketOf[i]!;
    // lo <= b <= last as one int32 sign test: the many tokens outside the range take one predictable branch.
    if (((b - lo) | (last - b)) >= 0 && cursor[b]! >= 0) {
      const at = cursor[b]!++;
      ids[at] = i;
      keys[at] = weights[i]!; // read in id order: sequential, unlike weights[ids[j]] later
    }
  }
}
