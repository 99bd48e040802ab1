import type { Candidates } from '../candidates';
import { statelessStage, type Sampler } from '../sampler';

/**
 * Keeps p_i ≥ minP · p_max on the tempered probabilities (renormalising S changes neither side's ratio); minP = 0
 * is a no-op (spec §2). Needs no order and no Z: whole buckets are counted from their bounds, and the buckets
 * around the threshold (ln minP below the maximum) lie in a bounded row's known prefix.
 */
export function minP(minP: number): Sampler {
  if (!(minP >= 0 && minP < 1)) throw new Error(`minP must be in [0, 1), got ${minP}`);
  return statelessStage('filter', 'min-p', (c: Candidates) => {
    if (minP <= 0) return;
    const threshold = minP * c.weightOf(c.argmax);
    c.keep(Math.max(1, c.countAtLeast(threshold)));
  });
}
