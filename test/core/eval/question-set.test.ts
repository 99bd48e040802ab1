import { describe, expect, it } from 'vitest';
import { parseQuestionSet, QuestionSetError } from '../../../src/core/eval/question-set';

const line = (o: unknown) => JSON.stringify(o);

describe('parseQuestionSet', () => {
  it('reads one question per line, defaulting kind to math and keeping file order', () => {
    const text = [
      line({ id: 'a', question: 'What is 2 + 3?', answer: '5' }),
      '',
      line({ id: 7, question: 'Pick one', answer: 'B', kind: 'mcq', source: 'x' }),
      line({ id: 'c', question: 'AIME', answer: 42, kind: 'integer' }),
      '',
    ].join('\n');
    expect(parseQuestionSet(text)).toEqual([
      { id: 'a', question: 'What is 2 + 3?', answer: '5', kind: 'math' },
      { id: '7', question: 'Pick one', answer: 'B', kind: 'mcq' },
      { id: 'c', question: 'AIME', answer: '42', kind: 'integer' },
    ]);
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const text = `\uFEFF${line({ id: 'a', question: 'q', answer: '1' })}\r\n${line({ id: 'b', question: 'q', answer: '2' })}\r\n`;
    expect(parseQuestionSet(text).map((q) => q.id)).toEqual(['a', 'b']);
  });

  const good = line({ id: 'ok', question: 'q', answer: '1' });
  const cases: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{"id": "x", "question": ', /line 3: not valid JSON/],
    ['an array', '[1, 2]', /line 3: expected a JSON object/],
    ['missing id', line({ question: 'q', answer: '1' }), /line 3: missing "id"/],
    ['fractional id', line({ id: 1.5, question: 'q', answer: '1' }), /line 3: "id" must be a string or an integer/],
    ['missing question', line({ id: 'x', answer: '1' }), /line 3: missing "question"/],
    ['empty question', line({ id: 'x', question: '  ', answer: '1' }), /line 3: "question" must be a non-empty string/],
    ['missing answer', line({ id: 'x', question: 'q' }), /line 3: missing "answer"/],
    ['empty answer', line({ id: 'x', question: 'q', answer: '' }), /line 3: "answer" is empty/],
    ['object answer', line({ id: 'x', question: 'q', answer: { v: 1 } }), /line 3: "answer" must be a string or a number/],
    ['unknown kind', line({ id: 'x', question: 'q', answer: '1', kind: 'essay' }), /line 3: "kind" must be one of math, integer, mcq, got "essay"/],
    ['duplicate id', line({ id: 'ok', question: 'q2', answer: '2' }), /line 3: duplicate id "ok" \(first on line 1\)/],
  ];
  for (const [name, bad, message] of cases) {
    it(`rejects ${name} with its line number`, () => {
      const text = [good, '', bad, line({ id: 'later', question: 'q', answer: '1' })].join('\n');
      expect(() => parseQuestionSet(text, 'set.jsonl')).toThrow(QuestionSetError);
      expect(() => parseQuestionSet(text, 'set.jsonl')).toThrow(message);
      try {
        parseQuestionSet(text, 'set.jsonl');
      } catch (e) {
        expect((e as QuestionSetError).line).toBe(3);
        expect((e as Error).message.startsWith('set.jsonl line 3:')).toBe(true);
      }
    });
  }

  it('rejects an empty set', () => {
    expect(() => parseQuestionSet('\n\n', 'empty.jsonl')).toThrow(/empty.jsonl: no questions/);
  });
});
