import { describe, expect, it } from 'vitest';
import { majorityVote } from '../../../src/core/ffs/vote';

describe('majorityVote', () => {
  it('groups normalised-equal answers and picks the largest group', () => {
    const result = majorityVote([
      { row: 3, tokens: 4, answer: '7' },
      { row: 0, tokens: 5, answer: '\\frac{1}{2}' },
      { row: 1, tokens: 5, answer: '0.5' },
      { row: 2, tokens: 6, answer: '$\\dfrac12$' },
    ], 'math');
    expect(result.groups).toEqual([{ answer: '7', rows: [3] }, { answer: '\\frac{1}{2}', rows: [0, 1, 2] }]);
    expect(result.winner).toEqual({ answer: '\\frac{1}{2}', rows: [0, 1, 2] });
  });

  it('breaks ties by the earliest finisher and ignores answerless traces', () => {
    const result = majorityVote([
      { row: 1, tokens: 3, answer: null },
      { row: 2, tokens: 4, answer: 'B' },
      { row: 0, tokens: 5, answer: '(a)' },
      { row: 3, tokens: 6, answer: 'b' },
      { row: 4, tokens: 6, answer: '\\text{A}' },
    ], 'mcq');
    expect(result.winner).toEqual({ answer: 'B', rows: [2, 3] });
    expect(majorityVote([{ row: 0, tokens: 1, answer: null }], 'math').winner).toBeNull();
  });
});
