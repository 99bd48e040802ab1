/**
 * Column arithmetic as the tiny reasoner writes it: one line per column, right to left, every sum
 * done two numbers at a time, and the carry (addition) or borrow (subtraction) coming in always
 * written as its own term, so a line has the same shape whether or not something comes in:
 *
 *   Ones: 7 + 8 = 15, write 5, carry 1.
 *   Tens: 4 + 3 = 7, 7 + 1 = 8, write 8.
 *   Ones: 9 + 0 = 9, 9 + 8 = 17, write 7, carry 1.            (three numbers)
 *
 *   Ones: 5 - 9: borrow, 15 - 9 = 6, write 6, borrow 1.
 *   Tens: 0 - 2 - 1: borrow, 10 - 2 = 8, 8 - 1 = 7, write 7, borrow 1.
 *   Hundreds: 3 - 1 - 1 = 2, 2 - 1 = 1, write 1.
 *
 * A line can *slip* at three points, each with exactly one wrong alternative, so wherever the model
 * hesitates it hesitates between two tokens, never among many: the carry or borrow coming in is
 * dropped (written 0), the column's result is one too high (one too low where that would not be a
 * digit), or the written digit is one too high (likewise). A slip flows into the following columns
 * through the carry, as on paper.
 */
import type { Problem } from './problems';

export const COLUMN_NAMES = ['Ones', 'Tens', 'Hundreds', 'Thousands'] as const;

export interface Column {
  /** Index from the right (0 = ones). */
  index: number;
  name: string;
  /** The line, e.g. "Tens: 4 + 3 + 1 = 8, write 8." */
  text: string;
  /** The digits this column writes (the last addition column may write two). */
  written: string;
  /** Carry (addition) or borrow (subtraction) passed to the next column. */
  out: number;
  /** The carry or borrow that came in (0 for the ones column). */
  carryIn: number;
  /** This line contains its column's slip. */
  slipped: boolean;
}

/** Digit `i` (0 = ones) of n, 0 beyond its length. */
export const digitAt = (n: number, i: number): number => Math.floor(n / 10 ** i) % 10;

export const columnCount = (p: Pick<Problem, 'operands'>): number =>
  Math.max(...p.operands.map((n) => String(n).length));

/** Where a line can slip: drop the carry/borrow coming in, a result one off, a written digit one off. */
export type SlipKind = 'drop-carry' | 'sum' | 'write';
export type Slips = ReadonlySet<SlipKind>;
const NONE: Slips = new Set();

/** One off, staying a digit: 9 → 8, else d + 1. */
const offByOne = (d: number): number => (d === 9 ? 8 : d + 1);

/**
 * "a + b = s, s + c = t, …" over `terms`, the last result nudged by `lastDelta`: returns the text and
 * the final result. Subtraction chains ("10 - 2 = 8, 8 - 1 = 7") use op '-'.
 */
function chain(terms: readonly number[], op: '+' | '-', lastDelta: (r: number) => number): { text: string; result: number } {
  const links: string[] = [];
  let acc = terms[0]!;
  for (let k = 1; k < terms.length; k++) {
    const next = op === '+' ? acc + terms[k]! : acc - terms[k]!;
    const shown = k === terms.length - 1 ? lastDelta(next) : next;
    links.push(`${acc} ${op} ${terms[k]} = ${shown}`);
    acc = shown;
  }
  return { text: links.join(', '), result: acc };
}

function addColumn(index: number, digits: readonly number[], carryIn: number, last: boolean, slips: Slips): Column {
  const name = COLUMN_NAMES[index]!;
  const carry = slips.has('drop-carry') ? 0 : carryIn;
  const { text: terms, result: sum } = chain(index === 0 ? digits : [...digits, carry], '+', (r) => (slips.has('sum') ? r + 1 : r));
  const slipped = slips.size > 0;
  if (last) {
    const written = slips.has('write') ? sum - (sum % 10) + offByOne(sum % 10) : sum;
    return { index, name, text: `${name}: ${terms}, write ${written}.`, written: String(written), out: 0, carryIn, slipped };
  }
  const out = Math.floor(sum / 10);
  const written = slips.has('write') ? offByOne(sum % 10) : sum % 10;
  return { index, name, text: `${name}: ${terms}, write ${written}, carry ${out}.`, written: String(written), out, carryIn, slipped };
}

function subColumn(index: number, top: number, bottom: number, borrowIn: number, last: boolean, slips: Slips): Column {
  const name = COLUMN_NAMES[index]!;
  const borrow = slips.has('drop-carry') ? 0 : borrowIn;
  const out = top < bottom + borrow ? 1 : 0;
  const subtrahends = index === 0 ? [bottom] : [bottom, borrow];
  const { text: steps, result: diff } = chain([top + 10 * out, ...subtrahends], '-', (r) => (slips.has('sum') ? offByOne(r) : r));
  const written = slips.has('write') ? offByOne(diff) : diff;
  const tail = last ? '.' : `, borrow ${out}.`;
  const head = index === 0 ? `${top} - ${bottom}` : `${top} - ${bottom} - ${borrow}`;
  const text = out ? `${name}: ${head}: borrow, ${steps}, write ${written}${tail}` : `${name}: ${steps}, write ${written}${tail}`;
  return { index, name, text, written: String(written), out, carryIn: borrowIn, slipped: slips.size > 0 };
}

/**
 * One column given what came in. Subtraction needs a ≥ b, so the top column never borrows when the
 * work is right; a slip there cannot make it borrow either (a dropped borrow only raises the top).
 */
export function column(p: Pick<Problem, 'kind' | 'operands'>, index: number, carryIn: number, slips: Slips = NONE): Column {
  if (slips.has('drop-carry') && carryIn === 0) throw new Error('column: no carry to drop');
  const last = index === columnCount(p) - 1;
  return p.kind === 'sub'
    ? subColumn(index, digitAt(p.operands[0]!, index), digitAt(p.operands[1]!, index), carryIn, last, slips)
    : addColumn(index, p.operands.map((x) => digitAt(x, index)), carryIn, last, slips);
}

/** The number the written digits spell, most significant first, leading zeros dropped. */
export const spelled = (columns: readonly Pick<Column, 'written'>[]): number =>
  Number(columns.map((c) => c.written).reverse().join(''));

/** The columns of a problem, with `slips.get(i)` in column i, each flowing on through the carry. */
export function columnWork(p: Pick<Problem, 'kind' | 'operands'>, slips: ReadonlyMap<number, Slips> = new Map()): { columns: Column[]; value: number } {
  const columns: Column[] = [];
  let carry = 0;
  for (let i = 0; i < columnCount(p); i++) {
    const c = column(p, i, carry, slips.get(i) ?? NONE);
    columns.push(c);
    carry = c.out;
  }
  return { columns, value: spelled(columns) };
}
