import { describe, expect, it } from 'vitest';
import type { FfsRaceConfig } from '../../../src/core/ffs/race';
import { FfsRace } from '../../../src/core/ffs/race';

const race = (over: Partial<FfsRaceConfig> = {}) => new FfsRace({ n: 4, k: 1, requireAnswer: false, answerKind: 'math', ...over });

describe('FfsRace: first finisher', () => {
  it('rows finishing on the same step go to the lowest row; accounting is n · L_min', () => {
    const r = race();
    expect(r.check([9, 9, 9, 9])).toBeNull();
    r.finish(3, 10, '5');
    r.finish(1, 10, '6');
    const out = r.check([10, 10, 10, 10])!;
    expect(out).toMatchObject({ decision: 'first-finisher', winner: 1, answer: '6', truncated: false, quorumMet: true });
    expect(out.finishers.map((f) => f.row)).toEqual([1, 3]);
    expect(out.status).toEqual(['cut', 'finished', 'cut', 'finished']);
    expect(out.accounting).toEqual({ rowTokens: [10, 10, 10, 10], winnerTokens: 10, sequentialTokens: 10, totalTokens: 40, discardedTokens: 30 });
    expect(r.outcome).toBe(out);
  });

  it('orders by token count, not by step: waits while a shorter alive row could still tie or win', () => {
    const r = race();
    r.finish(2, 12, 'a'); // e.g. row 2 had CGRS forced tokens
    expect(r.check([11, 14, 12, 14])).toBeNull(); // row 0 at 11 could finish at 12 and wins ties against row 2
    r.finish(0, 12, 'b');
    const out = r.check([12, 15, 12, 15])!;
    expect(out.winner).toBe(0);
    expect(out.accounting.rowTokens).toEqual([12, 15, 12, 15]);
    expect(out.accounting.totalTokens).toBe(54);
    expect(out.accounting.discardedTokens).toBe(42);
  });

  it('does not wait for a higher-index row that could only tie', () => {
    const r = race();
    r.finish(2, 12, 'a');
    expect(r.check([13, 13, 12, 11])!.winner).toBe(2); // row 3 could reach (12, 3), after (12, 2)
  });

  it('rejects events after the decision and on stopped rows', () => {
    const r = race({ n: 2 });
    r.finish(0, 4, null);
    expect(() => r.finish(0, 5, null)).toThrow(/not alive/);
    r.check([4, 4]);
    expect(() => r.finish(1, 5, null)).toThrow(/decided/);
    expect(() => race({ n: 2, k: 3 })).toThrow(/k must be/);
    expect(() => race().check([1, 2])).toThrow(/expected 4/);
  });
});

describe('FfsRace: requireAnswer', () => {
  it('an answerless finisher leaves; the first finisher with an answer wins', () => {
    const r = race({ requireAnswer: true });
    r.finish(0, 5, null);
    expect(r.check([5, 5, 5, 5])).toBeNull();
    expect(r.aliveRows()).toEqual([1, 2, 3]);
    r.finish(1, 8, '3');
    const out = r.check([5, 8, 8, 8])!;
    expect(out).toMatchObject({ decision: 'first-finisher', winner: 1, answer: '3' });
    expect(out.finishers).toEqual([
      { row: 0, tokens: 5, answer: null, qualifies: false },
      { row: 1, tokens: 8, answer: '3', qualifies: true },
    ]);
    // Σ_i min(L_i, L_stop) = 5 + 8 + 8 + 8
    expect(out.accounting).toMatchObject({ totalTokens: 29, winnerTokens: 8, sequentialTokens: 8, discardedTokens: 21 });
  });

  it('falls back to the first finisher when no finisher has an answer', () => {
    const r = race({ n: 3, requireAnswer: true });
    r.finish(1, 6, null);
    r.finish(0, 7, null);
    expect(r.check([7, 6, 7])).toBeNull();
    r.exhaust(2, 20, '4');
    const out = r.check([7, 6, 20])!;
    expect(out).toMatchObject({ decision: 'fallback-first-finisher', winner: 1, answer: null, truncated: false });
    expect(out.accounting).toMatchObject({ sequentialTokens: 20, totalTokens: 33, discardedTokens: 27 });
  });
});

describe('FfsRace: truncation', () => {
  it('no EOS anywhere: the lowest-index row with a parsable answer, flagged truncated', () => {
    const r = race({ n: 3 });
    r.exhaust(0, 20, null);
    r.exhaust(1, 20, '7');
    expect(r.check([20, 20, 19])).toBeNull();
    r.exhaust(2, 20, '9');
    const out = r.check([20, 20, 20])!;
    expect(out).toMatchObject({ decision: 'truncated', winner: 1, answer: '7', truncated: true, quorumMet: false });
    expect(out.accounting).toMatchObject({ sequentialTokens: 20, totalTokens: 60, discardedTokens: 40 });
  });

  it('no answers at all: row 0', () => {
    const r = race({ n: 2 });
    r.exhaust(0, 8, null);
    r.exhaust(1, 8, null);
    expect(r.check([8, 8])).toMatchObject({ decision: 'truncated', winner: 0, answer: null });
  });
});

describe('FfsRace: k@N', () => {
  it('votes over the first k finishers; sequential tokens are the k-th finisher’s', () => {
    const r = race({ n: 5, k: 3 });
    r.finish(2, 10, '1/2');
    expect(r.check([10, 10, 10, 10, 10])).toBeNull();
    r.finish(0, 11, '0.5');
    r.finish(4, 11, '3');
    const out = r.check([11, 11, 10, 11, 11])!;
    expect(out).toMatchObject({ decision: 'majority-vote', winner: 2, answer: '1/2', quorumMet: true });
    expect(out.votes).toEqual([{ answer: '1/2', rows: [2, 0] }, { answer: '3', rows: [4] }]);
    expect(out.accounting).toMatchObject({ sequentialTokens: 11, winnerTokens: 10, totalTokens: 54, discardedTokens: 44 });
  });

  it('a tie goes to the tied answer that finished first, shown by its earliest finisher', () => {
    const r = race({ k: 4 });
    r.finish(0, 5, 'x');
    r.finish(1, 6, 'y');
    r.finish(2, 6, 'y');
    r.finish(3, 7, 'x');
    expect(r.check([5, 6, 6, 7])).toMatchObject({ decision: 'majority-vote', winner: 0, answer: 'x' });
  });

  it('answerless finishers do not vote', () => {
    const r = race({ n: 3, k: 3 });
    r.finish(0, 5, null);
    r.finish(2, 6, '6');
    r.finish(1, 6, '5');
    const out = r.check([5, 6, 6])!;
    expect(out).toMatchObject({ decision: 'majority-vote', winner: 1, answer: '5' }); // (6, 1) finished before (6, 2)
    expect(out.votes.map((v) => v.rows)).toEqual([[1], [2]]);
  });

  it('no voter with an answer: the first finisher is shown', () => {
    const r = race({ n: 2, k: 2 });
    r.finish(1, 5, null);
    r.finish(0, 6, null);
    expect(r.check([6, 5])).toMatchObject({ decision: 'fallback-first-finisher', winner: 1, answer: null, quorumMet: true });
  });

  it('with requireAnswer only answers count towards k; short of k, the finishers still vote', () => {
    const r = race({ n: 3, k: 2, requireAnswer: true });
    r.finish(0, 4, null);
    r.finish(1, 5, '2');
    expect(r.check([4, 5, 5])).toBeNull();
    r.exhaust(2, 9, '3');
    expect(r.check([4, 5, 9])).toMatchObject({ decision: 'majority-vote', winner: 1, answer: '2', quorumMet: false, truncated: false });
  });
});
