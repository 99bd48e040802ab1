import type { Candidates } from '../candidates';
import type { LogitStage, StepInput } from '../chain';

/**
 * Sets to −∞ the ids at or above the tokenizer's size (lm_head padding: Qwen3 has 151,669 real tokens in a
 * 151,936-wide row) and this step's `mask` ids (CGRS trigger words when the suppression draw fired). Runs before
 * temperature because it can change the argmax. Works on a copy of the row; the engine's logits stay intact.
 */
export function tokenMask(validTokens: number): LogitStage {
  if (!Number.isInteger(validTokens) || validTokens < 1) {
    throw new Error(`validTokens must be a positive integer, got ${validTokens}`);
  }
  return {
    name: 'token-mask',
    apply(c: Candidates, step: StepInput): void {
      c.restrictTo(validTokens);
      if (step.mask) c.maskIds(step.mask);
    },
  };
}
