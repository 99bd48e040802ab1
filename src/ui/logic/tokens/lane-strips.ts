/**
 * Which token strips a finished lane shows: one for its trace, or for a lane with n rows (FFS) one per
 * row, the shown trace's (the winner's) first. Each says how its trace ended. Pure.
 */
import type { LaneResult, StopReason, TokenRecord } from '../../../protocol/run';
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

function rowStrips(r: LaneResult, ffs: NonNullable<LaneResult['ffs']>): StripSpec[] {
  const specs = ffs.rows.map((row): StripSpec => {
    const winner = row.row === ffs.winnerRow;
    const ending = row.finished ? (winner ? 'finished first' : 'finished, not chosen') : winner ? 'cut: no row finished' : 'cut when the race ended';
    return {
      testId: winner ? `token-strip-${r.lane}` : `token-strip-${r.lane}-row-${row.row}`,
      row: row.row,
      trace: row.trace ?? [],
      shown: winner,
      end: row.finished ? 'finished' : 'cut',
      caption: `Row ${row.row}${winner ? ' · ★ winner' : ' · discarded'} · ${tokens(row.tokens)} · ${ending}`,
    };
  });
  return [...specs.filter((s) => s.shown), ...specs.filter((s) => !s.shown)];
}

/** The strips of a lane with token stats; none without them. */
export function laneStrips(r: LaneResult): StripSpec[] {
  if (r.ffs && r.ffs.rows.length > 0 && r.ffs.rows.every((row) => row.trace)) return rowStrips(r, r.ffs);
  if (!r.trace) return [];
  return [{
    testId: `token-strip-${r.lane}`, row: null, trace: r.trace, shown: true,
    end: r.stopReason === 'eos' ? 'finished' : 'cut',
    caption: `${tokens(r.trace.length)} · ${STOP_TEXT[r.stopReason]}`,
  }];
}
