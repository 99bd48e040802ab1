/** Example-question chips over a question set (parsed by core's parseQuestionSet). */
import type { Question } from '../../core/eval/question-set';

export type { Question };

/** `count` questions spread evenly over the set (stable, so the chips do not jump around). */
export function sampleQuestions(all: readonly Question[], count: number): Question[] {
  if (all.length <= count) return [...all];
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}
