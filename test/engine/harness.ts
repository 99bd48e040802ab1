/** Runs one lane (or a few) through runComparison with hooks, collecting events. */
import type { DecodingParams } from '../../src/core/methods/params';
import type { EngineHost } from '../../src/engine/host';
import type { DecodeHooks } from '../../src/engine/decode/lane-env';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { runComparison } from '../../src/engine/decode/run-comparison';
import type { LaneResult, RunEvent, RunResult } from '../../src/protocol/run';

export interface LaneRun {
  result: RunResult;
  lane: LaneResult;
  events: RunEvent[];
}

export async function runLanes(
  host: EngineHost,
  model: LoadedModel,
  lanes: readonly DecodingParams[],
  opts: { seed?: number; prompt?: string; hooks?: DecodeHooks; isCancelled?: () => boolean; flushMs?: number; tokenStats?: boolean } = {},
): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await runComparison(
    host,
    model,
    {
      runId: 'test',
      prompt: opts.prompt ?? 'What is 2 + 2?',
      seed: opts.seed ?? 7,
      lanes: lanes.map((params, i) => ({ lane: `${params.method}-${i}`, params })),
      ...(opts.flushMs !== undefined ? { flushMs: opts.flushMs } : {}),
      ...(opts.tokenStats !== undefined ? { tokenStats: opts.tokenStats } : {}),
    },
    (batch) => events.push(...batch),
    opts.isCancelled ?? (() => false),
    opts.hooks ?? {},
  );
  return { result, events };
}

export async function runLane(
  host: EngineHost, model: LoadedModel, params: DecodingParams,
  opts: Parameters<typeof runLanes>[3] = {},
): Promise<LaneRun> {
  const { result, events } = await runLanes(host, model, [params], opts);
  return { result, lane: result.lanes[0]!, events };
}

/** Hooks that empty a fake model's call log when each lane starts, so tests count the lane's forwards, not the warm-up's. */
export function laneCallsOnly(fake: { calls: unknown[] }): DecodeHooks {
  return { onLaneStart: () => void fake.calls.splice(0) };
}

/** total = thinking + answer + discarded + probe (spec §7). */
export function totalsAddUp(lane: LaneResult): boolean {
  const t = lane.metrics.tokens;
  return t.total === t.thinking + t.answer + t.discarded + t.probe;
}
