/**
 * Column arithmetic as the tiny reasoner writes it: one step per column, right to left, with
 * carries (addition) or borrows (subtraction). A column can be computed wrongly on purpose — a
 * wrong digit sum or a forgotten carry/borrow — and the wrong carry then flows into the next column,
 * exactly as it would on paper.
 */
import type { Problem } from './problems';

export const COLUMN_NAMES = ['Ones', 'Tens', 'Hundreds', 'Thousands'] as const;

/** How a column goes wrong: its digit result is off by `delta`, or the incoming carry/borrow is forgotten. */
export type ColumnError = { kind: 'off-by'; delta: number } | { kind: 'forgot-carry' };

export interface Column {
  name: string;
  /** The step text after "Name: ", e.g. "4 + 3 = 7, plus carry 1 is 8, write 8." */
  body: string;
  /** The digits this column writes (the last addition column may write two). */
  written: string;
  /** Carry (addition) or borrow (subtraction) passed to the next column. */
  out: number;
  /** Whether a carry or borrow came in or went out (makes the column error-prone). */
  hasCarry: boolean;
}

/** Digit `i` (0 = ones) of n, 0 beyond its length. */
const digitAt = (n: number, i: number): number => Math.floor(n / 10 ** i) % 10;

export const columnCount = (p: Pick<Problem, 'operands'>): number =>
  Math.max(...p.operands.map((n) => String(n).length));

function addColumn(digits: number[], carryIn: number, last: boolean, error?: ColumnError): Omit<Column, 'name'> {
  const forgot = error?.kind === 'forgot-carry' && carryIn > 0;
  let sum = digits.reduce((a, b) => a + b, 0);
  if (error?.kind === 'off-by') sum = Math.max(0, sum + error.delta);
  const carry = forgot ? 0 : carryIn;
  const total = sum + carry;
  const head = `${digits.join(' + ')} = ${sum}` + (carry > 0 ? `, plus carry ${carry} is ${total}` : '');
  if (last) return { body: `${head}, write ${total}.`, written: String(total), out: 0, hasCarry: carryIn > 0 || total > 9 };
  const out = Math.floor(total / 10);
  const write = `write ${total % 10}` + (out > 0 ? ` carry ${out}` : '');
  return { body: `${head}, ${write}.`, written: String(total % 10), out, hasCarry: carryIn > 0 || out > 0 };
}

function subColumn(top: number, bottom: number, borrowIn: number, error?: ColumnError): Omit<Column, 'name'> {
  const borrow = error?.kind === 'forgot-carry' ? 0 : borrowIn;
  const take = bottom + borrow;
  const head = borrow > 0 ? `${bottom} + 1 = ${take} with the borrow. ` : '';
  const out = top < take ? 1 : 0;
  let diff = top + 10 * out - take;
  if (error?.kind === 'off-by') diff = Math.min(9, Math.max(0, diff + error.delta));
  const body = out
    ? `${head}${top} < ${take}, borrow: 1${top} - ${take} = ${diff}, write ${diff} borrow 1.`
    : `${head}${top} - ${take} = ${diff}, write ${diff}.`;
  return { body, written: String(diff), out, hasCarry: borrowIn > 0 || out > 0 };
}

export interface ColumnWork {
  columns: Column[];
  /** The value the written digits spell (leading zeros dropped); NaN if the work is invalid. */
  value: number;
}

/**
 * The columns of a problem, right to left. `errors[i]` makes column i go wrong; everything after
 * it follows from the wrong carry. Invalid work (a borrow out of the top column) gives value NaN.
 */
export function columnWork(p: Pick<Problem, 'kind' | 'operands'>, errors: ReadonlyMap<number, ColumnError> = new Map()): ColumnWork {
  const n = columnCount(p);
  const columns: Column[] = [];
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const error = errors.get(i);
    const c = p.kind === 'sub'
      ? subColumn(digitAt(p.operands[0]!, i), digitAt(p.operands[1]!, i), carry, error)
      : addColumn(p.operands.map((x) => digitAt(x, i)), carry, last, error);
    columns.push({ name: COLUMN_NAMES[i]!, ...c });
    carry = c.out;
  }
  if (p.kind === 'sub' && carry > 0) return { columns, value: Number.NaN };
  const spelled = columns.map((c) => c.written).reverse().join('');
  return { columns, value: Number(spelled) };
}

/** The step text of a column: "Tens: 4 + 3 = 7, plus carry 1 is 8, write 8." */
export const columnText = (c: Column): string => `${c.name}: ${c.body}`;
