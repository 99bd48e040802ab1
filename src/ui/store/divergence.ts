/**
 * The run's divergence (src/ui/logic/tokens/divergence.ts) over the lanes that have a token trace, in lane
 * order; recomputed only when a lane's result changes, not on every streamed batch.
 */
import type { LaneResult } from '../../protocol/run';
import { laneLabel } from '../logic/columns';
import { departures, pairDivergences, type Departure, type LaneTokens, type PairDivergence } from '../logic/tokens/divergence';
import type { AppState } from './state';

export interface RunDivergence {
  readonly lanes: readonly LaneTokens[];
  readonly pairs: readonly PairDivergence[];
  readonly departures: ReadonlyMap<string, Departure>;
  readonly labelOf: (lane: string) => string;
}

function laneTokens(r: LaneResult): LaneTokens | null {
  if (!r.trace) return null;
  return { lane: r.lane, label: laneLabel(r.lane, r.method), ids: r.trace.map((t) => t.id), texts: r.trace.map((t) => t.text) };
}

let memo: { results: readonly (LaneResult | null)[]; value: RunDivergence } | null = null;

export function runDivergence(s: AppState): RunDivergence {
  const results = s.run.lanes.map((l) => l.result);
  if (memo && memo.results.length === results.length && memo.results.every((r, i) => r === results[i])) return memo.value;
  const lanes = results.map((r) => (r ? laneTokens(r) : null)).filter((l): l is LaneTokens => l !== null);
  const pairs = pairDivergences(lanes);
  const labels = new Map(lanes.map((l) => [l.lane, l.label]));
  const value = { lanes, pairs, departures: departures(lanes, pairs), labelOf: (lane: string) => labels.get(lane) ?? lane };
  memo = { results, value };
  return value;
}
