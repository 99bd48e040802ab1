import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answersEqual, parseNumericAnswer, normalizeAnswer } from '../../../src/core/eval/normalize';
import { parseQuestionSet } from '../../../src/core/eval/question-set';

const load = (file: string) => parseQuestionSet(readFileSync(`public/data/${file}`, 'utf8'), file);

describe('public question sets', () => {
  it('gsm8k-test-50: 50 problems in test.jsonl order, integer answers', () => {
    const set = load('gsm8k-test-50.jsonl');
    expect(set).toHaveLength(50);
    expect(set.map((q) => q.id)).toEqual(Array.from({ length: 50 }, (_, i) => `gsm8k-test-${i}`));
    for (const q of set) {
      expect(q.kind).toBe('math');
      expect(q.answer).toMatch(/^\d+$/);
    }
    // first line of the GSM8K test split, answer after "#### "
    expect(set[0]!.question.startsWith('Janet\u2019s ducks lay 16 eggs per day.')).toBe(true);
    expect(set[0]!.answer).toBe('18');
    expect(set[49]!.answer).toBe('30');
  });

  it('math500-50: 50 problems in split order, LaTeX answers kept verbatim', () => {
    const set = load('math500-50.jsonl');
    expect(set).toHaveLength(50);
    expect(set.map((q) => q.id)).toEqual(Array.from({ length: 50 }, (_, i) => `math500-${i}`));
    expect(set[0]!.question.startsWith('Convert the point $(0,3)$ in rectangular coordinates')).toBe(true);
    expect(set[0]!.answer).toBe('\\left( 3, \\frac{\\pi}{2} \\right)');
    // a model writing the usual equivalent forms is scored correct
    expect(answersEqual('(3,\\frac{\\pi}{2})', set[0]!.answer)).toBe(true);
    expect(answersEqual('\\dfrac{14}{3}', set[2]!.answer)).toBe(true);
    expect(answersEqual('Evelyn', set[4]!.answer)).toBe(true);
    // every answer normalises to something non-empty; most are numbers
    const numeric = set.filter((q) => parseNumericAnswer(normalizeAnswer(q.answer)) !== null).length;
    expect(set.every((q) => normalizeAnswer(q.answer) !== '')).toBe(true);
    expect(numeric).toBeGreaterThanOrEqual(30);
  });
});
