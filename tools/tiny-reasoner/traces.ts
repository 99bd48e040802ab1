/**
 * Reasoning traces for the tiny reasoner: a *model organism* whose training text is designed to carry
 * the behaviours that Top-H, CGRS and FFS act on in real reasoning models (see README, "The tiny
 * reasoner is a model organism"). A trace is a few long steps joined by blank lines inside `<think>`:
 *
 * 1. **The work** (one step, lines joined by single newlines): a restatement, one line per column,
 *    "So a + b = v." A line may *slip* (columns.ts: one confusable alternative per slip point, most
 *    likely where a carry or borrow comes in). A slip is noticed at once, right after the slipped
 *    number: caught (" Wait, that is wrong." and the line again) or kept with a flag (" (not sure)"),
 *    and then it flows into a wrong result. Noticing at once is local (is the number just written the
 *    one I expected?), which a small model learns; judging a finished result without such a mark is not.
 * 2. **After a right result: overthinking.** Redundant re-checks, each a step opening with a CGRS
 *    trigger word ("Wait, let me check the tens again: …", "Hmm, …", "Alternatively, …", "But …"),
 *    then "The answer is v.". They never change the answer: what CGRS removes at no cost.
 * 3. **After a wrong result: hesitation.** Doubt, then attempts to redo the work from the flagged line
 *    that either find the slip (a late fix; then re-checks as in 2.) or copy it again, more doubt, and
 *    finally the wrong answer. Wrong traces therefore run longer than right ones for the same question
 *    (the FFS premise), and a dropped carry never makes a trace shorter.
 * 4. **Probe targets.** After every step, a CGRS probe (`\n**Final Answer**\n\boxed`) answers exactly
 *    the current result when it is right (settled), and a spread of nearby values when the result still
 *    contains an unfixed slip: the probe's certainty separates right from wrong results.
 */
import { carryLine, column, columnCount, columnWork, plain, resultLine, spelled, type Column, type SlipKind } from './columns';
import { Rng } from './data-rng';
import type { Problem } from './problems';

/** What a probe after a step should answer: exactly `value` when settled, else values around it. */
export interface ProbeTarget { settled: boolean; value: number }
export type StepKind = 'work' | 'recheck' | 'doubt' | 'redo' | 'conclusion';
export interface TraceStep { text: string; kind: StepKind; probe: ProbeTarget }
export interface Trace {
  steps: TraceStep[];
  /** The result the work step writes ("So … = v."). */
  firstValue: number;
  /** The value the trace concludes with (boxed in the answer). */
  finalValue: number;
  correct: boolean;
  /** Slips in the work step, and how many of them were caught on the spot. */
  slips: number;
  inlineRepairs: number;
  /** A wrong result was fixed by a later redo. */
  lateFix: boolean;
}

export interface TraceOptions {
  /** Chance that a column with a carry/borrow coming in drops it. */
  carrySlip: number;
  /** Chance that a column's result is one off. */
  sumSlip: number;
  /** Chance that a column writes a digit one off its result. */
  writeSlip: number;
  /** Chance that a slip is caught on the spot. */
  inlineRepair: number;
  /** Chance that a redo after a wrong result finds the slip; attempts before giving up. */
  lateFix: number;
  redoAttempts: number;
  /** recheck[k]: chance of a (k+1)-th redundant re-check after a right result, given k so far. */
  recheck: readonly number[];
  /** The same after a late fix. */
  recheckAfterFix: readonly number[];
}

export const DEFAULT_TRACE_OPTIONS: TraceOptions = {
  carrySlip: 0.3, sumSlip: 0, writeSlip: 0.15, inlineRepair: 0.3, lateFix: 0.3, redoAttempts: 2,
  recheck: [0.95, 0.85, 0.75, 0.6, 0.45, 0.3], recheckAfterFix: [0.5, 0.3],
};

export const expression = (p: Pick<Problem, 'kind' | 'operands'>): string =>
  p.operands.join(p.kind === 'sub' ? ' - ' : ' + ');

const lower = (c: Column): string => c.name.toLowerCase();
/** The line without its "Name: " head. */
const body = (c: Column): string => c.text.slice(c.name.length + 2);

/**
 * What follows a slipped number, at once: caught (the line stops, " Wait, that is wrong.", and the line
 * again) or kept with a flag (" (not sure)") and the line goes on from the wrong number.
 */
export const CAUGHT = 'Wait, that is wrong.';
export const FLAGGED = '(not sure)';

/** The line as written when its slips are kept: each slipped number flagged. */
export const flaggedText = (c: Column): string => c.pieces.map((x) => (typeof x === 'string' ? x : `${x.slip} ${FLAGGED}`)).join('');

/** The line as written when its first slip is caught: cut right after the slipped number. */
export function caughtText(c: Column): string {
  const at = c.pieces.findIndex((x) => typeof x !== 'string');
  return `${plain(c.pieces.slice(0, at + 1))} ${CAUGHT}`;
}
const DOUBT_FIRST = ['Hmm, that does not look right.', 'Wait, something seems off.', 'But that does not look right.'] as const;
const DOUBT_AGAIN = ['Hmm, I still do not trust it.', 'But it still looks wrong.'] as const;
const GIVE_UP = ['But I cannot find the mistake.', 'Hmm, I cannot find the mistake.'] as const;

/** A redundant re-check of a right result: it opens with a trigger word and changes nothing. */
function recheck(rng: Rng, p: Problem, value: number, columns: readonly Column[]): string {
  const [a, b, c] = p.operands;
  const carries = columns.filter((col) => col.passesOn && col !== columns.at(-1));
  const kind = rng.weighted([0.35, 0.2, 0.25, carries.length > 0 ? 0.2 : 0]);
  if (kind === 0) {
    const col = rng.pick(columns);
    return `Wait, let me check the ${lower(col)} again: ${body(col)} Yes.`;
  }
  if (kind === 1) {
    const list = p.kind === 'sum3' ? `${a}, ${b} and ${c}` : `${a} and ${b}`;
    return `Hmm, let me make sure I copied the numbers right: ${list}. Yes.`;
  }
  if (kind === 2) {
    if (p.kind === 'sub') return `Alternatively, adding back: ${value} + ${b} = ${a}. Yes.`;
    const order = p.kind === 'sum3' ? `${c} + ${b} + ${a}` : `${b} + ${a}`;
    return `Alternatively, in the other order: ${order} = ${value}. Same.`;
  }
  const what = p.kind === 'sub' ? 'borrow' : 'carry';
  return `But let me double-check the ${what === 'carry' ? 'carries' : 'borrows'}: ${carries.map((col) => `${lower(col)} ${what} ${col.out}`).join(', ')}. They are right.`;
}

/** Re-checks drawn from a chain of continuation chances. */
function recheckChain(rng: Rng, p: Problem, value: number, columns: readonly Column[], chances: readonly number[]): string[] {
  const out: string[] = [];
  while (out.length < chances.length && rng.chance(chances[out.length]!)) out.push(recheck(rng, p, value, columns));
  return out;
}

/** The column work as written: lines, the columns kept (slips left standing), and the result they spell. */
interface Work {
  lines: string[];
  kept: Column[];
  value: number;
  /** The first column whose slip was left standing (flagged), or -1. */
  firstKept: number;
  slips: number;
  inlineRepairs: number;
}

/**
 * Each column computed from what actually came in. A slipped line is always noticed on the spot:
 * either caught ("Wait, that is wrong." and the line again) or left standing, flagged.
 */
function writeWork(p: Problem, rng: Rng, opts: TraceOptions, expr: string): Work {
  const n = columnCount(p);
  const w: Work = { lines: [`I need to compute ${expr}.`], kept: [], value: 0, firstKept: -1, slips: 0, inlineRepairs: 0 };
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const good = column(p, i, carry);
    let final = good;
    const kinds = new Set<SlipKind>();
    if (carry > 0 && rng.chance(opts.carrySlip)) kinds.add('drop-carry');
    if (rng.chance(opts.sumSlip)) kinds.add('sum');
    if (rng.chance(opts.writeSlip)) kinds.add('write');
    const slipped = column(p, i, carry, kinds);
    if (slipped.slipped) {
      w.slips++;
      if (rng.chance(opts.inlineRepair)) {
        w.inlineRepairs++;
        w.lines.push(caughtText(slipped), good.text);
      } else {
        w.lines.push(flaggedText(slipped));
        final = slipped;
        if (w.firstKept < 0) w.firstKept = i;
      }
    } else {
      w.lines.push(good.text);
    }
    w.kept.push(final);
    carry = final.out;
  }
  if (carry > 0) {
    const line = carryLine(n, carry);
    w.kept.push(line);
    w.lines.push(line.text);
  }
  w.value = spelled(w.kept);
  if (w.firstKept >= 0 && w.value === p.answer) {
    // Slips that cancel out: rare; write the work without them rather than a right result over flagged lines.
    const right = columnWork(p);
    w.lines.splice(1, w.lines.length - 1, ...right.columns.map((c) => c.text));
    w.kept.splice(0, w.kept.length, ...right.columns);
    w.value = right.value;
    w.firstKept = -1;
    w.slips = 0;
    w.inlineRepairs = 0;
  }
  return w;
}

/**
 * After a wrong result: doubt (a flagged line is why; the redo starts there), redo attempts that may fix
 * it late (then re-checks), else give up. Returns the final value and whether a late fix happened.
 */
function doubtAndRedo(p: Problem, rng: Rng, opts: TraceOptions, expr: string, w: Work,
  push: (text: string, kind: StepKind, value: number) => void): { value: number; lateFix: boolean } {
  const right = columnWork(p);
  const from = w.kept[w.firstKept]!;
  let value = w.value;
  push(rng.pick(DOUBT_FIRST), 'doubt', value);
  for (let attempt = 0; attempt < opts.redoAttempts; attempt++) {
    if (attempt > 0) push(rng.pick(DOUBT_AGAIN), 'doubt', value);
    const fix = rng.chance(opts.lateFix);
    const redo = fix ? right.columns.slice(w.firstKept) : w.kept.slice(w.firstKept);
    const wrong = value;
    if (fix) value = p.answer;
    const tail = fix ? `So ${expr} = ${value}, not ${wrong}.` : `I get ${wrong} again.`;
    push([`Wait, let me redo it from the ${lower(from)}.`, ...redo.map((c) => flaggedText(c)), tail].join('\n'), 'redo', value);
    if (fix) {
      for (const r of recheckChain(rng, p, value, right.columns, opts.recheckAfterFix)) push(r, 'recheck', value);
      return { value, lateFix: true };
    }
  }
  push(rng.pick(GIVE_UP), 'doubt', value);
  return { value, lateFix: false };
}

/** One trace for `p`, its noise drawn from `rng`. */
export function renderTrace(p: Problem, rng: Rng, opts: TraceOptions = DEFAULT_TRACE_OPTIONS): Trace {
  const expr = expression(p);
  const w = writeWork(p, rng, opts, expr);
  w.lines.push(resultLine(expr, w.kept));
  const firstValue = w.value;
  const steps: TraceStep[] = [];
  const push = (text: string, kind: StepKind, value: number) => steps.push({ text, kind, probe: { settled: value === p.answer, value } });
  push(w.lines.join('\n'), 'work', w.value);
  let value = w.value;
  let lateFix = false;
  if (value === p.answer) {
    for (const r of recheckChain(rng, p, value, w.kept, opts.recheck)) push(r, 'recheck', value);
  } else {
    ({ value, lateFix } = doubtAndRedo(p, rng, opts, expr, w, push));
  }
  push(`The answer is ${value}.`, 'conclusion', value);
  return { steps, firstValue, finalValue: value, correct: value === p.answer, slips: w.slips, inlineRepairs: w.inlineRepairs, lateFix };
}

/** The assistant turn without the end-of-turn token: thinking, then the boxed answer. */
export function assistantText(t: Pick<Trace, 'steps' | 'finalValue'>): string {
  return `<think>\n${t.steps.map((s) => s.text).join('\n\n')}\n</think>\n\nThe answer is \\boxed{${t.finalValue}}`;
}

/** Steps after which a CGRS checkpoint fires: every step followed by a blank line (all but the conclusion). */
export const probePoints = (t: Pick<Trace, 'steps'>): number => t.steps.length - 1;

/** The assistant text up to and including the blank line after step `j` (where a CGRS checkpoint fires). */
export function probePrefix(t: Pick<Trace, 'steps'>, j: number): string {
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
export function probeAnswer(t: Pick<Trace, 'steps'>, j: number, rng: Rng): string {
  const { settled, value } = t.steps[j]!.probe;
  return `{${settled ? value : spreadAround(value, rng)}}`;
}
