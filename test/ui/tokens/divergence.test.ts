import { describe, expect, it } from 'vitest';
import {
  commonPrefix, departureNote, departures, divergenceSentence, pairDivergences, type LaneTokens,
} from '../../../src/ui/logic/tokens/divergence';

function lane(name: string, ids: number[]): LaneTokens {
  return { lane: name, label: name[0]!.toUpperCase() + name.slice(1), ids, texts: ids.map((id) => ` ${id}`) };
}

const labelOf = (l: string) => l[0]!.toUpperCase() + l.slice(1);

describe('divergence', () => {
  it('common prefix by token ids', () => {
    expect(commonPrefix([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(commonPrefix([1, 2], [1, 2, 3])).toBe(2);
    expect(commonPrefix([], [1])).toBe(0);
    expect(commonPrefix([5], [6])).toBe(0);
  });

  it('every pair of lanes, in lane order, with the tokens where they part', () => {
    const lanes = [lane('greedy', [1, 2, 3, 4]), lane('top-h', [1, 2, 3, 9]), lane('sample', [1, 7])];
    expect(pairDivergences(lanes)).toEqual([
      { a: 'greedy', b: 'top-h', common: 3, aNext: ' 4', bNext: ' 9' },
      { a: 'greedy', b: 'sample', common: 1, aNext: ' 2', bNext: ' 7' },
      { a: 'top-h', b: 'sample', common: 1, aNext: ' 2', bNext: ' 7' },
    ]);
  });

  it('a lane departs where it leaves its closest lanes; a lane shared whole departs nowhere', () => {
    const lanes = [lane('greedy', [1, 2, 3, 4]), lane('top-h', [1, 2, 3, 9]), lane('sample', [1, 7]), lane('cgrs', [1, 2])];
    const d = departures(lanes);
    expect(d.get('greedy')).toEqual({ position: 3, closest: ['top-h'], departs: true });
    expect(d.get('top-h')).toEqual({ position: 3, closest: ['greedy'], departs: true });
    expect(d.get('sample')).toEqual({ position: 1, closest: ['greedy', 'top-h', 'cgrs'], departs: true });
    // CGRS's two tokens are the start of Greedy's and Top-H's traces.
    expect(d.get('cgrs')).toEqual({ position: 2, closest: ['greedy', 'top-h'], departs: false });
    expect(departures([lane('greedy', [1])]).size).toBe(0);
  });

  it('says where two lanes part, in words', () => {
    const [gt, gs] = pairDivergences([lane('top-h', [1, 2, 5]), lane('greedy', [1, 2, 6]), lane('ffs', [8])]);
    expect(divergenceSentence(gt!, labelOf)).toBe("Top-h and Greedy agree for 2 tokens, then Top-h writes ' 5' where Greedy writes ' 6'.");
    expect(divergenceSentence(gs!, labelOf)).toBe("Top-h and Ffs differ from the first token: Top-h writes ' 1' where Ffs writes ' 8'.");
    const [prefix] = pairDivergences([lane('cgrs', [1]), lane('greedy', [1, 2])]);
    expect(divergenceSentence(prefix!, labelOf)).toBe("Cgrs and Greedy agree for 1 token, then Cgrs ends where Greedy goes on with ' 2'.");
    const [longer] = pairDivergences([lane('greedy', [1, 2]), lane('cgrs', [1])]);
    expect(divergenceSentence(longer!, labelOf)).toBe("Greedy and Cgrs agree for 1 token, then Cgrs ends where Greedy goes on with ' 2'.");
    const [same] = pairDivergences([lane('greedy', [1, 2]), lane('cgrs', [1, 2])]);
    expect(divergenceSentence(same!, labelOf)).toBe('Greedy and Cgrs write the same 2 tokens.');
  });

  it('notes the departure in the tooltip', () => {
    expect(departureNote({ position: 84, closest: ['greedy', 'top-h'], departs: true }, labelOf))
      .toBe('Departure: after 84 tokens shared with Greedy, Top-h, this lane writes something else here.');
    expect(departureNote({ position: 0, closest: ['greedy'], departs: true }, labelOf)).toMatch(/from its first token \(closest: Greedy\)/);
  });
});
