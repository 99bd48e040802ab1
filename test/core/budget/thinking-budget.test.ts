import { describe, expect, it } from 'vitest';
import { thinkingBudgetForce } from '../../../src/core/budget/thinking-budget';

const FORCED = [198, 151668, 271]; // "\n", "</think>", "\n\n" in Qwen3's tokenizer

describe('thinkingBudgetForce (s1 budget forcing)', () => {
  it('forces the end of thinking once the thinking count reaches the budget, and only while thinking', () => {
    expect(thinkingBudgetForce({ phase: 'thinking', thinkingTokens: 7 }, 8, FORCED)).toBeNull();
    expect(thinkingBudgetForce({ phase: 'thinking', thinkingTokens: 8 }, 8, FORCED)).toEqual(FORCED);
    expect(thinkingBudgetForce({ phase: 'answer', thinkingTokens: 50 }, 8, FORCED)).toBeNull();
    expect(thinkingBudgetForce({ phase: 'pre', thinkingTokens: 0 }, 1, FORCED)).toBeNull();
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => thinkingBudgetForce({ phase: 'thinking', thinkingTokens: 1 }, 0, FORCED)).toThrow(/positive integer/);
    expect(() => thinkingBudgetForce({ phase: 'thinking', thinkingTokens: 1 }, 2.5, FORCED)).toThrow(/positive integer/);
  });
});
