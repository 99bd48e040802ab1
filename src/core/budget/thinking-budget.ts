/**
 * Budget forcing (s1, arXiv 2501.19393), the baseline the FFS paper compares with: once the row has spent
 * `budget` thinking tokens and is still thinking, the end of thinking is forced ("\n</think>\n\n", the same
 * forced ids as CGRS's budget, spec §4.7) and the model goes on to answer. s1 also forces "Wait" to extend
 * thinking below a minimum; that half is not part of the baseline the FFS paper reports, so it is not here.
 */
export interface ThinkingBudgetState {
  readonly phase: 'pre' | 'thinking' | 'answer';
  /** Thinking tokens so far, forced ones included. */
  readonly thinkingTokens: number;
}

/** The ids to force after the token just committed, or null when the budget does not apply yet. */
export function thinkingBudgetForce(state: ThinkingBudgetState, budget: number, forcedThinkEndIds: readonly number[]): readonly number[] | null {
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`thinking budget must be a positive integer (got ${budget})`);
  return state.phase === 'thinking' && state.thinkingTokens >= budget ? forcedThinkEndIds : null;
}
