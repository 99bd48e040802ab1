/**
 * How far one variant's logits are from a reference's (fp32 on the CPU), position by position: the
 * numbers the export tests and the GPU check state their tolerances in.
 */

export interface LogitsComparison {
  positions: number;
  /** Largest |logit − reference logit| over every position and vocabulary entry. */
  maxAbsDiff: number;
  /** Largest reference logit minus the smallest, over all positions (the scale maxAbsDiff is read against). */
  referenceRange: number;
  /** Share of positions whose argmax equals the reference's argmax. */
  top1Agreement: number;
}

export function compareLogits(reference: readonly ArrayLike<number>[], other: readonly ArrayLike<number>[]): LogitsComparison {
  if (reference.length !== other.length) throw new Error(`compareLogits: ${reference.length} reference positions, ${other.length} to compare`);
  let maxAbsDiff = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let agree = 0;
  reference.forEach((ref, p) => {
    const got = other[p]!;
    if (ref.length !== got.length) throw new Error(`compareLogits: position ${p} has ${got.length} logits, the reference ${ref.length}`);
    for (let i = 0; i < ref.length; i++) {
      const d = Math.abs(got[i]! - ref[i]!);
      // NaN must fail a tolerance, not vanish in Math.max.
      maxAbsDiff = Number.isNaN(d) ? NaN : Math.max(maxAbsDiff, d);
      lo = Math.min(lo, ref[i]!);
      hi = Math.max(hi, ref[i]!);
    }
    if (argmax(ref) === argmax(got)) agree++;
  });
  return { positions: reference.length, maxAbsDiff, referenceRange: hi - lo, top1Agreement: reference.length ? agree / reference.length : 0 };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
