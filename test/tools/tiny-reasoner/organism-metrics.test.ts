import { describe, expect, it } from 'vitest';
import { Rng } from '../../../tools/tiny-reasoner/data-rng';
import { auroc, lengthsWithinQuestions, opensWithTrigger, thinkingSteps, traceShape } from '../../../tools/tiny-reasoner/organism-metrics';

describe('organism metrics', () => {
  it('split the thinking text at blank lines, closed or not', () => {
    expect(thinkingSteps('<think>\nA.\n\nB.\n</think>\n\nThe answer is \\boxed{1}')).toEqual(['A.', 'B.']);
    expect(thinkingSteps('<think>\nA.\n\nB')).toEqual(['A.', 'B']);
    expect(thinkingSteps('The answer is 3.')).toEqual([]);
  });

  it('find the result step and the re-checks after it', () => {
    const text = '<think>\nI need to compute 4 + 5.\nOnes: 4 + 5 = 9, write 9.\nSo 4 + 5 = 9.\n\nWait, let me check. Yes.\n\n' +
      'Alternatively, 5 + 4 = 9. Same.\n\nThe answer is 9.\n</think>\n\nThe answer is \\boxed{9}';
    expect(traceShape(text)).toEqual({
      steps: ['I need to compute 4 + 5.\nOnes: 4 + 5 = 9, write 9.\nSo 4 + 5 = 9.', 'Wait, let me check. Yes.', 'Alternatively, 5 + 4 = 9. Same.', 'The answer is 9.'],
      result: 0, resultValue: '9', rechecks: [1, 2],
    });
    // Reflection before the result is not a re-check; no result, no re-checks.
    expect(traceShape('<think>\nHmm.\n\nSo 1 + 1 = 2.\n\nBut fine.\n</think>').rechecks).toEqual([2]);
    expect(traceShape('<think>\nHmm.\n\nWait.\n</think>')).toMatchObject({ result: -1, resultValue: null, rechecks: [] });
  });

  it('trigger words open a step only as whole words', () => {
    expect(opensWithTrigger('Wait, no.')).toBe(true);
    expect(opensWithTrigger('Hmm')).toBe(true);
    expect(opensWithTrigger('Waiting is over.')).toBe(false);
    expect(opensWithTrigger('The answer is 3.')).toBe(false);
  });

  it('AUROC: 1 when separated, 0 reversed, ½ for ties or noise, null without a side', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auroc([0.1], [0.9, 0.8])).toBe(0);
    expect(auroc([0.5, 0.5], [0.5])).toBe(0.5);
    expect(auroc([], [1])).toBeNull();
    const rng = new Rng(1);
    const noise = (n: number) => Array.from({ length: n }, () => rng.next());
    expect(Math.abs(auroc(noise(400), noise(400))! - 0.5)).toBeLessThan(0.05);
  });

  it('compare wrong and right lengths only within questions that have both', () => {
    const r = lengthsWithinQuestions([
      [{ correct: true, tokens: 100 }, { correct: false, tokens: 160 }, { correct: false, tokens: 140 }],
      [{ correct: true, tokens: 200 }, { correct: true, tokens: 220 }, { correct: false, tokens: 190 }],
      [{ correct: true, tokens: 50 }],
    ]);
    expect(r.questions).toBe(2);
    expect(r.meanWrongMinusRight).toBeCloseTo((50 + -20) / 2, 10);
    expect(r.wrongLongerShare).toBe(0.5);
    expect(r.meanRight).toBeCloseTo((100 + 200 + 220) / 3, 10);
    expect(r.meanWrong).toBeCloseTo((160 + 140 + 190) / 3, 10);
    expect(lengthsWithinQuestions([[{ correct: true, tokens: 1 }]]).meanWrongMinusRight).toBeNull();
  });
});

describe('data RNG over core\'s counter-based RNG', () => {
  it('replays from the seed, streams differ by label, draws stay in range', () => {
    const a = Rng.derive(5, 'x');
    const first = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => Rng.derive(5, 'x').next())[0]).toBe(first[0]);
    const again = Rng.derive(5, 'x');
    expect(Array.from({ length: 20 }, () => again.next())).toEqual(first);
    expect(Rng.derive(5, 'y').next()).not.toBe(first[0]);
    const r = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const k = r.int(2, 4);
      expect(k >= 2 && k <= 4 && Number.isInteger(k)).toBe(true);
      expect([0, 1, 2]).toContain(r.weighted([1, 0, 3]) === 1 ? -1 : r.weighted([1, 1, 1]));
    }
    expect(() => r.pick([])).toThrow();
  });
});
