import { describe, expect, it } from 'vitest';
import { answersEqual, normalizeAnswer, parseNumericAnswer } from '../../../src/core/eval/normalize';

describe('normalizeAnswer', () => {
  it.each([
    ['  $x^2$  ', 'x^2'],
    ['\\left( 1, 2 \\right)', '(1,2)'],
    ['a \\rightarrow b', 'a\\rightarrowb'],
    ['3\\!\\,\\;4', '34'],
    ['\\text{(A)}', '(A)'],
    ['\\textbf{\\mathrm{cm}}', 'cm'],
    ['\\dfrac{1}{2}', '\\frac{1}{2}'],
    ['\\tfrac12', '\\frac12'],
    ['5.', '5'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe('parseNumericAnswer', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['.25', 0.25],
    ['1,000', 1000],
    ['1,234,567.5', 1234567.5],
    ['1{,}000', 1000],
    ['\\frac{1}{4}', 0.25],
    ['-\\frac{3}{4}', -0.75],
    ['\\frac{-1}{2}', -0.5],
    ['\\frac12', 0.5],
    ['3/8', 0.375],
    ['50%', 50],
    ['12.5\\%', 12.5],
  ])('%s → %f', (input, expected) => {
    expect(parseNumericAnswer(input)).toBe(expected);
  });

  it.each([['x'], ['1,2'], ['1,0000'], ['\\frac{1}{0}'], ['1/0'], ['2^3'], ['']])('%j is not a number', (input) => {
    expect(parseNumericAnswer(input)).toBeNull();
  });
});

describe('answersEqual', () => {
  it("'math' compares numbers numerically with relative tolerance 1e-9", () => {
    expect(answersEqual('1,000', '1000')).toBe(true);
    expect(answersEqual('1{,}000', '\\text{1000}')).toBe(true);
    expect(answersEqual('\\dfrac{1}{2}', '0.5')).toBe(true);
    expect(answersEqual('1/3', '0.3333333333333')).toBe(true);
    expect(answersEqual('1/3', '0.3333')).toBe(false);
    expect(answersEqual('50\\%', '50')).toBe(true);
    expect(answersEqual('$12$.', '12')).toBe(true);
    expect(answersEqual('100000000', '100000001')).toBe(false); // relative difference 1e-8
    expect(answersEqual('10000000000', '10000000001')).toBe(true); // 1e-10
  });

  it("'math' compares other answers as exact normalised strings", () => {
    expect(answersEqual('\\left(1, 2\\right)', '(1,2)')).toBe(true);
    expect(answersEqual('x^2', 'x^{2}')).toBe(false);
    expect(answersEqual('\\text{(A)}', '(A)')).toBe(true);
  });

  it('no answer equals nothing', () => {
    expect(answersEqual(null, null)).toBe(false);
    expect(answersEqual('1', null)).toBe(false);
  });

  it("'integer' and 'mcq'", () => {
    expect(answersEqual('042', '42', 'integer')).toBe(true);
    expect(answersEqual('2.5', '2.5', 'integer')).toBe(false);
    expect(answersEqual('(a)', '\\text{A}', 'mcq')).toBe(true);
    expect(answersEqual('A', 'B', 'mcq')).toBe(false);
  });
});
