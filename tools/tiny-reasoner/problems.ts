/**
 * Seeded arithmetic problems for the tiny reasoner: 2–3-digit addition, subtraction and sums of
 * three numbers, each phrased in one of several natural ways. Column arithmetic with carries and
 * borrows is hard enough that a ~1M-parameter model makes real mistakes, and learnable enough that
 * it gets most right.
 */
import { Rng } from './data-rng';

export type ProblemKind = 'add' | 'sub' | 'sum3';

export interface Problem {
  kind: ProblemKind;
  /** add: [a, b]; sub: [a, b] with a ≥ b (the question asks a − b); sum3: [a, b, c]. */
  operands: readonly number[];
  question: string;
  answer: number;
}

type Phrase = (n: readonly number[]) => string;

/** Several ways to ask each kind (compact and lowercase ones too); a user's own wording should look like one of these. */
export const PHRASINGS: Readonly<Record<ProblemKind, readonly Phrase[]>> = {
  add: [
    ([a, b]) => `What is ${a} + ${b}?`,
    ([a, b]) => `Calculate ${a} + ${b}.`,
    ([a, b]) => `Compute ${a} + ${b}.`,
    ([a, b]) => `Add ${a} and ${b}.`,
    ([a, b]) => `What is the sum of ${a} and ${b}?`,
    ([a, b]) => `How much is ${a} plus ${b}?`,
    ([a, b]) => `What's ${a} plus ${b}?`,
    ([a, b]) => `${a} + ${b} = ?`,
    ([a, b]) => `Find ${a} + ${b}.`,
    ([a, b]) => `Please add ${a} to ${b}.`,
    ([a, b]) => `${a}+${b}`,
    ([a, b]) => `what is ${a} plus ${b}`,
  ],
  sub: [
    ([a, b]) => `What is ${a} - ${b}?`,
    ([a, b]) => `Compute ${a} - ${b}.`,
    ([a, b]) => `Calculate ${a} - ${b}.`,
    ([a, b]) => `Subtract ${b} from ${a}.`,
    ([a, b]) => `What is ${a} minus ${b}?`,
    ([a, b]) => `What is the difference between ${a} and ${b}?`,
    ([a, b]) => `How much is ${a} minus ${b}?`,
    ([a, b]) => `Take ${b} away from ${a}.`,
    ([a, b]) => `${a} - ${b} = ?`,
    ([a, b]) => `Find ${a} - ${b}.`,
    ([a, b]) => `${a}-${b}`,
    ([a, b]) => `what is ${a} minus ${b}`,
  ],
  sum3: [
    ([a, b, c]) => `Add ${a}, ${b} and ${c}.`,
    ([a, b, c]) => `What is the sum of ${a}, ${b} and ${c}?`,
    ([a, b, c]) => `What is ${a} + ${b} + ${c}?`,
    ([a, b, c]) => `Compute ${a} + ${b} + ${c}.`,
    ([a, b, c]) => `Calculate ${a} + ${b} + ${c}.`,
    ([a, b, c]) => `Find the total of ${a}, ${b} and ${c}.`,
    ([a, b, c]) => `How much is ${a} plus ${b} plus ${c}?`,
    ([a, b, c]) => `${a} + ${b} + ${c} = ?`,
    ([a, b, c]) => `${a}+${b}+${c}`,
    ([a, b, c]) => `add ${a}, ${b} and ${c}`,
  ],
};

/** Share of each kind in generated sets. */
const KIND_WEIGHTS: readonly [ProblemKind, number][] = [['add', 0.35], ['sub', 0.35], ['sum3', 0.3]];

/** A number with `digits` digits (1 digit allows 0). */
function numberWithDigits(rng: Rng, digits: number): number {
  return digits === 1 ? rng.int(0, 9) : rng.int(10 ** (digits - 1), 10 ** digits - 1);
}

function digitsFor(rng: Rng, weights: readonly [number, number, number]): number {
  return 1 + rng.weighted(weights);
}

function operandsFor(rng: Rng, kind: ProblemKind): number[] {
  switch (kind) {
    case 'add':
      return [0, 1].map(() => numberWithDigits(rng, digitsFor(rng, [0.1, 0.45, 0.45])));
    case 'sub': {
      const a = numberWithDigits(rng, digitsFor(rng, [0, 0.45, 0.55]));
      const b = numberWithDigits(rng, digitsFor(rng, [0.15, 0.45, 0.4]));
      return a >= b ? [a, b] : [b, a];
    }
    case 'sum3':
      return [0, 1, 2].map(() => numberWithDigits(rng, digitsFor(rng, [0.2, 0.5, 0.3])));
  }
}

export function answerOf(kind: ProblemKind, operands: readonly number[]): number {
  return kind === 'sub' ? operands[0]! - operands[1]! : operands.reduce((s, x) => s + x, 0);
}

/** One random problem, phrased at random. */
export function randomProblem(rng: Rng): Problem {
  const kind = KIND_WEIGHTS[rng.weighted(KIND_WEIGHTS.map(([, w]) => w))]![0];
  const operands = operandsFor(rng, kind);
  const question = rng.pick(PHRASINGS[kind])(operands);
  return { kind, operands, question, answer: answerOf(kind, operands) };
}

/**
 * The problem with its wording stripped: the same operation on the same numbers gives the same key
 * (addends in any order), so a held-out problem cannot reach training under another phrasing.
 */
export function problemKey(p: Pick<Problem, 'kind' | 'operands'>): string {
  const ops = p.kind === 'sub' ? [...p.operands] : [...p.operands].sort((x, y) => x - y);
  return `${p.kind}:${ops.join(',')}`;
}

/** `count` problems with distinct keys, none in `exclude`. */
export function problemSet(seed: number, stream: string, count: number, exclude: ReadonlySet<string> = new Set()): Problem[] {
  const rng = Rng.derive(seed, stream);
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 20) throw new Error(`problemSet: could not find ${count} distinct problems`);
    const p = randomProblem(rng);
    const key = problemKey(p);
    if (seen.has(key) || exclude.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** The held-out evaluation problems: drawn first, from their own stream. */
export function heldOutProblems(seed: number, count: number): Problem[] {
  return problemSet(seed, 'heldout', count);
}

/** Training problems: never one whose key is held out. */
export function trainingProblems(seed: number, count: number, heldOut: readonly Problem[]): Problem[] {
  return problemSet(seed, 'train', count, new Set(heldOut.map(problemKey)));
}
