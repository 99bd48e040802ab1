/**
 * Answer extraction from a trace (spec §5.3).
 */
import { closingBrace } from './latex';
import type { AnswerKind } from './normalize';
import { LETTERS, normalizeAnswer, optionLetter, parseNumericAnswer } from './normalize';

export type { AnswerKind };

/**
 * Content of the LAST `\boxed{…}` in `text`, read to its matching `}` with nested braces balanced
 * (reference code takes the last match; balancing derived). The last `\boxed{` being unclosed means no
 * answer (null), never a fall back to an earlier box. A `\boxed` not followed by `{` (e.g. the probe
 * suffix itself) is not an answer and is skipped. The content is trimmed; an empty box gives null.
 */
export function extractBoxedAnswer(text: string): string | null {
  const pattern = /\\boxed\s*\{/g;
  let lastOpen = -1;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) lastOpen = m.index + m[0].length - 1;
  if (lastOpen < 0) return null;
  const end = closingBrace(text, lastOpen);
  if (end < 0) return null;
  const content = text.slice(lastOpen + 1, end - 1).trim();
  return content === '' ? null : content;
}

function lastBoldLetter(text: string, optionCount: number): string | null {
  let found: string | null = null;
  for (const m of text.matchAll(/\*\*\(?([A-Z])(?![A-Za-z])/g)) {
    const letter = m[1]!; // group 1 is not optional
    if (LETTERS.indexOf(letter) < optionCount) found = letter;
  }
  return found;
}

/**
 * The answer of a trace under `kind`, or null when it has none:
 * - 'math': the last `\boxed{…}` content (compare with `answersEqual`).
 * - 'integer' (AIME-style): that content as an integer 0–999, canonical form ('042' → '42').
 * - 'mcq': one letter within the first `optionCount` (A–D for GPQA) from `\boxed{A}`, `\boxed{(A)}` or
 *   `\boxed{\text{(A)}}`, else the last `**A` / `**(A` (reference code).
 */
export function extractAnswer(text: string, kind: AnswerKind, optionCount = 4): string | null {
  const boxed = extractBoxedAnswer(text);
  switch (kind) {
    case 'math':
      return boxed;
    case 'integer': {
      if (boxed === null) return null;
      const value = parseNumericAnswer(normalizeAnswer(boxed));
      return value !== null && Number.isInteger(value) && value >= 0 && value <= 999 ? String(value) : null;
    }
    case 'mcq':
      return (boxed === null ? null : optionLetter(boxed, optionCount)) ?? lastBoldLetter(text, optionCount);
  }
}
