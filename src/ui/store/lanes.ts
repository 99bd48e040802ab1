/**
 * Applies streamed RunEvents to the lanes' view state. Pure: a batch copies only the lanes and rows
 * it touches, so views can compare by reference.
 */
import type { MethodId } from '../../core/methods/params';
import type { LaneResult, RunEvent, RunResult, StopReason } from '../../protocol/run';
import type { LaneStatus, LaneView, RowView } from './state';

export const EMPTY_ROW: RowView = { thinking: '', answer: '', thinkingTokens: 0, answerTokens: 0, done: null };

export function pendingLane(lane: string, method: MethodId): LaneView {
  return {
    lane, method, status: 'pending', rows: [], checkpoints: [], suppressed: [], result: null,
    firstTokenAt: null, lastTokenAt: null,
  };
}

export function statusForStop(reason: StopReason): LaneStatus {
  if (reason === 'cancelled') return 'cancelled';
  if (reason === 'error') return 'error';
  return 'done';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function withRow(rows: readonly RowView[], index: number, update: (r: RowView) => RowView): RowView[] {
  const next = rows.slice();
  while (next.length <= index) next.push(EMPTY_ROW);
  next[index] = update(next[index]!);
  return next;
}

function finishLane(lane: Mutable<LaneView>, result: LaneResult): void {
  lane.result = result;
  lane.status = statusForStop(result.stopReason);
}

function applyOne(lane: Mutable<LaneView>, e: RunEvent, at: number): void {
  switch (e.type) {
    case 'lane-start':
      lane.status = 'running';
      lane.method = e.method;
      if (lane.rows.length < e.rows) lane.rows = withRow(lane.rows, e.rows - 1, (r) => r);
      return;
    case 'tokens':
      if (lane.status === 'pending') lane.status = 'running';
      lane.rows = withRow(lane.rows, e.row, (r) =>
        e.phase === 'thinking'
          ? { ...r, thinking: r.thinking + e.text, thinkingTokens: r.thinkingTokens + e.count }
          : { ...r, answer: r.answer + e.text, answerTokens: r.answerTokens + e.count },
      );
      lane.firstTokenAt ??= at;
      lane.lastTokenAt = at;
      return;
    case 'checkpoint':
      lane.checkpoints = [...lane.checkpoints, { row: e.row, position: e.position, certainty: e.certainty, pSup: e.pSup }];
      return;
    case 'suppressed':
      lane.suppressed = [...lane.suppressed, { row: e.row, position: e.position, blockedTrigger: e.blockedTrigger }];
      return;
    case 'row-done':
      lane.rows = withRow(lane.rows, e.row, (r) => ({ ...r, done: { tokens: e.tokens, finished: e.finished, winner: e.winner } }));
      return;
    case 'lane-done':
      finishLane(lane, e.result);
      return;
  }
}

/** The lanes after a batch of events received at page time `at` (ms). Unknown lanes are ignored. */
export function applyRunEvents(lanes: readonly LaneView[], events: readonly RunEvent[], at: number): readonly LaneView[] {
  if (events.length === 0) return lanes;
  const next = lanes.slice();
  const copied = new Set<number>();
  for (const e of events) {
    const i = next.findIndex((l) => l.lane === e.lane);
    if (i < 0) continue;
    if (!copied.has(i)) {
      next[i] = { ...next[i]! };
      copied.add(i);
    }
    applyOne(next[i] as Mutable<LaneView>, e, at);
  }
  return copied.size > 0 ? next : lanes;
}

/**
 * The lanes once run() resolved: each lane with a result takes it (if no lane-done event brought it);
 * lanes without one were cancelled before they started (or failed).
 */
export function settleLanes(lanes: readonly LaneView[], result: RunResult): readonly LaneView[] {
  return lanes.map((lane) => {
    const r = result.lanes.find((x) => x.lane === lane.lane);
    if (r) return lane.result === r ? lane : { ...lane, result: r, status: statusForStop(r.stopReason) };
    if (lane.result) return lane;
    return { ...lane, status: result.cancelled ? 'cancelled' : 'error' };
  });
}

/** After run() rejected: unfinished lanes end as errors (or cancelled while stopping). */
export function failLanes(lanes: readonly LaneView[], cancelled: boolean): readonly LaneView[] {
  return lanes.map((lane) =>
    lane.status === 'pending' || lane.status === 'running' ? { ...lane, status: cancelled ? 'cancelled' : 'error' } : lane,
  );
}

/**
 * run()'s result with each lane's result as its lane-done event already brought it. The engine sends one
 * LaneResult twice (in the event and in the returned RunResult), each a structured clone, so with token
 * stats the page would keep every trace twice; keeping the event's copy lets the other be collected, and
 * views that compare lane results by reference see no change at the end of the run.
 */
export function withStreamedLanes(result: RunResult, lanes: readonly LaneView[]): RunResult {
  let replaced = false;
  const settled = result.lanes.map((r) => {
    const streamed = lanes.find((l) => l.lane === r.lane)?.result;
    const same = streamed && streamed !== r && streamed.stopReason === r.stopReason && streamed.text === r.text;
    if (!same) return r;
    replaced = true;
    return streamed;
  });
  return replaced ? { ...result, lanes: settled } : result;
}
