import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/methods/params';
import type { LaneResult } from '../../../src/protocol/run';
import {
  certaintyColumns, certaintyCurve, certaintySummary, curvesSummary, entropyCurves, keptCurves, seriesStats, type LaneTrace,
} from '../../../src/ui/logic/tokens/curves';
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
      lane: 'cgrs', method: 'cgrs', params, metrics: { tokens: { thinking: 40, answer: 5 } },
      cgrs: {
        checkpoints: [{ position: 30, certainty: 0.95, pSup: 0.5 }, { position: 12, certainty: 0.4, pSup: 0 }],
        suppressedSteps: 0, triggersEmitted: 0, triggersBlocked: 0, thinkBudget: 10, budgetForcedAt: null,
      },
    } as unknown as LaneResult;
    expect(certaintyCurve(lane, 'CGRS')).toEqual({
      lane: 'cgrs', label: 'CGRS', delta: params.cgrs.delta, x: [12, 30], certainty: [0.4, 0.95], pSup: [0, 0.5], end: 45,
    });
    expect(certaintyCurve({ ...lane, cgrs: undefined } as LaneResult, 'CGRS')).toBeNull();
  });

  it('p(suppress) as a step over the whole trace: 0 from position 0, the last value held to the end', () => {
    const c = { lane: 'cgrs', label: 'CGRS', delta: 0.9, x: [12, 30], certainty: [0.4, 0.95], pSup: [0, 0.5], end: 45 };
    expect(certaintyColumns(c)).toEqual({ x: [0, 12, 30, 45], certainty: [null, 0.4, 0.95, null], pSup: [0, 0, 0.5, 0.5] });
    // A checkpoint at the last token adds no end point; none at all leaves p(suppress) 0 throughout.
    expect(certaintyColumns({ ...c, end: 30 }).x).toEqual([0, 12, 30]);
    expect(certaintyColumns({ ...c, x: [], certainty: [], pSup: [] })).toEqual({ x: [0, 45], certainty: [null, null], pSup: [0, 0] });
  });
});

describe('curve summaries (the charts’ accessible labels)', () => {
  it('says each series’ mean and max with the unit', () => {
    expect(seriesStats([1, null, 3])).toEqual({ mean: 2, max: 3, count: 2 });
    expect(seriesStats([null])).toBeNull();
    expect(curvesSummary('Entropy', 'nats', entropyCurves([greedy, topH]), 2))
      .toBe('Entropy (nats) by trace position (tokens). Greedy: mean 0.50, max 0.70 over 2 tokens; Top-H: mean 0.65, max 1.10 over 2 tokens.');
  });

  it('lists the checkpoints and how many lie above δ', () => {
    const c = { lane: 'cgrs', label: 'CGRS', delta: 0.9, x: [12, 30], certainty: [0.4, 0.95], pSup: [0, 0.5], end: 45 };
    expect(certaintySummary(c)).toBe(
      'CGRS certainty C at 2 checkpoints (token 12: 0.40, token 30: 0.95). δ = 0.90; 1 of 2 above δ, where triggers were suppressed with p = (C − δ) / (1 − δ).');
    expect(certaintySummary({ ...c, x: [], certainty: [], pSup: [] })).toBe('CGRS: no checkpoint fired.');
  });
});
