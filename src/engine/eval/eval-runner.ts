/**
 * Questions × methods over the engine, scored by core.
 *
 * Each (question, method) pair is one `run` with a single lane, so every method of a question decodes
 * from the same seed and lane index 0 (its draws do not depend on which other methods ran or were
 * resumed), and an interrupted eval can resume pair by pair. Question i runs with seed
 * `questionSeed(seed, i)`. Pairs whose record is in `done` (same seed and parameters) are skipped and
 * counted as resumed, never recomputed.
 */
import { foreignRecordProblem } from '../../core/eval/resume';
import { paramsFingerprint, questionSeed, recordKey, scoreLane, type EvalRecord } from '../../core/eval/score';
import { questionPrompt, type Question } from '../../core/eval/question-set';
import type { EngineApi } from '../../protocol/api';
import { EngineError } from '../../protocol/errors';
import type { LaneRequest, LaneResult } from '../../protocol/run';

export interface EvalProgress {
  /** Pairs finished so far (resumed + computed). */
  readonly done: number;
  readonly total: number;
  readonly computed: number;
  readonly resumed: number;
  /** The record just computed (absent in the first report, which only counts resumed pairs). */
  readonly last?: EvalRecord;
}

export interface EvalOptions {
  readonly engine: Pick<EngineApi, 'run'>;
  readonly questions: readonly Question[];
  /** One lane per method; the lane name is the record's `method`. */
  readonly lanes: readonly LaneRequest[];
  readonly seed: number;
  /** Records of an earlier, interrupted eval (e.g. a resume file). */
  readonly done?: readonly EvalRecord[];
  /** Appended to every question after a blank line (e.g. "Put the final answer in \boxed{}."). */
  readonly instruction?: string;
  readonly enableThinking?: boolean;
  /** Called with each new record (and the lane it scores) before the next pair starts: checkpoint it here. */
  readonly onRecord?: (r: EvalRecord, lane: LaneResult) => void | Promise<void>;
  readonly onProgress?: (p: EvalProgress) => void;
  /** Checked between pairs: stop early (the records so far are returned). */
  readonly shouldStop?: () => boolean;
}

export interface EvalOutcome {
  /** One record per (question, method) pair of this eval, resumed or computed, in question × lane order. */
  readonly records: EvalRecord[];
  readonly computed: number;
  readonly resumed: number;
  readonly stopped: boolean;
}

/** The prompt sent for a question (core's questionPrompt: the text, then the instruction after a blank line). */
export const evalPrompt = questionPrompt;

/** Resumed records by pair key, under core's one resume rule: a record that is not this eval's own is an error, never a skip. */
function resumable(opts: EvalOptions): Map<string, EvalRecord> {
  const byKey = new Map<string, EvalRecord>();
  for (const r of opts.done ?? []) {
    const problem = foreignRecordProblem(r, opts);
    if (problem) throw new EngineError('bad-input', `Cannot resume: ${problem} (use another resume file, or the same questions, seed and parameters)`);
    byKey.set(recordKey(r.questionId, r.method), r);
  }
  return byKey;
}

export async function runEval(opts: EvalOptions): Promise<EvalOutcome> {
  const names = new Set<string>();
  for (const l of opts.lanes) {
    if (names.has(l.lane)) throw new EngineError('bad-input', `Lane "${l.lane}" appears twice`);
    names.add(l.lane);
  }
  const fingerprints = new Map(opts.lanes.map((l) => [l.lane, paramsFingerprint(l.params)]));
  const saved = resumable(opts);
  const total = opts.questions.length * opts.lanes.length;
  const records: EvalRecord[] = [];
  let computed = 0;
  let resumed = 0;
  for (const q of opts.questions) for (const l of opts.lanes) if (saved.has(recordKey(q.id, l.lane))) resumed++;
  opts.onProgress?.({ done: resumed, total, computed, resumed });

  for (const [i, question] of opts.questions.entries()) {
    const seed = questionSeed(opts.seed, i);
    for (const lane of opts.lanes) {
      const old = saved.get(recordKey(question.id, lane.lane));
      if (old) {
        records.push(old);
        continue;
      }
      if (opts.shouldStop?.()) return { records, computed, resumed, stopped: true };
      const result = await opts.engine.run(
        {
          runId: `eval-${question.id}-${lane.lane}`,
          prompt: evalPrompt(question, opts.instruction),
          lanes: [{ ...lane }],
          seed,
          enableThinking: opts.enableThinking ?? true,
        },
        () => {},
      );
      const laneResult = result.lanes[0];
      if (result.cancelled || !laneResult) return { records, computed, resumed, stopped: true };
      const record = scoreLane(question, lane.lane, laneResult, { seed, params: fingerprints.get(lane.lane)! });
      records.push(record);
      computed++;
      await opts.onRecord?.(record, laneResult);
      opts.onProgress?.({ done: resumed + computed, total, computed, resumed, last: record });
    }
  }
  return { records, computed, resumed, stopped: false };
}
