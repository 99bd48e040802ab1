/**
 * Self-consistency (Wang et al., arXiv 2203.11171), the FFS paper's "majority voting" baseline: every row runs to
 * its end (EOS or max new tokens), then the rows' extracted answers vote. Voters are ordered by when they ended:
 * EOS rows by (tokens, row), then rows cut at max new tokens by row; rows without an answer do not vote; a tie
 * goes to the tied answer whose first voter ended first (the FFS vote's rule, spec §5.2), and the shown trace is
 * that voter's. With no answer anywhere the earliest EOS row is shown (row 0 when none ended by EOS).
 */
import type { AnswerKind } from '../eval/normalize';
import type { RaceVerdict, RowRace } from '../ffs/row-race';
import { majorityVote, type Finisher, type VoteGroup } from '../ffs/vote';

export interface VoteVerdict extends RaceVerdict {
  /** One group per distinct answer, in order of its first voter. */
  readonly groups: readonly VoteGroup[];
}

type Status = 'alive' | 'finished' | 'exhausted';

export class VoteRace implements RowRace {
  private readonly status: Status[];
  private readonly ended: Finisher[] = [];
  private verdict: VoteVerdict | null = null;

  constructor(n: number, private readonly answerKind: AnswerKind) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`VoteRace: n must be a positive integer (got ${n})`);
    this.status = new Array<Status>(n).fill('alive');
  }

  isAlive(row: number): boolean {
    return this.status[row] === 'alive';
  }

  aliveRows(): number[] {
    return this.status.flatMap((s, row) => (s === 'alive' ? [row] : []));
  }

  finish(row: number, tokens: number, answer: string | null): void {
    this.end(row, tokens, answer, 'finished');
  }

  exhaust(row: number, tokens: number, answer: string | null): void {
    this.end(row, tokens, answer, 'exhausted');
  }

  private end(row: number, tokens: number, answer: string | null, status: Status): void {
    if (this.status[row] !== 'alive') throw new Error(`VoteRace: row ${row} is not alive (${String(this.status[row])})`);
    if (!Number.isInteger(tokens) || tokens < 1) throw new RangeError(`VoteRace: tokens must be a positive integer (got ${tokens})`);
    this.status[row] = status;
    this.ended.push({ row, tokens, answer });
  }

  check(traceLengths: ArrayLike<number>): VoteVerdict | null {
    if (traceLengths.length !== this.status.length) throw new RangeError(`VoteRace.check: expected ${this.status.length} trace lengths, got ${traceLengths.length}`);
    if (this.verdict || this.aliveRows().length > 0) return this.verdict;
    const finishers = this.ended.filter((f) => this.status[f.row] === 'finished').sort((a, b) => a.tokens - b.tokens || a.row - b.row);
    const cut = this.ended.filter((f) => this.status[f.row] === 'exhausted').sort((a, b) => a.row - b.row);
    const { groups, winner } = majorityVote([...finishers, ...cut], this.answerKind);
    const shown = winner ? winner.rows[0]! : (finishers[0]?.row ?? 0);
    this.verdict = {
      winner: shown,
      answer: winner ? winner.answer : null,
      truncated: finishers.length === 0,
      finishers: finishers.map((f) => ({ row: f.row })),
      groups,
    };
    return this.verdict;
  }
}
