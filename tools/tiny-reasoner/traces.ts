/**
 * Reasoning traces for the tiny reasoner and the probe samples cut from them.
 *
 * A trace is a list of steps (joined by a blank line inside `<think>`): a restatement, one step per
 * column, "So a + b = v.", optional reflections, and a one-line conclusion. Noise makes it a useful
 * test subject for CGRS and FFS:
 * - a column may be computed wrongly (more often when carries/borrows are involved); usually a
 *   reflection (" Wait", "Hmm", "But") repairs it, otherwise the error flows to a wrong answer and
 *   the trace dithers with extra reflections, so wrong traces run longer (the FFS premise);
 * - after a correct result, redundant re-checks ("Wait, let me check …", "Alternatively, …") follow,
 *   more often for carry-heavy problems (the overthinking CGRS suppresses);
 * - each step carries a probe target: once the correct final value is written, a probe answers it
 *   exactly; mid-way or after an unrepaired error, a probe answers a spread of plausible values.
 */
import { columnText, columnWork, type Column, type ColumnError } from './columns';
import type { Problem } from './problems';
import { Rng } from './rng';

/** The CGRS probe suffix (decoding spec §4.4), appended after a step's blank line. */
export const PROBE_SUFFIX = '\n**Final Answer**\n\\boxed';

/** What a probe after a step should answer: exactly `value` when settled, else values around it. */
export interface ProbeTarget { settled: boolean; value: number }
export interface TraceStep { text: string; probe: ProbeTarget }
export interface Trace {
  steps: TraceStep[];
  /** The value the trace concludes with (boxed in the answer). */
  finalValue: number;
  correct: boolean;
}

export interface TraceOptions {
  /** Chance that a trace has a wrong column, before the per-carry increase. */
  errorBase: number;
  /** Added per column with a carry or borrow. */
  errorPerCarry: number;
  /** Cap on the chance of a wrong column. */
  errorMax: number;
  /** Chance that a wrong column is repaired by a reflection. */
  repairRate: number;
  /** Chance of a first redundant re-check after a correct result, before the per-effort increase. */
  recheckBase: number;
  recheckPerEffort: number;
  /** Chance of each further re-check. */
  recheckMore: number;
}

export const DEFAULT_TRACE_OPTIONS: TraceOptions = {
  errorBase: 0.04, errorPerCarry: 0.06, errorMax: 0.5, repairRate: 0.6,
  recheckBase: 0.1, recheckPerEffort: 0.15, recheckMore: 0.3,
};

export const expression = (p: Pick<Problem, 'kind' | 'operands'>): string =>
  p.operands.join(p.kind === 'sub' ? ' - ' : ' + ');

const REPAIR_OPENERS = ['Wait, that is wrong.', 'Hmm, that is not right.', 'But that is a mistake.'] as const;

function randomError(rng: Rng, p: Problem, column: Column): ColumnError {
  if (column.hasCarry && rng.chance(0.35)) return { kind: 'forgot-carry' };
  const size = p.kind === 'sub' ? 1 : rng.pick([1, 1, 1, 2]);
  return { kind: 'off-by', delta: rng.chance(0.5) ? size : -size };
}

/** Redundant checks after a correct result, each opened by a reflection word. */
function recheck(rng: Rng, p: Problem, value: number, columns: readonly Column[]): string {
  const [a, b, c] = p.operands;
  const word = rng.weighted([0.6, 0.15, 0.15, 0.1]);
  if (word === 0) {
    if (p.kind === 'add') return `Wait, let me check: ${value} - ${b} = ${a}. Yes.`;
    if (p.kind === 'sub') return `Wait, let me check: ${value} + ${b} = ${a}. Yes.`;
    return `Wait, let me check in another order: ${c} + ${b} + ${a} = ${value}. Yes.`;
  }
  if (word === 1) {
    const col = rng.pick(columns);
    return `Hmm, let me look at the ${col.name.toLowerCase()} again. ${col.body} Yes.`;
  }
  if (word === 2) {
    if (p.kind === 'sub') return `Alternatively, ${a} - ${value} = ${b}, which fits.`;
    if (p.kind === 'add') return `Alternatively, ${b} + ${a} = ${value} as well.`;
    return `Alternatively, ${b} + ${a} + ${c} = ${value} as well.`;
  }
  return `But let me double-check the ${p.kind === 'sub' ? 'borrows' : 'carries'}. They are right.`;
}

/** Reflections after an unnoticed error: they look around but never find it. */
function dither(rng: Rng, columns: readonly Column[], wrongIndex: number): string {
  const others = columns.filter((_, i) => i !== wrongIndex);
  const kind = rng.int(0, others.length > 0 ? 3 : 2);
  if (kind === 0) return 'Wait, something seems off. Let me think.';
  if (kind === 1) return 'Hmm, I am not sure about this.';
  if (kind === 2) return 'But I cannot find a mistake.';
  const col = rng.pick(others);
  return `Hmm, let me look at the ${col.name.toLowerCase()} again. ${col.body} Yes.`;
}

/** Carries/borrows plus one for three addends: how error-prone a problem is. */
export function effort(p: Problem): number {
  const carries = columnWork(p).columns.filter((c) => c.hasCarry).length;
  return carries + (p.kind === 'sum3' ? 1 : 0);
}

/** One noisy trace for `p`. */
export function renderTrace(p: Problem, rng: Rng, opts: TraceOptions = DEFAULT_TRACE_OPTIONS): Trace {
  const correctWork = columnWork(p);
  const carryColumns = correctWork.columns.filter((c) => c.hasCarry).length;
  const open = (value: number): ProbeTarget => ({ settled: false, value });

  // At most one wrong column; the wrong version uses the correct carry coming in.
  let wrong: { index: number; column: Column; repaired: boolean } | undefined;
  let work = correctWork;
  if (rng.chance(Math.min(opts.errorMax, opts.errorBase + opts.errorPerCarry * carryColumns))) {
    const weights = correctWork.columns.map((c) => (c.hasCarry ? 3 : 1));
    const index = rng.weighted(weights);
    const error = randomError(rng, p, correctWork.columns[index]!);
    const erred = columnWork(p, new Map([[index, error]]));
    const column = erred.columns[index]!;
    const changed = column.body !== correctWork.columns[index]!.body;
    const repaired = rng.chance(opts.repairRate);
    const valid = repaired || (Number.isFinite(erred.value) && erred.value !== p.answer);
    if (changed && valid) {
      wrong = { index, column, repaired };
      if (!repaired) work = erred;
    }
  }

  const value = work.value;
  const correct = value === p.answer;
  const steps: TraceStep[] = [{ text: `I need to compute ${expression(p)}.`, probe: open(value) }];
  work.columns.forEach((col, i) => {
    if (wrong?.index === i && wrong.repaired) {
      const fix = `${rng.pick(REPAIR_OPENERS)} ${columnText(col)}`;
      if (rng.chance(0.4)) {
        steps.push({ text: `${columnText(wrong.column)} ${fix}`, probe: open(value) });
      } else {
        steps.push({ text: columnText(wrong.column), probe: open(value) });
        steps.push({ text: fix, probe: open(value) });
      }
    } else {
      steps.push({ text: columnText(col), probe: open(value) });
    }
  });
  const after: ProbeTarget = { settled: correct, value };
  steps.push({ text: `So ${expression(p)} = ${value}.`, probe: after });

  if (correct) {
    let more = rng.chance(Math.min(0.8, opts.recheckBase + opts.recheckPerEffort * effort(p)));
    while (more) {
      steps.push({ text: recheck(rng, p, value, work.columns), probe: after });
      more = rng.chance(opts.recheckMore);
    }
  } else {
    const count = 1 + (rng.chance(0.6) ? 1 : 0) + (rng.chance(0.3) ? 1 : 0);
    for (let k = 0; k < count; k++) steps.push({ text: dither(rng, work.columns, wrong!.index), probe: after });
  }
  steps.push({ text: `The answer is ${value}.`, probe: after });
  return { steps, finalValue: value, correct };
}

/** The assistant turn without the end-of-turn token: thinking, then the boxed answer. */
export function assistantText(t: Trace): string {
  return `<think>\n${t.steps.map((s) => s.text).join('\n\n')}\n</think>\n\nThe answer is \\boxed{${t.finalValue}}`;
}

/** Steps after which a probe can run: every step followed by a blank line (all but the conclusion). */
export const probePoints = (t: Trace): number => t.steps.length - 1;

/** The assistant text up to and including the blank line after step `j` (where a CGRS checkpoint fires). */
export function probePrefix(t: Trace, j: number): string {
  if (!Number.isInteger(j) || j < 0 || j >= probePoints(t)) throw new Error(`probePrefix: no checkpoint after step ${j}`);
  return `<think>\n${t.steps.slice(0, j + 1).map((s) => s.text).join('\n\n')}\n\n`;
}

/**
 * A plausible answer near `value`: the same number of digits, the leading digit within one, the
 * others anything. A quarter of the time the value itself.
 */
export function spreadAround(value: number, rng: Rng): number {
  if (rng.chance(0.25)) return value;
  const digits = String(value).split('').map(Number);
  if (digits.length === 1) return rng.int(0, 9);
  const lead = Math.min(9, Math.max(1, digits[0]! + rng.int(-1, 1)));
  return Number([lead, ...digits.slice(1).map(() => rng.int(0, 9))].join(''));
}

/** The probe's answer after step `j`, braces included ("{85}"). */
export function probeAnswer(t: Trace, j: number, rng: Rng): string {
  const { settled, value } = t.steps[j]!.probe;
  return `{${settled ? value : spreadAround(value, rng)}}`;
}

