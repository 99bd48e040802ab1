import type { Candidates } from '../candidates';
import { statelessStage, type Sampler, type StepInput } from '../sampler';

/**
 * Sets to −∞ the ids at or above the tokenizer's size (lm_head padding: Qwen3 has 151,669 real tokens in a
 * 151,936-wide row) and this step's `mask` ids (banned ids). Runs before temperature because it can change the
 * argmax. Works on a copy of the row; the engine's logits stay intact.
 */
export function tokenMask(validTokens: number): Sampler {
  if (!Number.isInteger(validTokens) || validTokens < 1) {
    throw new Error(`validTokens must be a positive integer, got ${validTokens}`);
  }
  return statelessStage('logits', 'token-mask', (c: Candidates, step: StepInput) => {
    c.restrictTo(validTokens);
    if (step.mask) c.maskIds(step.mask);
  });
}
