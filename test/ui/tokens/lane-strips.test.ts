import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/methods/params';
import type { LaneResult } from '../../../src/protocol/run';
import { laneStrips } from '../../../src/ui/logic/tokens/lane-strips';
import { movedIndex, PAGE_CELLS } from '../../../src/ui/logic/tokens/strip-keys';
import { traceOf } from './records';

function result(over: Partial<LaneResult>): LaneResult {
  return { lane: 'greedy', method: 'greedy', params: defaultParams('greedy'), stopReason: 'eos', ...over } as LaneResult;
}

describe('lane strips', () => {
  it('a one-row lane: one strip of its trace, ended by its stop reason', () => {
    const [strip, ...rest] = laneStrips(result({ trace: traceOf([1, 2, 3]) }));
    expect(rest).toEqual([]);
    expect(strip).toMatchObject({ testId: 'token-strip-greedy', row: null, shown: true, end: 'finished', caption: '3 tokens · finished (end of sequence)' });
    expect(laneStrips(result({ trace: traceOf([1]), stopReason: 'max-tokens' }))[0]).toMatchObject({ end: 'cut', caption: '1 token · cut at max new tokens' });
    expect(laneStrips(result({}))).toEqual([]);
    const budget = { thinkingBudget: 2, forcedAt: 2 };
    expect(laneStrips(result({ lane: 'budget', method: 'budget', trace: traceOf([1, 2, 3, 4]), budget }))[0]!.caption)
      .toBe('4 tokens · finished (end of sequence) · thinking budget reached: "</think>" forced after token 2');
  });

  it('FFS: one strip per row, the winner first under the lane’s test id, each saying where it ended', () => {
    const rows = [
      { row: 0, tokens: 3, finished: false, answer: null, text: '', trace: traceOf([1, 2, 3]) },
      { row: 1, tokens: 2, finished: true, answer: '5', text: '', trace: traceOf([1, 4]) },
      { row: 2, tokens: 3, finished: true, answer: '6', text: '', trace: traceOf([1, 2, 9]) },
    ];
    const strips = laneStrips(result({ lane: 'ffs', method: 'ffs', ffs: { winnerRow: 1, truncated: false, rows }, trace: rows[1]!.trace }));
    expect(strips.map((s) => [s.testId, s.row, s.shown, s.end, s.trace.length])).toEqual([
      ['token-strip-ffs', 1, true, 'finished', 2],
      ['token-strip-ffs-row-0', 0, false, 'cut', 3],
      ['token-strip-ffs-row-2', 2, false, 'finished', 3],
    ]);
    expect(strips.map((s) => s.caption)).toEqual([
      'Row 1 · ★ winner · 2 tokens · finished first · answer 5',
      'Row 0 · discarded · 3 tokens · cut when the race ended',
      'Row 2 · discarded · 3 tokens · finished, not chosen · answer 6',
    ]);
  });

  it('vote: one strip per row, every row counted, the earliest voter for the majority shown first', () => {
    const rows = [
      { row: 0, tokens: 3, finished: true, answer: '6', text: '', trace: traceOf([1, 2, 3]) },
      { row: 1, tokens: 4, finished: false, answer: null, text: '', trace: traceOf([1, 4, 5, 6]) },
      { row: 2, tokens: 2, finished: true, answer: '5', text: '', trace: traceOf([1, 9]) },
    ];
    const vote = { winnerRow: 2, truncated: false, rows, groups: [{ answer: '5', rows: [2] }, { answer: '6', rows: [0] }] };
    const strips = laneStrips(result({ lane: 'vote', method: 'vote', vote, trace: rows[2]!.trace }));
    expect(strips.map((s) => [s.testId, s.end, s.caption])).toEqual([
      ['token-strip-vote', 'finished', 'Row 2 · ★ shown (earliest voter for the majority answer) · 2 tokens · finished · answer 5'],
      ['token-strip-vote-row-0', 'finished', 'Row 0 · counted · 3 tokens · finished · answer 6'],
      ['token-strip-vote-row-1', 'cut', 'Row 1 · counted · 4 tokens · cut at max new tokens'],
    ]);
  });

  it('rows without traces fall back to the lane’s own trace', () => {
    const rows = [{ row: 0, tokens: 1, finished: true, answer: null, text: '' }];
    const strips = laneStrips(result({ lane: 'ffs', method: 'ffs', ffs: { winnerRow: 0, truncated: false, rows }, trace: traceOf([1]) }));
    expect(strips.map((s) => [s.testId, s.row])).toEqual([['token-strip-ffs', null]]);
  });
});

describe('strip keys', () => {
  it('moves one cell with the arrows, a page with PageUp/PageDown, to the ends with Home/End, never out of the strip', () => {
    expect(movedIndex('ArrowRight', 3, 10)).toBe(4);
    expect(movedIndex('ArrowDown', 3, 10)).toBe(4);
    expect(movedIndex('ArrowLeft', 3, 10)).toBe(2);
    expect(movedIndex('ArrowLeft', 0, 10)).toBe(0);
    expect(movedIndex('ArrowRight', 9, 10)).toBe(9);
    expect(movedIndex('PageDown', 3, 100)).toBe(3 + PAGE_CELLS);
    expect(movedIndex('PageUp', 3, 100)).toBe(0);
    expect(movedIndex('Home', 7, 10)).toBe(0);
    expect(movedIndex('End', 0, 10)).toBe(9);
    expect(movedIndex('a', 0, 10)).toBeNull();
    expect(movedIndex('End', 0, 0)).toBeNull();
  });
});
