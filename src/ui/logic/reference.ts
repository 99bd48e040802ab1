/** The reference answer of a bundled question, and scoring against it (core's answer comparison). */
import type { AnswerKind } from '../../core/eval/normalize';
import { answersEqual } from '../../core/eval/normalize';

export interface Reference {
  readonly questionId: string;
  readonly answer: string;
  readonly kind: AnswerKind;
}

export function isCorrect(answer: string | null, ref: Reference): boolean {
  return answersEqual(answer, ref.answer, ref.kind);
}
