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
  /** The trace's length (thinking + answer tokens): p(suppress) holds to here after the last checkpoint. */
  readonly end: number;
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
    end: r.metrics.tokens.thinking + r.metrics.tokens.answer,
  };
}

/**
 * The chart's aligned columns: the checkpoints, plus p(suppress) as a step function over the whole trace:
 * 0 from position 0 (the first chunk is never suppressed) and the last value held to the trace's end.
 */
export function certaintyColumns(c: CertaintyCurve): { x: number[]; certainty: (number | null)[]; pSup: number[] } {
  const x = [...c.x];
  const certainty: (number | null)[] = [...c.certainty];
  const pSup = [...c.pSup];
  if (x.length === 0 || x[0]! > 0) {
    x.unshift(0);
    certainty.unshift(null);
    pSup.unshift(0);
  }
  if (c.end > x[x.length - 1]!) {
    x.push(c.end);
    certainty.push(null);
    pSup.push(pSup[pSup.length - 1]!);
  }
  return { x, certainty, pSup };
}

/** Mean and maximum of a series' values (nulls skipped); null when it has none. */
export function seriesStats(values: readonly (number | null)[]): { mean: number; max: number; count: number } | null {
  let sum = 0;
  let max = -Infinity;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    max = Math.max(max, v);
    count++;
  }
  return count === 0 ? null : { mean: sum / count, max, count };
}

/** One sentence per chart for screen readers: what is plotted, in which unit, and each series' mean and max. */
export function curvesSummary(title: string, unit: string, c: PositionCurves, digits: number): string {
  const parts = c.series.map((s) => {
    const st = seriesStats(s.values);
    return st ? `${s.label}: mean ${st.mean.toFixed(digits)}, max ${st.max.toFixed(digits)} over ${st.count} tokens` : `${s.label}: no values`;
  });
  return `${title} (${unit}) by trace position (tokens). ${parts.join('; ')}.`;
}

export function certaintySummary(c: CertaintyCurve): string {
  if (c.x.length === 0) return `${c.label}: no checkpoint fired.`;
  const above = c.delta === null ? [] : c.certainty.filter((v) => v > c.delta!);
  const delta = c.delta === null ? '' : ` δ = ${c.delta.toFixed(2)}; ${above.length} of ${c.x.length} above δ, where triggers were suppressed with p = (C − δ) / (1 − δ).`;
  const points = c.x.map((x, i) => `token ${x}: ${c.certainty[i]!.toFixed(2)}`).join(', ');
  return `${c.label} certainty C at ${c.x.length} checkpoint${c.x.length === 1 ? '' : 's'} (${points}).${delta}`;
}
