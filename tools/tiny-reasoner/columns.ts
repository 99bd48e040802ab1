/**
 * Column arithmetic as the tiny reasoner writes it: one line per column, right to left, every sum
 * done two numbers at a time, every line writing one digit, and the carry (addition) or borrow
 * (subtraction) coming in always written as its own term, so a line has the same shape whether or
 * not something comes in:
 *
 *   Ones: 7 + 8 = 15, write 5, carry 1.
 *   Tens: 4 + 3 = 7, 7 + 1 = 8, write 8, carry 0.
 *   Ones: 9 + 0 = 9, 9 + 8 = 17, write 7, carry 1.            (three numbers)
 *   Hundreds: carry 1, write 1.                                (a carry out of the top column)
 *
 *   Ones: 5 - 9: borrow, 15 - 9 = 6, write 6, borrow 1.
 *   Tens: 0 - 2 - 1: borrow, 10 - 2 = 8, 8 - 1 = 7, write 7, borrow 1.
 *   Hundreds: 3 - 1 - 1: no borrow, 3 - 1 = 2, 2 - 1 = 1, write 1.
 *
 * A line can *slip* at three points, each with exactly one wrong alternative, so wherever the model
 * hesitates it hesitates between two tokens, never among many: the carry or borrow coming in is
 * dropped (written 0), the column's result is one too high (one too low where that would not be a
 * digit), or the written digit is one too high (likewise). A slip flows into the following columns
 * through the carry, as on paper.
 */
import type { Problem } from './problems';

export const COLUMN_NAMES = ['Ones', 'Tens', 'Hundreds', 'Thousands'] as const;

/** A piece of a line: text, or a number that slipped (the token where the line went wrong). */
export type Piece = string | { slip: string };

export interface Column {
  /** Index from the right (0 = ones). */
  index: number;
  name: string;
  /** The line, e.g. "Tens: 4 + 3 = 7, 7 + 1 = 8, write 8, carry 0." */
  text: string;
  /** The same line in pieces, its slipped numbers marked. */
  pieces: Piece[];
  /** The digit this line writes. */
  written: string;
  /** Carry (addition) or borrow (subtraction) passed to the next column; 0 from the top line. */
  out: number;
  /** The line ends with the carry or borrow it passes on ("…, carry 1."). */
  passesOn: boolean;
  /** The carry or borrow that came in (0 for the ones column). */
  carryIn: number;
  /** This line contains a slip. */
  slipped: boolean;
}

/** Digit `i` (0 = ones) of n, 0 beyond its length. */
export const digitAt = (n: number, i: number): number => Math.floor(n / 10 ** i) % 10;

/** Digit columns of a problem (a carry out of the top one adds a line, not a column). */
export const columnCount = (p: Pick<Problem, 'operands'>): number =>
  Math.max(...p.operands.map((n) => String(n).length));

/** Where a line can slip: drop the carry/borrow coming in, a result one off, a written digit one off. */
export type SlipKind = 'drop-carry' | 'sum' | 'write';
export type Slips = ReadonlySet<SlipKind>;
const NONE: Slips = new Set();

/** One off, staying a digit: 9 → 8, else d + 1. */
const offByOne = (d: number): number => (d === 9 ? 8 : d + 1);

/**
 * "a + b = s, s + c = t, …" over `terms`, the last result passed through `last` (a slip nudges it):
 * returns the text and the final result. Subtraction chains ("10 - 2 = 8, 8 - 1 = 7") use op '-'.
 */
function chain(terms: readonly Piece[], op: '+' | '-', last: (r: number) => Piece): { pieces: Piece[]; result: number } {
  const value = (x: Piece): number => Number(typeof x === 'string' ? x : x.slip);
  const pieces: Piece[] = [];
  let acc = value(terms[0]!);
  for (let k = 1; k < terms.length; k++) {
    const next = op === '+' ? acc + value(terms[k]!) : acc - value(terms[k]!);
    const shown = k === terms.length - 1 ? last(next) : String(next);
    pieces.push(...(k > 1 ? [', '] : []), `${acc} ${op} `, terms[k]!, ' = ', shown);
    acc = value(shown);
  }
  return { pieces, result: acc };
}

/** A number, marked as a slip when `slipped`. */
const num = (n: number, slipped = false): Piece => (slipped ? { slip: String(n) } : String(n));

/** The plain text of pieces. */
export const plain = (pieces: readonly Piece[]): string => pieces.map((x) => (typeof x === 'string' ? x : x.slip)).join('');

function line(index: number, pieces: Piece[], rest: Omit<Column, 'index' | 'name' | 'text' | 'pieces' | 'slipped'>): Column {
  const name = COLUMN_NAMES[index]!;
  const all: Piece[] = [`${name}: `, ...pieces];
  return { index, name, text: plain(all), pieces: all, slipped: all.some((x) => typeof x !== 'string'), ...rest };
}

function addColumn(index: number, digits: readonly number[], carryIn: number, slips: Slips): Column {
  const carry = slips.has('drop-carry') ? 0 : carryIn;
  const terms = [...digits.map((d) => num(d)), ...(index === 0 ? [] : [num(carry, slips.has('drop-carry'))])];
  const { pieces, result: sum } = chain(terms, '+', (r) => num(slips.has('sum') ? r + 1 : r, slips.has('sum')));
  const out = Math.floor(sum / 10);
  const written = slips.has('write') ? offByOne(sum % 10) : sum % 10;
  return line(index, [...pieces, ', write ', num(written, slips.has('write')), `, carry ${out}.`], { written: String(written), out, passesOn: true, carryIn });
}

function subColumn(index: number, top: number, bottom: number, borrowIn: number, last: boolean, slips: Slips): Column {
  const borrow = slips.has('drop-carry') ? 0 : borrowIn;
  const out = top < bottom + borrow ? 1 : 0;
  // The borrow coming in is written (and can slip) in the head; the chain repeats it as written.
  const head: Piece[] = index === 0 ? [`${top} - ${bottom}`] : [`${top} - ${bottom} - `, num(borrow, slips.has('drop-carry'))];
  const subtrahends = index === 0 ? [num(bottom)] : [num(bottom), num(borrow)];
  const { pieces, result: diff } = chain([num(top + 10 * out), ...subtrahends], '-', (r) => num(slips.has('sum') ? offByOne(r) : r, slips.has('sum')));
  const written = slips.has('write') ? offByOne(diff) : diff;
  const tail = last ? '.' : `, borrow ${out}.`;
  return line(index, [...head, `: ${out ? 'borrow' : 'no borrow'}, `, ...pieces, ', write ', num(written, slips.has('write')), tail], {
    written: String(written), out: last ? 0 : out, passesOn: !last, carryIn: borrowIn,
  });
}

/**
 * One column given what came in. Subtraction needs a ≥ b, so the top column never borrows when the
 * work is right; a slip there cannot make it borrow either (a dropped borrow only raises the top).
 */
export function column(p: Pick<Problem, 'kind' | 'operands'>, index: number, carryIn: number, slips: Slips = NONE): Column {
  if (slips.has('drop-carry') && carryIn === 0) throw new Error('column: no carry to drop');
  return p.kind === 'sub'
    ? subColumn(index, digitAt(p.operands[0]!, index), digitAt(p.operands[1]!, index), carryIn, index === columnCount(p) - 1, slips)
    : addColumn(index, p.operands.map((x) => digitAt(x, index)), carryIn, slips);
}

/** The line of a carry out of the top column of an addition: "Hundreds: carry 1, write 1." */
export function carryLine(index: number, carry: number): Column {
  return line(index, [`carry ${carry}, write ${carry}.`], { written: String(carry), out: 0, passesOn: false, carryIn: carry });
}

/** The written digits, most significant first ("082"). */
export const digitsOf = (columns: readonly Pick<Column, 'written'>[]): string => columns.map((c) => c.written).reverse().join('');

/** The number the written digits spell, leading zeros dropped. */
export const spelled = (columns: readonly Pick<Column, 'written'>[]): number => Number(digitsOf(columns));

/** The result line: "So 47 + 38 = 85." — with leading zeros, "So 709 - 627 = 082, which is 82." */
export function resultLine(expression: string, columns: readonly Pick<Column, 'written'>[]): string {
  const digits = digitsOf(columns);
  const value = Number(digits);
  return digits === String(value) ? `So ${expression} = ${value}.` : `So ${expression} = ${digits}, which is ${value}.`;
}

/**
 * The lines of a problem, right to left, with `slips.get(i)` in column i, each flowing on through
 * the carry; an addition whose top column carries ends with its carry line.
 */
export function columnWork(p: Pick<Problem, 'kind' | 'operands'>, slips: ReadonlyMap<number, Slips> = new Map()): { columns: Column[]; value: number } {
  const columns: Column[] = [];
  let carry = 0;
  for (let i = 0; i < columnCount(p); i++) {
    const c = column(p, i, carry, slips.get(i) ?? NONE);
    columns.push(c);
    carry = c.out;
  }
  if (carry > 0) columns.push(carryLine(columnCount(p), carry));
  return { columns, value: spelled(columns) };
}
