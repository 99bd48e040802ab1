import type { Candidates } from '../candidates';
import { statelessStage, type Sampler } from '../sampler';

/** Argmax of the masked logits, ties to the lowest id; consumes no randomness and needs no softmax. */
export function greedy(): Sampler {
  return statelessStage('selector', 'greedy', (c: Candidates) => c.select(c.argmax), 'logits');
}
