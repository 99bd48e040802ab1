import type { Candidates } from '../candidates';
import type { FilterStage } from '../chain';

/** Keeps the k most probable tokens in canonical order; k ≥ |S| is a no-op (spec §2). */
export function topK(k: number): FilterStage {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topK must be an integer >= 1, got ${k}`);
  return {
    name: 'top-k',
    apply(c: Candidates): void {
      if (k < c.keptSize) c.keep(k);
    },
  };
}
