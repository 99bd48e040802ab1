import type { Candidates } from '../candidates';
import { statelessStage, type Sampler } from '../sampler';

/**
 * Keeps the k most probable tokens in canonical order; k ≥ |S| is a no-op (spec §2). On a bounded row |S| is
 * asked for (completing the row) only when k reaches past the known prefix.
 */
export function topK(k: number): Sampler {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topK must be an integer >= 1, got ${k}`);
  return statelessStage('filter', 'top-k', (c: Candidates) => {
    if (k < c.keptAtLeast || k < c.keptSize) c.keep(k);
  });
}
