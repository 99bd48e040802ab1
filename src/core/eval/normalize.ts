/**
 * Answer normalisation and comparison (spec §5.3, derived rules).
 */
import { unwrapCommands } from './latex';

export type AnswerKind = 'math' | 'mcq' | 'integer';

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Relative tolerance of numeric comparison. */
export const NUMERIC_RELATIVE_TOLERANCE = 1e-9;

/**
 * Canonical text of an answer: trim; unwrap `\text{}`, `\textbf{}`, `\mathrm{}`; `\dfrac`/`\tfrac` →
 * `\frac`; drop `$`, `\left`, `\right`, `\!`, `\,`, `\;` and all whitespace; drop one trailing `.`.
 * (`\left`/`\right` are matched as whole commands, so `\rightarrow` survives.)
 */
export function normalizeAnswer(answer: string): string {
  let s = unwrapCommands(answer.trim(), ['text', 'textbf', 'mathrm']);
  s = s.replace(/\\[dt]frac(?![A-Za-z])/g, '\\frac');
  s = s.replace(/\\(?:left|right)(?![A-Za-z])/g, '');
  s = s.replace(/\\[!,;]/g, '');
  s = s.replace(/\$/g, '');
  s = s.replace(/\s+/g, '');
  return s.replace(/\.$/, '');
}

const DECIMAL = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
const SIGNED = String.raw`[+-]?${DECIMAL}`;
const PLAIN = new RegExp(`^${DECIMAL}$`);
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const FRACTION = new RegExp(String.raw`^\\frac\{(${SIGNED})\}\{(${SIGNED})\}$`);
const FRACTION_SHORT = /^\\frac(\d)(\d)$/;
const SLASH = new RegExp(`^(${SIGNED})/(${SIGNED})$`);

function ratio(a: string, b: string): number | null {
  const d = Number(b);
  return d === 0 ? null : Number(a) / d;
}

function parseUnsigned(s: string): number | null {
  if (PLAIN.test(s)) return Number(s);
  if (THOUSANDS.test(s)) return Number(s.replace(/,/g, ''));
  const frac = FRACTION.exec(s) ?? FRACTION_SHORT.exec(s) ?? SLASH.exec(s);
  return frac ? ratio(frac[1]!, frac[2]!) : null; // both groups are required in all three patterns
}

/**
 * The value of a normalised answer when it is a number, else null. Accepted: decimals; thousands
 * separators `1,000` and `1{,}000`; `\frac{a}{b}`, `\frac12`, `a/b`; a leading sign; a trailing `%` or
 * `\%`, which is dropped (50% equals 50, as common math graders do).
 */
export function parseNumericAnswer(normalized: string): number | null {
  let s = normalized.replace(/\\?%$/, '').replace(/\{,\}/g, ',');
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  const value = parseUnsigned(s);
  return value === null || !Number.isFinite(value) ? null : sign * value;
}

/** |a − b| ≤ 1e-9 · max(|a|, |b|). */
export function numbersEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= NUMERIC_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** 'A' from 'A', '(A)', '\text{(A)}', 'a', 'A.'; null otherwise or outside the first `optionCount` letters. */
export function optionLetter(answer: string, optionCount = 4): string | null {
  const bare = unwrapCommands(answer, ['text', 'textbf', 'mathrm']).replace(/\s+/g, '');
  const m = /^\(?([A-Za-z])\)?\.?$/.exec(bare);
  if (!m) return null;
  const letter = m[1]!.toUpperCase();
  return LETTERS.indexOf(letter) < optionCount ? letter : null;
}

/**
 * Whether two answers are the same under `kind`; null (no answer) equals nothing.
 * - 'math': equal normalised text, or both numbers (parseNumericAnswer) equal within 1e-9 relative.
 * - 'integer': both integers of equal value.
 * - 'mcq': the same option letter (any of 26).
 */
export function answersEqual(a: string | null, b: string | null, kind: AnswerKind = 'math'): boolean {
  if (a === null || b === null) return false;
  if (kind === 'mcq') {
    const la = optionLetter(a, LETTERS.length);
    return la !== null && la === optionLetter(b, LETTERS.length);
  }
  const na = normalizeAnswer(a);
  const nb = normalizeAnswer(b);
  const xa = parseNumericAnswer(na);
  const xb = parseNumericAnswer(nb);
  if (kind === 'integer') return xa !== null && xb !== null && Number.isInteger(xa) && xa === xb;
  if (na === nb) return true;
  return xa !== null && xb !== null && numbersEqual(xa, xb);
}
