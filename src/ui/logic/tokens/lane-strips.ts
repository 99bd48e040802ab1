/**
 * Which token strips a finished lane shows: one for its trace, or for a lane with n rows (FFS, vote) one
 * per row, the shown trace's first (FFS: the winner; vote: the earliest voter for the majority answer).
 * Each says how its trace ended. Pure.
 */
import type { FfsRowSummary, LaneResult, StopReason, TokenRecord } from '../../../protocol/run';
import { formatCount } from '../format';
import type { StripEnd } from './strip-cells';

export interface StripSpec {
  /** data-testid: `token-strip-<lane>` for the shown trace, `token-strip-<lane>-row-<r>` for other rows. */
  readonly testId: string;
  /** The batch row, or null for a one-row lane. */
  readonly row: number | null;
  readonly trace: readonly TokenRecord[];
  /** This strip is the lane's shown trace (for FFS: the winner's). */
  readonly shown: boolean;
  readonly end: StripEnd;
  /** One line above the strip: which row, how long, how it ended. */
  readonly caption: string;
}

const STOP_TEXT: Readonly<Record<StopReason, string>> = {
  eos: 'finished (end of sequence)',
  'max-tokens': 'cut at max new tokens',
  cancelled: 'cut: stopped',
  error: 'cut: error',
};

function tokens(n: number): string {
  return `${formatCount(n)} token${n === 1 ? '' : 's'}`;
}

type RowKind = 'ffs' | 'vote';

/** How a row ended and what became of it: FFS keeps the first to finish, a vote counts every row. */
function rowEnding(kind: RowKind, row: FfsRowSummary, shown: boolean): string {
  const answer = row.answer === null ? '' : ` · answer ${row.answer}`;
  if (kind === 'vote') {
    return `${shown ? ' · ★ shown (earliest voter for the majority answer)' : ' · counted'} · ${tokens(row.tokens)} · ${row.finished ? 'finished' : 'cut at max new tokens'}${answer}`;
  }
  const ending = row.finished ? (shown ? 'finished first' : 'finished, not chosen') : shown ? 'cut: no row finished' : 'cut when the race ended';
  return `${shown ? ' · ★ winner' : ' · discarded'} · ${tokens(row.tokens)} · ${ending}${answer}`;
}

function rowStrips(r: LaneResult, kind: RowKind, rows: readonly FfsRowSummary[], shownRow: number): StripSpec[] {
  const specs = rows.map((row): StripSpec => {
    const shown = row.row === shownRow;
    return {
      testId: shown ? `token-strip-${r.lane}` : `token-strip-${r.lane}-row-${row.row}`,
      row: row.row,
      trace: row.trace ?? [],
      shown,
      end: row.finished ? 'finished' : 'cut',
      caption: `Row ${row.row}${rowEnding(kind, row, shown)}`,
    };
  });
  return [...specs.filter((s) => s.shown), ...specs.filter((s) => !s.shown)];
}

function rowsOf(r: LaneResult): { kind: RowKind; rows: readonly FfsRowSummary[]; shownRow: number } | null {
  const multi = r.ffs ? { kind: 'ffs' as const, ...r.ffs } : r.vote ? { kind: 'vote' as const, ...r.vote } : null;
  if (!multi || multi.rows.length === 0 || !multi.rows.every((row) => row.trace)) return null;
  return { kind: multi.kind, rows: multi.rows, shownRow: multi.winnerRow };
}

/** Where a thinking budget (CGRS, budget forcing) closed the thinking, as the caption's last part. */
function budgetCut(r: LaneResult): string {
  const at = r.cgrs?.budgetForcedAt ?? r.budget?.forcedAt ?? null;
  return at === null ? '' : ` · thinking budget reached: "</think>" forced after token ${at}`;
}

/** The strips of a lane with token stats; none without them. */
export function laneStrips(r: LaneResult): StripSpec[] {
  const multi = rowsOf(r);
  if (multi) return rowStrips(r, multi.kind, multi.rows, multi.shownRow);
  if (!r.trace) return [];
  return [{
    testId: `token-strip-${r.lane}`, row: null, trace: r.trace, shown: true,
    end: r.stopReason === 'eos' ? 'finished' : 'cut',
    caption: `${tokens(r.trace.length)} · ${STOP_TEXT[r.stopReason]}${budgetCut(r)}`,
  }];
}
