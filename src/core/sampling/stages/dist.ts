import type { Candidates } from '../candidates';
import type { Selector, StepInput } from '../chain';

/**
 * Seeded draw from q = p|S (spec §1.4): u from the row's stream at this position, target = u · Σ_S p, walk S in
 * canonical order and return the first token whose running sum exceeds target (the last of S if rounding leaves
 * none).
 */
export function dist(): Selector {
  return {
    name: 'dist',
    select(c: Candidates, step: StepInput): number {
      const u = step.rng.uniform(step.stream ?? 'sample', step.position, step.subIndex ?? 0);
      const j = c.findMassCrossing(u * c.keptMass(), c.keptSize, false);
      return c.ids[j];
    },
  };
}
