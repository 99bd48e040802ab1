/**
 * A comparison run: one prompt, lanes decoded one after another (isolated timings, architecture §4).
 * First an untimed warm-up runs every shape the lanes will use (model/warmup.ts), reported on its own.
 * Then each lane is timed as its own request: its clock starts when the lane starts, and it tokenises
 * and prefills the prompt itself, so every lane's TTFT, prefill and wall time include the same work and
 * none pays for compiling shaders. Sharing one prefill across lanes would save that work but mix lanes'
 * timings; it is not done.
 */
import { extractBoxedAnswer } from '../../core/eval/extract';
import { TokenLedger } from '../../core/ledger';
import { TimingRecorder } from '../../core/metrics';
import { rowCount, type DecodingParams, type MultiRowParams } from '../../core/methods/params';
import type { VoteVerdict } from '../../core/vote/self-consistency';
import { laneSeed } from '../../core/rng';
import type { LaneResult, RunEvent, RunRequest, RunResult } from '../../protocol/run';
import { promptOpensThinking } from '../../core/phase';
import { buildPrompt } from '../model/chat';
import { RunEmitter } from './emitter';
import { StepPacer } from './step-pacer';
import { MultiRowRun } from './multi-row-run';
import type { EngineHost } from '../host';
import type { DecodeHooks, LaneEnv } from './lane-env';
import { laneMetrics } from './lane-metrics';
import type { LoadedModel } from '../model/load-model';
import { checkRunRequest, fitLanes, type CheckedLane, type CheckedRun } from './request';
import { warmUpRun } from '../model/warmup';
import { SingleRowRun } from './single-lane';

interface RunContext {
  readonly host: EngineHost;
  readonly model: LoadedModel;
  readonly run: CheckedRun;
  readonly emitter: RunEmitter;
  readonly isCancelled: () => boolean;
  readonly hooks: DecodeHooks;
}

function templatedPrompt(ctx: RunContext): number[] {
  const { model, run } = ctx;
  return buildPrompt(model.tokenizer, run.prompt, {
    template: model.template,
    enableThinking: run.enableThinking,
    ...(run.systemPrompt !== undefined ? { systemPrompt: run.systemPrompt } : {}),
  }).ids;
}

async function runLane(ctx: RunContext, lane: CheckedLane, startedAt: number, promptIds: number[]): Promise<LaneResult> {
  const { host, model, emitter, run } = ctx;
  const rows = rowCount(lane.params);
  const timing = new TimingRecorder(rows);
  const ledger = new TokenLedger(rows);
  timing.requestReceived(startedAt);
  ledger.setPrompt(promptIds.length);
  emitter.event({ type: 'lane-start', lane: lane.lane, method: lane.params.method, rows });
  const env: LaneEnv = {
    host, model, emitter, ledger, timing, pacer: new StepPacer(host, emitter),
    isCancelled: ctx.isCancelled,
    lane: lane.lane,
    laneSeed: laneSeed(run.seed),
    promptIds,
    startsInThinking: promptOpensThinking(promptIds, model.info.thinkStartId, (id) => model.tokenizer.tokenText(id).trim() === ''),
    hooks: ctx.hooks,
    tokenStats: run.tokenStats,
  };
  const base = { lane: lane.lane, method: lane.params.method, params: lane.params, ...(lane.fitted ? { fitted: lane.fitted } : {}) };
  const params = lane.params;
  const result: LaneResult = params.method === 'ffs' || params.method === 'vote'
    ? { ...base, ...(await multiRowResult(env, params, run.tokenStats)) }
    : { ...base, ...(await singleRowResult(env, params, run.tokenStats)) };
  emitter.event({ type: 'lane-done', lane: lane.lane, result });
  emitter.flush();
  return result;
}

type LaneOutcome = Omit<LaneResult, 'lane' | 'method' | 'params' | 'fitted'>;

/** FFS and vote: n rows in one batch; vote counts every row's tokens (none is discarded). */
async function multiRowResult(env: LaneEnv, params: MultiRowParams, tokenStats: boolean): Promise<LaneOutcome> {
  const out = await new MultiRowRun(env, params).run();
  env.timing.finished(env.host.now());
  const shown = out.rows[out.winner]!;
  const summary = { winnerRow: out.winner, truncated: out.truncated, rows: out.rowSummaries };
  const groups = out.outcome && 'groups' in out.outcome ? (out.outcome as VoteVerdict).groups : [];
  return {
    ...shown.trace.texts(),
    answer: out.answer,
    stopReason: out.stop,
    metrics: laneMetrics(env.ledger, env.timing, out.winner, params.method === 'vote' ? 'all' : 'shown'),
    ...(params.method === 'vote' ? { vote: { ...summary, groups } } : { ffs: summary }),
    // The shown row's records are its row summary's (one array, not a second copy to send).
    ...(tokenStats ? { trace: out.rowSummaries[out.winner]!.trace ?? shown.tokenRecords() } : {}),
  };
}

/** Every one-row method; its summary (CGRS, budget, NoWait) comes from the row's run. */
async function singleRowResult(env: LaneEnv, params: Exclude<DecodingParams, MultiRowParams>, tokenStats: boolean): Promise<LaneOutcome> {
  const out = await new SingleRowRun(env, params).run();
  env.timing.finished(env.host.now());
  const texts = out.row.trace.texts();
  env.emitter.event({ type: 'row-done', lane: env.lane, row: 0, tokens: out.row.trace.length, finished: out.stop === 'eos', winner: true });
  return {
    ...texts,
    answer: extractBoxedAnswer(texts.text),
    stopReason: out.stop,
    metrics: laneMetrics(env.ledger, env.timing, 0),
    ...(out.cgrs ? { cgrs: out.cgrs } : {}),
    ...(out.budget ? { budget: out.budget } : {}),
    ...(out.nowait ? { nowait: out.nowait } : {}),
    ...(tokenStats ? { trace: out.row.tokenRecords() } : {}),
  };
}

/**
 * Validates the request (no model work before every check passed), then decodes its lanes in
 * turn. A cancel stops the current lane between steps (its result says 'cancelled') and skips the
 * rest; the model stays loaded. `hooks` are for tests and benchmarks only.
 */
export async function runComparison(
  host: EngineHost,
  model: LoadedModel,
  req: RunRequest,
  onEvents: (batch: RunEvent[]) => void,
  isCancelled: () => boolean,
  hooks: DecodeHooks = {},
): Promise<RunResult> {
  const run = checkRunRequest(req, model);
  hooks = { kvCopy: run.kvCopy, ...hooks };
  const emitter = new RunEmitter(() => host.now(), onEvents, run.flushMs);
  const ctx: RunContext = { host, model, run, emitter, isCancelled, hooks };
  const firstPrompt = templatedPrompt(ctx);
  const lanes = fitLanes(run, firstPrompt.length, model);
  const warmupStart = host.now();
  if (!isCancelled()) await warmUpRun(model, firstPrompt, lanes.map((l) => l.params));
  const warmupMs = host.now() - warmupStart;
  const results: LaneResult[] = [];
  for (const lane of lanes) {
    if (isCancelled()) break;
    hooks.onLaneStart?.(lane.lane);
    const startedAt = host.now();
    results.push(await runLane(ctx, lane, startedAt, templatedPrompt(ctx)));
  }
  emitter.flush();
  return { runId: run.runId, promptTokens: firstPrompt.length, warmupMs, lanes: results, cancelled: isCancelled() };
}
