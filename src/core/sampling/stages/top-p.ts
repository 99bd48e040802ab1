import type { Candidates } from '../candidates';
import { statelessStage, type Sampler } from '../sampler';

/**
 * Nucleus: keeps the shortest canonical prefix of S whose renormalised mass is ≥ p (at least one token); p = 1 is
 * a no-op (spec §2). Only the bucket where the cut falls is sorted.
 *
 * On a bounded row whose S is every token, Σ_S p is known to a certified interval [low, high]; the cut position is
 * monotone in the target p·Σ_S, so when p·low and p·high give the same position inside the known prefix that is
 * the exact cut. Otherwise the row is completed and cut exactly.
 */
export function topP(p: number): Sampler {
  if (!(p > 0 && p <= 1)) throw new Error(`topP must be in (0, 1], got ${p}`);
  return statelessStage('filter', 'top-p', (c: Candidates) => {
    if (p >= 1) return;
    const low = c.keptMassLow;
    const high = c.keptMassHigh;
    let cut = c.findMassCrossingKnown(p * low, true);
    if (cut >= 0 && low !== high && c.findMassCrossingKnown(p * high, true) !== cut) cut = -1;
    if (cut < 0) cut = c.findMassCrossing(p * c.keptMass(), true);
    c.keep(cut + 1);
  });
}
