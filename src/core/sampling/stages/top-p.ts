import type { Candidates } from '../candidates';
import type { FilterStage } from '../chain';

/**
 * Nucleus: keeps the shortest canonical prefix of S whose renormalised mass is ≥ p (at least one token); p = 1 is
 * a no-op (spec §2). Only the bucket where the cut falls is sorted.
 */
export function topP(p: number): FilterStage {
  if (!(p > 0 && p <= 1)) throw new Error(`topP must be in (0, 1], got ${p}`);
  return {
    name: 'top-p',
    apply(c: Candidates): void {
      if (p >= 1) return;
      const cut = c.findMassCrossing(p * c.keptMass(), c.keptSize, true);
      c.keep(cut + 1);
    },
  };
}
