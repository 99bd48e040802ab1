/**
 * The throughput panel's numbers: the roofline of the loaded model at a measured (or entered) bandwidth,
 * and the share of it the last run reached. Pure: the roofline itself is src/core/roofline.ts.
 */
import { rooflineReport, storageFormat, type RooflineReport, type RooflineShape } from '../../core/roofline';
import { rowCount } from '../../core/methods/params';
import type { ModelInfo } from '../../protocol/model';
import type { LaneResult } from '../../protocol/run';

export const ROOFLINE_CONTEXTS: readonly number[] = [0, 512, 2048, 8192];

/** Roofline rows at the given contexts (capped at the model's window) for one batch size. */
export function rooflineRows(
  info: ModelInfo,
  bandwidthGBs: number | null,
  contexts: readonly number[] = ROOFLINE_CONTEXTS,
  batch = 1,
): RooflineReport[] {
  const format = storageFormat(info.dtype);
  return contexts.filter((c) => c <= info.contextLength).map((context) => rooflineReport(info, format, { context, batch }, { bandwidthGBs }));
}

/** Ceiling tok/s over context, `points` evenly spaced from 0 to the model's window (for the chart). */
export function ceilingCurve(info: RooflineShape & Pick<ModelInfo, 'dtype' | 'contextLength'>, bandwidthGBs: number, points = 33): { context: number[]; tokensPerSecond: number[] } {
  const format = storageFormat(info.dtype);
  const context = Array.from({ length: points }, (_, i) => Math.round((i * info.contextLength) / (points - 1)));
  return {
    context,
    tokensPerSecond: context.map((c) => rooflineReport(info, format, { context: c }, { bandwidthGBs }).ceilingTokensPerSecond!),
  };
}

export interface RunShare {
  readonly lane: string;
  /** Rows decoded together (FFS n), the batch of the roofline point. */
  readonly batch: number;
  /** Mean context over the decode: prompt + half the trace. */
  readonly context: number;
  /** Aggregate decode tok/s of the lane (all rows for FFS). */
  readonly measuredTokensPerSecond: number;
  readonly report: RooflineReport;
}

/**
 * Where a finished lane sits against the roofline. Decode reads a cache that grows from the prompt to
 * the end of the trace, so the mean context is used. Null when the lane has no decode rate.
 */
export function runShare(info: ModelInfo, lane: LaneResult, bandwidthGBs: number | null): RunShare | null {
  const batch = rowCount(lane.params);
  const m = lane.metrics;
  const measured = batch > 1 ? (m.aggregateTokensPerSecond ?? m.decodeTokensPerSecond) : m.decodeTokensPerSecond;
  if (measured === null || !(measured > 0)) return null;
  const trace = m.tokens.thinking + m.tokens.answer;
  const context = Math.round(m.tokens.prompt + trace / 2);
  const report = rooflineReport(info, storageFormat(info.dtype), { context, batch }, { bandwidthGBs, measuredTokensPerSecond: measured });
  return { lane: lane.lane, batch, context, measuredTokensPerSecond: measured, report };
}
