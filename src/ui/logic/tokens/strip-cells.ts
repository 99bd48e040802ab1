/**
 * The cell model of a token strip: one cell per trace token, built once when a lane is done. Pure: the
 * view turns each cell into one element with `cellClassName` and, for a checkpoint, `data-cp`.
 */
import type { CgrsCheckpoint, Phase, TokenRecord } from '../../../protocol/run';
import { formatProb } from '../format';
import { entropyShade, pShade } from './shade';
import { visibleToken } from './token-text';

export interface StripCell {
  readonly label: string;
  /** The token holds a newline: the strip breaks the line after it. */
  readonly breaksLine: boolean;
  readonly phase: Phase;
  /** Shade levels (./shade.ts); null for a forced token. */
  readonly pShade: number | null;
  readonly entropyShade: number | null;
  readonly forced: boolean;
  /** Reflection triggers were masked at this step (CGRS, NoWait). */
  readonly suppressed: boolean;
  /**
   * The CGRS checkpoint that fired right after this token: its certainty C (2 decimals), and its
   * p(suppress) when above 0 ('0.94 p0.41'); null when none fired here.
   */
  readonly checkpoint: string | null;
}

/** How a strip's trace ended: 'finished' (EOS) or 'cut' (max tokens, a stop, or an FFS row left behind). */
export type StripEnd = 'finished' | 'cut';

/**
 * The checkpoints by the index of the token they follow. A checkpoint's position is the trace length when
 * it fired, so it belongs to token position − 1; one at position 0 (before any token) has no cell.
 */
export function checkpointsByCell(checkpoints: readonly CgrsCheckpoint[]): Map<number, CgrsCheckpoint> {
  const byCell = new Map<number, CgrsCheckpoint>();
  for (const c of checkpoints) if (c.position >= 1) byCell.set(c.position - 1, c);
  return byCell;
}

export function checkpointLabel(c: CgrsCheckpoint): string {
  return c.pSup > 0 ? `${formatProb(c.certainty)} p${formatProb(c.pSup)}` : formatProb(c.certainty);
}

export function stripCells(trace: readonly TokenRecord[], checkpoints: readonly CgrsCheckpoint[] = []): StripCell[] {
  const byCell = checkpointsByCell(checkpoints);
  return trace.map((r, i) => {
    const { label, breaksLine } = visibleToken(r.text);
    const cp = byCell.get(i);
    return {
      label, breaksLine, phase: r.phase,
      pShade: r.forced ? null : pShade(r.p),
      entropyShade: r.forced ? null : entropyShade(r.entropy),
      forced: r.forced,
      suppressed: r.suppressed,
      checkpoint: cp ? checkpointLabel(cp) : null,
    };
  });
}

/**
 * The cell's classes: `tok`, `p<level>` and `h<level>` (the page's shading toggle picks one family), `fz`
 * forced, `sup` suppressed, `ans` answer phase, `nl` line break after. Short names: a strip can hold
 * thousands of cells.
 */
export function cellClassName(c: StripCell): string {
  let name = 'tok';
  if (c.pShade !== null) name += ` p${c.pShade}`;
  if (c.entropyShade !== null) name += ` h${c.entropyShade}`;
  if (c.forced) name += ' fz';
  if (c.suppressed) name += ' sup';
  if (c.phase === 'answer') name += ' ans';
  if (c.breaksLine) name += ' nl';
  return name;
}
