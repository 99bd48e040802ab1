/**
 * Series over trace position for the token curves (uPlot's aligned columns). Positions are token numbers,
 * 1 = the first trace token; a CGRS checkpoint at position k fired after token k. Pure.
 */
import type { DecodingParams, LaneResult, TokenRecord } from '../../../protocol/run';

export interface LaneTrace {
  readonly lane: string;
  readonly label: string;
  readonly params: DecodingParams;
  readonly trace: readonly TokenRecord[];
}

export interface PositionSeries {
  readonly lane: string;
  readonly label: string;
  /** One value per x; null where the lane has no value (a forced token, no filter, or past its end). */
  readonly values: readonly (number | null)[];
  /** Drawn at first (the others can be switched on in the legend). */
  readonly shown: boolean;
}

export interface PositionCurves {
  readonly x: readonly number[];
  readonly series: readonly PositionSeries[];
}

function positions(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function curves(lanes: readonly LaneTrace[], value: (r: TokenRecord) => number | null, shown: (l: LaneTrace) => boolean): PositionCurves {
  const length = Math.max(0, ...lanes.map((l) => l.trace.length));
  const series = lanes.map((l) => {
    const values: (number | null)[] = new Array<number | null>(length).fill(null);
    l.trace.forEach((r, i) => void (values[i] = r.forced ? null : value(r)));
    return { lane: l.lane, label: l.label, values, shown: shown(l) };
  });
  return { x: positions(length), series };
}

/** Entropy H (nats) of the distribution each token was drawn from, one series per lane. */
export function entropyCurves(lanes: readonly LaneTrace[]): PositionCurves {
  return curves(lanes, (r) => r.entropy, () => true);
}

/** The lane samples through Top-H (the method, or Top-H set inside another method's sampler). */
export function usesTopH(params: DecodingParams): boolean {
  return 'sampling' in params && params.sampling.topH !== undefined;
}

/**
 * |S|, the tokens the filters kept, per position: the lanes with a filter, Top-H lanes first and shown,
 * the others (top-k / top-p / min-p) available for comparison.
 */
export function keptCurves(lanes: readonly LaneTrace[]): PositionCurves {
  const filtered = lanes.filter((l) => l.trace.some((r) => r.kept !== null));
  const ordered = [...filtered.filter((l) => usesTopH(l.params)), ...filtered.filter((l) => !usesTopH(l.params))];
  const anyTopH = ordered.some((l) => usesTopH(l.params));
  return curves(ordered, (r) => r.kept, (l) => !anyTopH || usesTopH(l.params));
}

export interface CertaintyCurve {
  readonly lane: string;
  readonly label: string;
  /** δ: certainty above which triggers are suppressed with p = (C − δ) / (1 − δ); null if the params lack it. */
  readonly delta: number | null;
  /** Checkpoint positions (ascending) and, at each, the certainty C and p(suppress). */
  readonly x: readonly number[];
  readonly certainty: readonly number[];
  readonly pSup: readonly number[];
}

/** A CGRS lane's checkpoints as a curve; null for a lane without CGRS. */
export function certaintyCurve(r: LaneResult, label: string): CertaintyCurve | null {
  if (!r.cgrs) return null;
  const points = [...r.cgrs.checkpoints].sort((a, b) => a.position - b.position);
  return {
    lane: r.lane, label,
    delta: 'cgrs' in r.params ? r.params.cgrs.delta : null,
    x: points.map((c) => c.position),
    certainty: points.map((c) => c.certainty),
    pSup: points.map((c) => c.pSup),
  };
}
