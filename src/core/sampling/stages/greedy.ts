import type { Candidates } from '../candidates';
import type { Selector } from '../chain';

/** Argmax of the masked logits, ties to the lowest id (found by the softmax pass); consumes no randomness. */
export function greedy(): Selector {
  return {
    name: 'greedy',
    select(c: Candidates): number {
      return c.argmax;
    },
  };
}
