import { CgrsController } from '../../core/cgrs/controller';
import type { CgrsDirective } from '../../core/cgrs/controller';
import type { DecodingParams, MultiRowParams } from '../../core/methods/params';
import { RowRng } from '../../core/rng';
import type { BudgetSummary, CgrsSummary, NoWaitSummary } from '../../protocol/run';
import { BatchedProbe, type Handoff } from '../cgrs/batched-probe';
import { ProbeSpec, runSequentialProbe } from '../cgrs/sequential-probe';
import { KvBatch } from './kv-batch';
import type { LaneEnv, RowStop } from './lane-env';
import { RowDecoder, type Draw, type RowOptions } from './row-decoder';
import { triggerIdsFor } from '../model/vocab';

type SingleRowParams = Exclude<DecodingParams, MultiRowParams>;

export interface SingleRowOutcome {
  readonly row: RowDecoder;
  readonly stop: RowStop;
  readonly cgrs?: CgrsSummary;
  readonly budget?: BudgetSummary;
  readonly nowait?: NoWaitSummary;
}

function samplingOf(params: SingleRowParams): { temperature: number } {
  return params.method === 'greedy' ? { temperature: 0 } : params.sampling;
}

/** The CGRS controller of a row (spec §4.8); ids come from the loaded vocabulary, never hard-coded. */
function controllerFor(env: LaneEnv, params: Extract<DecodingParams, { method: 'cgrs' }>, triggerIds: Int32Array): CgrsController {
  const { info, vocab, tokenizer } = env.model;
  if (info.thinkEndId === null) throw new Error('CGRS needs a </think> token, and this model has none');
  return new CgrsController({
    params: params.cgrs,
    maxNewTokens: params.maxNewTokens,
    vocabSize: info.vocabSize,
    triggerIds,
    thinkStartId: info.thinkStartId ?? -1,
    thinkEndId: info.thinkEndId,
    eosIds: info.eosIds,
    forcedBoundaryIds: vocab.boundaryIds,
    forcedThinkEndIds: vocab.thinkEndForcedIds,
    tokenText: (id) => tokenizer.tokenText(id),
    startsInThinking: env.startsInThinking,
  });
}

/** The row's sampler and what it does besides sampling, per method. */
function rowOptions(env: LaneEnv, params: SingleRowParams): RowOptions {
  const base = { sampling: samplingOf(params), maxNewTokens: params.maxNewTokens };
  switch (params.method) {
    case 'cgrs': {
      const triggerIds = triggerIdsFor(env.model.tokenizer, params.cgrs.triggerWords);
      return { ...base, triggerIds, controller: controllerFor(env, params, triggerIds) };
    }
    case 'nowait':
      return { ...base, triggerIds: triggerIdsFor(env.model.tokenizer, params.nowait.triggerWords), maskTriggersWhileThinking: true };
    case 'budget':
      return { ...base, thinkingBudget: params.budget.thinkingTokens };
    default:
      return base;
  }
}

/**
 * One row decoded alone: greedy, sampling, Top-H, CGRS, budget forcing and NoWait. Loop: sample from the last logits,
 * let the controller decide, commit, run what it asks (forced tokens, probes), feed everything
 * not yet fed in one forward, and check the cancel flag between steps. CGRS probes run on a fork
 * of the cache, sequentially (default) or as an extra batch row (`batchedProbe`, spec §4.10).
 */
export class SingleRowRun {
  private readonly batch: KvBatch;
  readonly row: RowDecoder;
  private readonly probe: ProbeSpec | null;
  private readonly batched: BatchedProbe | null;
  private readonly thinkBudget: number;
  /** Trace position where a thinking budget (CGRS spec §4.7, budget forcing) forced "\n</think>\n\n", if it did. */
  private budgetForcedAt: number | null = null;

  constructor(private readonly env: LaneEnv, private readonly params: SingleRowParams) {
    const { model, hooks } = env;
    this.batch = new KvBatch(model.model, model.info.vocabSize, hooks.kvCopy);
    const rng = hooks.rowRng?.(0) ?? new RowRng(env.laneSeed, 0);
    this.row = new RowDecoder(env, 0, rng, rowOptions(env, params));
    this.probe = params.method === 'cgrs' ? new ProbeSpec(model, params.cgrs) : null;
    this.thinkBudget = params.method === 'cgrs' ? Math.floor(params.maxNewTokens * params.cgrs.thinkRatio) : 0;
    this.batched = params.method === 'cgrs' && params.cgrs.batchedProbe
      ? new BatchedProbe(env, this.batch, this.row, this.probe!)
      : null;
  }

  async run(): Promise<SingleRowOutcome> {
    const { env } = this;
    try {
      const start = env.host.now();
      let logits: Float32Array | RowStop = await this.batch.extend(env.promptIds, env.hooks.prefillChunk);
      env.timing.prefill(start, env.host.now(), env.promptIds.length);
      while (typeof logits !== 'string') {
        if (env.isCancelled()) {
          logits = 'cancelled';
          break;
        }
        const draw = this.row.draw(logits, this.row.trace.length);
        logits = await this.settle(draw, this.row.accept(draw));
      }
      this.row.close();
      return { row: this.row, stop: logits, ...this.methodSummary() };
    } finally {
      this.batch.dispose();
    }
  }

  /** Commits a drawn token, runs its directive's steps and feeds; returns the next logits or why the row stopped. */
  private async settle(first: Draw, firstDirective: CgrsDirective): Promise<Float32Array | RowStop> {
    let draw = first;
    let d = firstDirective;
    for (;;) {
      this.row.commit(draw, d.keep);
      const feed = d.keep ? [draw.token] : [];
      let handoff: Handoff | null = null;
      for (let i = 0; i < d.steps.length && handoff === null; i++) {
        const step = d.steps[i]!;
        if (step.kind === 'force') {
          if (this.isThinkEndForced(step.ids)) this.budgetForcedAt = this.row.trace.length;
          this.row.force(step.ids);
          feed.push(...step.ids);
        } else if (this.batched && i === d.steps.length - 1 && d.done === null) {
          handoff = await this.batched.run(feed, step.checkpoint);
        } else {
          await this.sequentialProbe(feed, step.checkpoint);
        }
      }
      if (handoff === null) return d.done ? (d.done === 'eos' ? 'eos' : 'max-tokens') : await this.feed(feed);
      if (handoff.kind === 'logits') return handoff.logits;
      if (handoff.kind === 'stop') return handoff.stop;
      draw = handoff.draw;
      d = handoff.directive;
    }
  }

  private async feed(ids: readonly number[]): Promise<Float32Array> {
    const { host, timing } = this.env;
    const start = host.now();
    const logits = ids.length === 1 ? (await this.batch.step(ids))[0]! : await this.batch.extend(ids);
    timing.decodeForward(start, host.now());
    await this.env.pacer.step();
    return logits;
  }

  private async sequentialProbe(pending: readonly number[], checkpoint: number): Promise<void> {
    const { host, timing, ledger, emitter, lane, model } = this.env;
    const start = host.now();
    const run = await runSequentialProbe(model, this.batch.cache, pending, this.probe!, this.row.rng, checkpoint);
    timing.probe(start, host.now());
    ledger.addProbe(this.row.row, this.probe!.suffixIds.length, run.tokens);
    const outcome = this.row.controller!.onProbe(run.stats);
    emitter.event({ type: 'checkpoint', lane, row: this.row.row, position: outcome.traceLength, certainty: outcome.certainty, pSup: outcome.pSup });
  }

  /** The controller forces "\n</think>\n\n" only when the thinking budget runs out (a model's own </think> is sampled). */
  private isThinkEndForced(ids: readonly number[]): boolean {
    const forced = this.env.model.vocab.thinkEndForcedIds;
    return ids.length === forced.length && ids.every((id, i) => id === forced[i]);
  }

  /** What the lane's result says about its method: CGRS probes and suppression, the budget, NoWait's mask. */
  private methodSummary(): Pick<SingleRowOutcome, 'cgrs' | 'budget' | 'nowait'> {
    const p = this.params;
    if (p.method === 'cgrs') return { cgrs: this.summary() };
    if (p.method === 'budget') return { budget: { thinkingBudget: p.budget.thinkingTokens, forcedAt: this.budgetForcedAt } };
    if (p.method === 'nowait') return { nowait: this.row.suppression() };
    return {};
  }

  private summary(): CgrsSummary {
    const s = this.row.controller!.stats();
    return {
      checkpoints: s.history.map((h) => ({ position: h.traceLength, certainty: h.certainty, pSup: h.pSup })),
      suppressedSteps: s.suppressedSteps,
      triggersEmitted: s.triggersEmitted,
      triggersBlocked: s.triggersBlocked,
      thinkBudget: this.thinkBudget,
      budgetForcedAt: this.budgetForcedAt,
      probeMode: this.batched ? 'batched' : 'sequential',
      rollbacks: this.batched?.rollbacks ?? 0,
      rolledBackTokens: this.batched?.rolledBackTokens ?? 0,
    };
  }
}
