import { describe, expect, it } from 'vitest';
import { VoteRace } from '../../../src/core/vote/self-consistency';

describe('VoteRace (self-consistency)', () => {
  it('waits for every row, then the majority answer wins and its earliest voter is shown', () => {
    const race = new VoteRace(4, 'integer');
    race.finish(1, 8, '7');
    expect(race.check([9, 8, 9, 9])).toBeNull();
    race.finish(0, 10, '5');
    race.exhaust(3, 12, null);
    expect(race.check([10, 8, 11, 12])).toBeNull(); // row 2 still runs
    race.finish(2, 11, '5');
    const v = race.check([10, 8, 11, 12])!;
    // Voters in the order they ended: row 1 (8 tokens, "7"), row 0 (10, "5"), row 2 (11, "5"); row 3 has no answer.
    expect(v.groups).toEqual([{ answer: '7', rows: [1] }, { answer: '5', rows: [0, 2] }]);
    expect(v.answer).toBe('5');
    expect(v.winner).toBe(0);
    expect(v.truncated).toBe(false);
    expect(v.finishers.map((f) => f.row)).toEqual([1, 0, 2]);
    expect(race.aliveRows()).toEqual([]);
  });

  it('a tie goes to the answer whose first voter ended first; rows cut at the limit vote after EOS rows', () => {
    const race = new VoteRace(4, 'integer');
    race.exhaust(0, 20, '3'); // cut rows vote after every EOS row, whatever their length
    race.finish(1, 15, '4');
    race.finish(2, 9, '3');
    race.finish(3, 12, '4');
    const v = race.check([20, 15, 9, 12])!;
    expect(v.groups).toEqual([{ answer: '3', rows: [2, 0] }, { answer: '4', rows: [3, 1] }]);
    expect([v.answer, v.winner]).toEqual(['3', 2]);
  });

  it('with no answer anywhere shows the earliest EOS row; with no EOS it is truncated (row 0 unless a cut row answered)', () => {
    const none = new VoteRace(3, 'math');
    none.finish(2, 5, null);
    none.finish(0, 9, null);
    none.exhaust(1, 30, null);
    expect(none.check([9, 30, 5])).toMatchObject({ winner: 2, answer: null, truncated: false, groups: [] });
    const cut = new VoteRace(2, 'math');
    cut.exhaust(0, 30, null);
    cut.exhaust(1, 30, '12');
    expect(cut.check([30, 30])).toMatchObject({ winner: 1, answer: '12', truncated: true });
  });

  it('compares answers by the answer kind (math: normalised)', () => {
    const race = new VoteRace(3, 'math');
    race.finish(0, 5, '\\frac{1}{2}');
    race.finish(1, 6, '0.5');
    race.finish(2, 7, '2');
    const v = race.check([5, 6, 7])!;
    expect(v.groups.map((g) => g.rows)).toEqual([[0, 1], [2]]);
    expect(v.winner).toBe(0);
  });

  it('refuses to end a row twice and checks its inputs', () => {
    const race = new VoteRace(2, 'math');
    race.finish(0, 3, null);
    expect(() => race.finish(0, 4, null)).toThrow(/not alive/);
    expect(() => race.exhaust(1, 0, null)).toThrow(/positive integer/);
    expect(() => race.check([1])).toThrow(/expected 2/);
    expect(() => new VoteRace(0, 'math')).toThrow(/positive integer/);
  });
});
