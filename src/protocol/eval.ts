import type { Question } from '../core/eval/question-set';
import type { EvalRecord } from '../core/eval/score';
import type { LaneRequest, LaneResult } from './run';

export type { EvalRecord, Question };

/**
 * An evaluation: questions × lanes through the engine's one evaluation loop (src/engine/eval), the same
 * for `lab eval` and the page's accuracy lab. Question i runs with seed + i; `done` holds earlier results
 * of this same evaluation, resumed under core's one rule (src/core/eval/resume.ts).
 */
export interface EvalRequest {
  /** Lets `cancel(runId)` stop the evaluation between pairs (the page's Stop). */
  readonly runId: string;
  readonly questions: readonly Question[];
  readonly lanes: readonly LaneRequest[];
  readonly seed: number;
  readonly done?: readonly EvalRecord[];
  /** Appended to every question after a blank line. */
  readonly instruction?: string;
  readonly enableThinking?: boolean;
  /** Send each pair's whole lane result with its progress event (the CLI's --traces); off by default. */
  readonly withLanes?: boolean;
}

/** One pair finished (or, first, how many were resumed). */
export interface EvalProgressEvent {
  readonly done: number;
  readonly total: number;
  readonly computed: number;
  readonly resumed: number;
  readonly record?: EvalRecord;
  /** The lane result the record scores, when the request asked `withLanes`. */
  readonly lane?: LaneResult;
}

export interface EvalResult {
  /** One record per (question, lane) of the request, resumed or computed, question-major. */
  readonly records: readonly EvalRecord[];
  readonly computed: number;
  readonly resumed: number;
  /** Cancelled before every pair ran. */
  readonly stopped: boolean;
}
