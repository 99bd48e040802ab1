import type { Candidates } from '../candidates';
import type { FilterStage } from '../chain';

/**
 * Keeps p_i ≥ minP · p_max on the tempered probabilities (renormalising S changes neither side's ratio); minP = 0
 * is a no-op (spec §2). Needs no order: whole buckets are counted from their bounds.
 */
export function minP(minP: number): FilterStage {
  if (!(minP >= 0 && minP < 1)) throw new Error(`minP must be in [0, 1), got ${minP}`);
  return {
    name: 'min-p',
    apply(c: Candidates): void {
      if (minP <= 0) return;
      const threshold = minP * c.weights[c.argmax];
      c.keep(Math.max(1, c.countAtLeast(threshold, c.keptSize)));
    },
  };
}
