/**
 * The model-organism metrics of `npm run model:eval` (definitions in the README, "The tiny reasoner is a
 * model organism"). Pure functions over what the engine returns: trace text, CGRS checkpoints, scores.
 *
 * - A trace's *steps* are its thinking text (between `<think>` and `</think>`, or to the end when the
 *   block never closes) split at blank lines ("\n\n"), the boundaries where CGRS checkpoints fire.
 * - The *result step* is the first step with a line "So <expression> = <number>": where the trace first
 *   states its result ("So 709 - 627 = 082, which is 82." states 82).
 * - A *re-check* is a step after the result step that opens with a CGRS trigger word (Wait, Hmm,
 *   Alternatively, But, … without the leading space): the reflection CGRS suppresses.
 */
import { CGRS_TRIGGER_WORDS } from '../../src/core/methods/params';

const TRIGGER_START = new RegExp(`^(?:${[...new Set(CGRS_TRIGGER_WORDS.map((w) => w.trim()))].join('|')})\\b`);
const RESULT_LINE = /^So [^\n=]*= (?:\d+, which is )?(\d+)/m;

/** The thinking text's steps (see above); [] when the trace has no `<think>`. */
export function thinkingSteps(text: string): string[] {
  const open = text.indexOf('<think>');
  if (open < 0) return [];
  const close = text.indexOf('</think>', open);
  const inner = text.slice(open + '<think>'.length, close < 0 ? undefined : close).replace(/^\n/, '').replace(/\n$/, '');
  return inner.split('\n\n');
}

export const opensWithTrigger = (step: string): boolean => TRIGGER_START.test(step);

export interface TraceShape {
  steps: string[];
  /** Index of the result step, -1 if the trace never states a result. */
  result: number;
  /** The number the result step states (as written), null without one. */
  resultValue: string | null;
  /** Indices of the re-check steps. */
  rechecks: number[];
}

export function traceShape(text: string): TraceShape {
  const steps = thinkingSteps(text);
  const result = steps.findIndex((s) => RESULT_LINE.test(s));
  const resultValue = result < 0 ? null : RESULT_LINE.exec(steps[result]!)![1]!;
  const rechecks = result < 0 ? [] : steps.flatMap((s, i) => (i > result && opensWithTrigger(s) ? [i] : []));
  return { steps, result, resultValue, rechecks };
}

/**
 * Area under the ROC curve of a score separating positives from negatives: the chance that a random
 * positive scores above a random negative, ties counting half. null when either side is empty.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

export interface LengthComparison {
  /** Questions with at least one right and one wrong trace. */
  questions: number;
  /** Mean over those questions of (mean wrong length − mean right length). */
  meanWrongMinusRight: number | null;
  /** Share of those questions whose wrong traces are longer on average. */
  wrongLongerShare: number | null;
  /** Over those questions, the mean length of right and of wrong traces (trace-weighted). */
  meanRight: number | null;
  meanWrong: number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Wrong vs right trace lengths for the same question, over several samples per question. */
export function lengthsWithinQuestions(byQuestion: readonly (readonly { correct: boolean; tokens: number }[])[]): LengthComparison {
  const diffs: number[] = [];
  const right: number[] = [];
  const wrong: number[] = [];
  for (const runs of byQuestion) {
    const r = runs.filter((x) => x.correct).map((x) => x.tokens);
    const w = runs.filter((x) => !x.correct).map((x) => x.tokens);
    if (r.length === 0 || w.length === 0) continue;
    diffs.push(mean(w)! - mean(r)!);
    right.push(...r);
    wrong.push(...w);
  }
  return {
    questions: diffs.length,
    meanWrongMinusRight: mean(diffs),
    wrongLongerShare: diffs.length === 0 ? null : diffs.filter((d) => d > 0).length / diffs.length,
    meanRight: mean(right),
    meanWrong: mean(wrong),
  };
}
