import type { Candidates } from '../candidates';
import { statelessStage, type Sampler, type StepInput } from '../sampler';

/**
 * Seeded draw from q = p|S (spec §1.4): u from the row's stream at this position, target = u · Σ_S p, walk S in
 * canonical order and take the first token whose running sum exceeds target (the last of S if rounding leaves
 * none).
 */
export function dist(): Sampler {
  return statelessStage('selector', 'dist', (c: Candidates, step: StepInput) => {
    const u = step.rng.uniform(step.stream ?? 'sample', step.position, step.subIndex ?? 0);
    c.select(c.tokenAt(crossing(c, u)));
  });
}

/**
 * The walk's position. On a bounded row whose S is every token, Σ_S p = Z is known only to a certified interval;
 * the walk's answer is monotone in the target, so the same position at both ends is the exact walk's position.
 * Otherwise (or when the walk leaves the known prefix) the row is completed and walked exactly.
 */
function crossing(c: Candidates, u: number): number {
  const low = c.keptMassLow;
  const high = c.keptMassHigh;
  const j = c.findMassCrossingKnown(u * low, false);
  if (j >= 0 && (low === high || c.findMassCrossingKnown(u * high, false) === j)) return j;
  return c.findMassCrossing(u * c.keptMass(), false);
}
