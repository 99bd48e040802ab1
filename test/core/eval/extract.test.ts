import { describe, expect, it } from 'vitest';
import { extractAnswer, extractBoxedAnswer } from '../../../src/core/eval/extract';

describe('extractBoxedAnswer', () => {
  it.each([
    ['plain', 'so \\boxed{42}.', '42'],
    ['nested braces', 'x = \\boxed{\\frac{1}{2}} done', '\\frac{1}{2}'],
    ['deeply nested', '\\boxed{\\left\\{ {a}, {b} \\right\\}}', '\\left\\{ {a}, {b} \\right\\}'],
    ['escaped braces do not count', '\\boxed{\\{1,2\\}}', '\\{1,2\\}'],
    ['last box wins', '\\boxed{1} then \\boxed{2} and finally \\boxed{ 3 }', '3'],
    ['space before the brace', '\\boxed {7}', '7'],
    ['text wrapper kept raw', '\\boxed{\\text{(A)}}', '\\text{(A)}'],
    ['a bare \\boxed (probe suffix) is skipped', '\\boxed{5}\n**Final Answer**\n\\boxed', '5'],
  ])('%s', (_name, text, expected) => {
    expect(extractBoxedAnswer(text)).toBe(expected);
  });

  it.each([
    ['no box', 'the answer is 42'],
    ['unclosed last box (no fall back to the earlier one)', '\\boxed{1} and \\boxed{\\frac{2}{3}'],
    ['empty box', '\\boxed{  }'],
  ])('null: %s', (_name, text) => {
    expect(extractBoxedAnswer(text)).toBeNull();
  });
});

describe('extractAnswer', () => {
  it("'math' is the last box", () => {
    expect(extractAnswer('\\boxed{1,000}', 'math')).toBe('1,000');
  });

  it("'integer' accepts 0–999 only, canonically", () => {
    expect(extractAnswer('\\boxed{042}', 'integer')).toBe('42');
    expect(extractAnswer('\\boxed{$7$.}', 'integer')).toBe('7');
    expect(extractAnswer('\\boxed{999}', 'integer')).toBe('999');
    expect(extractAnswer('\\boxed{0}', 'integer')).toBe('0');
    expect(extractAnswer('\\boxed{1000}', 'integer')).toBeNull();
    expect(extractAnswer('\\boxed{-3}', 'integer')).toBeNull();
    expect(extractAnswer('\\boxed{2.5}', 'integer')).toBeNull();
    expect(extractAnswer('\\boxed{x}', 'integer')).toBeNull();
  });

  it("'mcq' reads \\boxed{A}, \\boxed{(A)}, \\boxed{\\text{(A)}}, else **A / **(A", () => {
    expect(extractAnswer('\\boxed{C}', 'mcq')).toBe('C');
    expect(extractAnswer('\\boxed{(b)}', 'mcq')).toBe('B');
    expect(extractAnswer('\\boxed{\\text{(D)}}', 'mcq')).toBe('D');
    expect(extractAnswer('I pick **(A) because… no, **B', 'mcq')).toBe('B');
    expect(extractAnswer('**Answer: none', 'mcq')).toBeNull();
    expect(extractAnswer('\\boxed{E}', 'mcq')).toBeNull(); // beyond A–D
    expect(extractAnswer('\\boxed{E}', 'mcq', 5)).toBe('E');
  });
});
