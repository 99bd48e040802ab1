import { describe, expect, it } from 'vitest';
import {
  aggregateByMethod, paramsFingerprint, parseEvalRecord, predictedAnswer, questionSeed, recordKey, scoreLane,
  stableJson, type EvalRecord, type LaneOutcome,
} from '../../../src/core/eval/score';
import { extractBoxedAnswer } from '../../../src/core/eval/extract';
import type { Question } from '../../../src/core/eval/question-set';

function lane(text: string, tokens: Partial<LaneOutcome['metrics']['tokens']> = {}, wallMs = 100, stopReason = 'eos'): LaneOutcome {
  const t = { prompt: 10, thinking: 0, answer: 0, probe: 0, discarded: 0, ...tokens };
  return {
    text,
    answer: extractBoxedAnswer(text),
    stopReason,
    metrics: { tokens: { ...t, total: tokens.total ?? t.thinking + t.answer + t.probe + t.discarded }, wallMs },
  };
}

const q = (answer: string, kind: Question['kind'] = 'math', id = 'q1'): Question => ({ id, question: '?', answer, kind });

describe('answer normalisation through the core extract/normalize functions', () => {
  const cases: Array<[string, string, boolean]> = [
    ['<think>…</think> The answer is \\boxed{85}', '85', true],
    ['\\boxed{85.0}', '85', true],
    ['\\boxed{1,000}', '1000', true],
    ['\\boxed{1{,}000}', '1000', true],
    ['\\boxed{\\frac{1}{2}}', '0.5', true],
    ['\\boxed{\\dfrac{1}{2}}', '\\frac{1}{2}', true],
    ['\\boxed{1/2}', '\\frac12', true],
    ['\\boxed{50\\%}', '50', true],
    ['\\boxed{$18$.}', '18', true],
    ['\\boxed{\\text{Evelyn}}', '\\text{Evelyn}', true],
    ['\\boxed{(3,\\frac{\\pi}{2})}', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
    ['\\boxed{84}', '85', false],
    ['first \\boxed{85} then \\boxed{86}', '85', false], // the last box counts
    ['no box at all: 85', '85', false],
    ['unclosed \\boxed{85', '85', false],
  ];
  for (const [text, reference, correct] of cases) {
    it(`${JSON.stringify(text)} vs ${JSON.stringify(reference)} → ${correct ? 'correct' : 'wrong'}`, () => {
      expect(scoreLane(q(reference), 'greedy', lane(text), { seed: 1, params: 'p' }).correct).toBe(correct);
    });
  }

  it('integer kind: 0–999 integers only', () => {
    expect(predictedAnswer({ answer: '042', text: '' }, 'integer')).toBe('42');
    expect(predictedAnswer({ answer: '1000', text: '' }, 'integer')).toBeNull();
    expect(scoreLane(q('42', 'integer'), 'greedy', lane('\\boxed{42.0}'), { seed: 1, params: 'p' }).correct).toBe(true);
  });

  it('mcq kind: a boxed letter, else the last bold letter', () => {
    expect(predictedAnswer({ answer: '\\text{(C)}', text: '' }, 'mcq')).toBe('C');
    expect(predictedAnswer({ answer: null, text: 'so **B** it is' }, 'mcq')).toBe('B');
    expect(scoreLane(q('B', 'mcq'), 'sample', lane('so **(B)**'), { seed: 1, params: 'p' }).correct).toBe(true);
  });
});

describe('scoreLane', () => {
  it('copies the lane token counts, wall time and stop reason into the record', () => {
    const r = scoreLane(q('5', 'math', 'id-9'), 'cgrs', lane('\\boxed{5}', { thinking: 40, answer: 6, probe: 20 }, 250, 'max-tokens'), { seed: 3, params: 'abc' });
    expect(r).toEqual({
      questionId: 'id-9', method: 'cgrs', seed: 3, params: 'abc', reference: '5', predicted: '5', correct: true,
      tokens: { prompt: 10, thinking: 40, answer: 6, probe: 20, discarded: 0, total: 66 }, wallMs: 250, stopReason: 'max-tokens',
    });
  });
});

describe('aggregateByMethod', () => {
  const rec = (questionId: string, method: string, correct: boolean, thinking: number, total: number, wallMs: number, predicted: string | null = '1', stopReason = 'eos'): EvalRecord => ({
    questionId, method, seed: 0, params: 'p', reference: '1', predicted, correct,
    tokens: { prompt: 5, thinking, answer: 1, probe: 0, discarded: total - thinking - 1, total }, wallMs, stopReason,
  });

  it('computes accuracy and means per method, in the requested order', () => {
    const records = [
      rec('a', 'greedy', true, 10, 11, 100),
      rec('b', 'greedy', false, 30, 31, 300, null, 'max-tokens'),
      rec('a', 'ffs', true, 8, 40, 90),
      rec('b', 'ffs', true, 12, 60, 110),
    ];
    const [ffs, greedy, cgrs] = aggregateByMethod(records, ['ffs', 'greedy', 'cgrs']);
    expect(ffs).toMatchObject({ method: 'ffs', problems: 2, correct: 2, accuracy: 1, meanThinkingTokens: 10, meanTotalTokens: 50, meanWallMs: 100 });
    expect(greedy).toMatchObject({ method: 'greedy', problems: 2, correct: 1, accuracy: 0.5, answered: 1, truncated: 1, meanThinkingTokens: 20, meanTotalTokens: 21, meanWallMs: 200 });
    expect(cgrs).toMatchObject({ method: 'cgrs', problems: 0, accuracy: null, meanTotalTokens: null });
  });

  it('counts a (question, method) pair once even when it was recorded twice', () => {
    const scores = aggregateByMethod([rec('a', 'greedy', false, 10, 10, 1), rec('a', 'greedy', true, 20, 20, 3)]);
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ problems: 1, correct: 1, meanThinkingTokens: 20 });
  });
});

describe('records, fingerprints and seeds', () => {
  it('parseEvalRecord round-trips a record and names a bad field', () => {
    const r = scoreLane(q('5'), 'greedy', lane('\\boxed{5}', { thinking: 4 }), { seed: 2, params: 'ff' });
    expect(parseEvalRecord(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(() => parseEvalRecord({ ...r, correct: 'yes' })).toThrow(/"correct"/);
    expect(() => parseEvalRecord({ ...r, tokens: { ...r.tokens, total: -1 } })).toThrow(/"tokens"/);
    expect(() => parseEvalRecord({ ...r, seed: 1.5 })).toThrow(/"seed"/);
    expect(() => parseEvalRecord([r])).toThrow(/object/);
  });

  it('fingerprints ignore key order and change with any value', () => {
    expect(stableJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    const a = paramsFingerprint({ method: 'sample', sampling: { temperature: 0.6, topP: 0.95 } });
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(paramsFingerprint({ sampling: { topP: 0.95, temperature: 0.6 }, method: 'sample' })).toBe(a);
    expect(paramsFingerprint({ method: 'sample', sampling: { temperature: 0.7, topP: 0.95 } })).not.toBe(a);
  });

  it('question seeds are fixed per position and wrap at 2^32', () => {
    expect(questionSeed(1, 0)).toBe(1);
    expect(questionSeed(1, 9)).toBe(10);
    expect(questionSeed(2 ** 32 - 1, 2)).toBe(1);
    expect(() => questionSeed(1, -1)).toThrow(/index/);
  });

  it('record keys separate question ids that contain the separator', () => {
    expect(recordKey('a', 'b,c')).not.toBe(recordKey('a,b', 'c'));
  });
});
