import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/methods/params';
import type { LaneResult } from '../../../src/protocol/run';
import { certaintyCurve, entropyCurves, keptCurves, type LaneTrace } from '../../../src/ui/logic/tokens/curves';
import { forced, sampled } from './records';

const greedy: LaneTrace = {
  lane: 'greedy', label: 'Greedy', params: defaultParams('greedy'),
  trace: [sampled(1, 'a', 0.9, 0.3), forced(2, '\n\n'), sampled(3, 'b', 0.8, 0.7)],
};
const topH: LaneTrace = {
  lane: 'top-h', label: 'Top-H', params: defaultParams('top-h'),
  trace: [sampled(1, 'a', 0.9, 0.2, undefined, { kept: 2 }), sampled(4, 'c', 0.5, 1.1, undefined, { kept: 5 })],
};
const sample: LaneTrace = {
  lane: 'sample', label: 'Sampling', params: defaultParams('sample'),
  trace: [sampled(1, 'a', 0.9, 0.2, undefined, { kept: 20 })],
};

describe('curves over position', () => {
  it('entropy: one series per lane over positions 1…longest, gaps at forced tokens and past a lane’s end', () => {
    const c = entropyCurves([greedy, topH]);
    expect(c.x).toEqual([1, 2, 3]);
    expect(c.series.map((s) => [s.label, s.values, s.shown])).toEqual([
      ['Greedy', [0.3, null, 0.7], true],
      ['Top-H', [0.2, 1.1, null], true],
    ]);
    expect(entropyCurves([])).toEqual({ x: [], series: [] });
  });

  it('|S|: lanes with a filter only, Top-H first and shown, the others there to switch on', () => {
    const c = keptCurves([greedy, sample, topH]);
    expect(c.series.map((s) => [s.lane, s.values, s.shown])).toEqual([
      ['top-h', [2, 5], true],
      ['sample', [20, null], false],
    ]);
    // Without a Top-H lane the filtered lanes are all shown.
    expect(keptCurves([greedy, sample]).series.map((s) => s.shown)).toEqual([true]);
  });

  it('CGRS certainty and p(suppress) at each checkpoint position, with δ from the params', () => {
    const params = defaultParams('cgrs');
    const lane = {
      lane: 'cgrs', method: 'cgrs', params,
      cgrs: {
        checkpoints: [{ position: 30, certainty: 0.95, pSup: 0.5 }, { position: 12, certainty: 0.4, pSup: 0 }],
        suppressedSteps: 0, triggersEmitted: 0, triggersBlocked: 0, thinkBudget: 10, budgetForcedAt: null,
      },
    } as unknown as LaneResult;
    expect(certaintyCurve(lane, 'CGRS')).toEqual({
      lane: 'cgrs', label: 'CGRS', delta: params.cgrs.delta, x: [12, 30], certainty: [0.4, 0.95], pSup: [0, 0.5],
    });
    expect(certaintyCurve({ ...lane, cgrs: undefined } as LaneResult, 'CGRS')).toBeNull();
  });
});
