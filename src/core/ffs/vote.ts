/**
 * FFS-k@N majority vote (spec §5.2): the first k finishers vote with their normalised answers; answerless
 * traces do not vote; a tie goes to the tied answer that finished first; the trace shown is the earliest
 * finisher holding the winning answer.
 */
import type { AnswerKind } from '../eval/normalize';
import { answersEqual } from '../eval/normalize';

export interface Finisher {
  row: number;
  /** Main-trace token count at EOS. */
  tokens: number;
  answer: string | null;
}

export interface VoteGroup {
  /** The answer as written by the group's earliest finisher. */
  answer: string;
  /** Rows holding an equal answer, in finish order. */
  rows: number[];
}

export interface VoteResult {
  /** Groups in order of their earliest finisher. */
  groups: VoteGroup[];
  /** The most-voted group (ties: earliest first finisher); null when no voter has an answer. */
  winner: VoteGroup | null;
}

/** Votes over `finishers`, which must be in finish order ((tokens, row) ascending). */
export function majorityVote(finishers: readonly Finisher[], kind: AnswerKind): VoteResult {
  const groups: VoteGroup[] = [];
  for (const f of finishers) {
    if (f.answer === null) continue;
    const group = groups.find((g) => answersEqual(g.answer, f.answer, kind));
    if (group) group.rows.push(f.row);
    else groups.push({ answer: f.answer, rows: [f.row] });
  }
  let winner: VoteGroup | null = null;
  for (const g of groups) if (!winner || g.rows.length > winner.rows.length) winner = g;
  return { groups, winner };
}
