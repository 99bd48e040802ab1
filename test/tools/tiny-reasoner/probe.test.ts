import { describe, expect, it } from 'vitest';
import { summarize, type RunOutcome } from '../../../tools/tiny-reasoner/eval-summary';
import { isCorrect, lastBoxed, sampleFrom, softmax, topKCertainty, topKEntropy } from '../../../tools/tiny-reasoner/probe';
import { Rng } from '../../../tools/tiny-reasoner/rng';

const dist = (...p: number[]) => Float64Array.from(p);

describe('CGRS topk certainty (spec §4.5)', () => {
  it('is 1 for one-hot positions and skips position 0', () => {
    const uniform = dist(0.2, 0.2, 0.2, 0.2, 0.2);
    expect(topKCertainty([uniform, dist(1, 0, 0), dist(0, 1, 0)], 5)).toBeCloseTo(1, 12);
  });

  it('is 0 for uniform top-5 positions and when there is at most one position', () => {
    const uniform = dist(0.2, 0.2, 0.2, 0.2, 0.2);
    expect(topKCertainty([dist(1, 0), uniform, uniform], 5)).toBeCloseTo(0, 12);
    expect(topKCertainty([dist(1, 0)], 5)).toBe(0);
    expect(topKCertainty([], 5)).toBe(0);
  });

  it('takes the top-K entropy without renormalising', () => {
    const p = dist(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
    expect(topKEntropy(p, 5)).toBeCloseTo(-5 * 0.1 * Math.log(0.1), 12);
    expect(topKCertainty([p, p], 5)).toBeCloseTo(1 - (0.5 * Math.log(10)) / Math.log(5), 12);
  });
});

describe('sampling helpers', () => {
  it('softmax at a temperature sums to 1 and sharpens', () => {
    const hot = softmax([1, 2, 3], 3, 1);
    const cold = softmax([1, 2, 3], 3, 0.5);
    expect(hot.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(cold[2]!).toBeGreaterThan(hot[2]!);
  });

  it('draws by the distribution and never a zero-probability entry', () => {
    const rng = new Rng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[sampleFrom(dist(0.25, 0, 0.75), rng)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / 4000).toBeGreaterThan(0.7);
    expect(counts[2]! / 4000).toBeLessThan(0.8);
  });
});

describe('answers', () => {
  it('reads the last balanced \\boxed{…}', () => {
    expect(lastBoxed('x \\boxed{1} then \\boxed{85}')).toBe('85');
    expect(lastBoxed('\\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{85')).toBeNull();
    expect(lastBoxed('no box')).toBeNull();
  });

  it('compares integers', () => {
    expect(isCorrect('85', '85')).toBe(true);
    expect(isCorrect(' 085 ', '85')).toBe(true);
    expect(isCorrect('84', '85')).toBe(false);
    expect(isCorrect('8a5', '85')).toBe(false);
    expect(isCorrect(null, '85')).toBe(false);
  });
});

describe('eval summary', () => {
  const run = (correct: boolean, tokens: number, certainties: [number, boolean][] = []): RunOutcome => ({
    correct, tokens, reflected: !correct, closedThink: true, boxed: correct,
    checkpoints: certainties.map(([certainty, afterResult]) => ({ certainty, afterResult })),
  });

  it('splits lengths and probe certainty by correctness', () => {
    const s = summarize([
      run(true, 100, [[0.4, false], [0.9, true]]),
      run(true, 120, [[0.5, false], [1, true]]),
      run(false, 200, [[0.3, false], [0.5, true]]),
    ]);
    expect(s.accuracy).toBeCloseTo(2 / 3, 12);
    expect(s.meanTokensCorrect).toBe(110);
    expect(s.meanTokensIncorrect).toBe(200);
    expect(s.reflectionShare).toBeCloseTo(1 / 3, 12);
    expect(s.closedAndBoxedShare).toBeCloseTo(2 / 3, 12);
    expect(s.probe!.meanCertaintyCorrect).toBeCloseTo(0.7, 12);
    expect(s.probe!.meanCertaintyIncorrect).toBeCloseTo(0.4, 12);
    expect(s.probe!.meanCertaintyBeforeResult).toBeCloseTo(0.45, 12);
    expect(s.probe!.meanCertaintyAfterResult).toBeCloseTo(0.95, 12);
    expect(s.probe!.meanLastCorrect).toBeCloseTo(0.95, 12);
    expect(s.probe!.meanLastIncorrect).toBeCloseTo(0.5, 12);
  });

  it('has no probe block without checkpoints', () => {
    expect(summarize([run(true, 10)]).probe).toBeNull();
  });
});
