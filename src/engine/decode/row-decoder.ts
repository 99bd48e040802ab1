import type { CgrsController, CgrsDirective } from '../../core/cgrs/controller';
import { thinkingBudgetForce } from '../../core/budget/thinking-budget';
import { CgrsSuppressionStage } from '../../core/cgrs/suppression-stage';
import { TriggerMaskStage } from '../../core/nowait/trigger-mask-stage';
import type { RowRng } from '../../core/rng';
import type { RowSampler } from '../../core/sampling/row-sampler';
import { createRowSampler } from '../../core/sampling/row-sampler';
import { TokenStats } from '../../core/sampling/token-stats';
import type { SamplingParams } from '../../core/sampling/types';
import type { TokenAlternative, TokenRecord } from '../../protocol/run';
import type { LaneEnv } from './lane-env';
import { RowTrace } from './trace';

/** One sampled token and how it was drawn. */
export interface Draw {
  readonly token: number;
  /** Trace position it was sampled at (index of the `sample` / `suppress` draws). */
  readonly position: number;
  /** This step's suppression draw fired (CGRS trigger ids were masked). */
  readonly masked: boolean;
  /** The unmasked argmax, on masked steps only (counts blocked triggers). */
  readonly rawTop: number | undefined;
  /** Host time when the token was sampled. */
  readonly at: number;
  /** The distribution it was drawn from (RunRequest.tokenStats), else null. */
  readonly stats: DrawStats | null;
}

/** What TokenRecord says about a drawn token's distribution. */
type DrawStats = Pick<TokenRecord, 'p' | 'entropy' | 'top' | 'kept'>;
/** A committed token before its phase is final (see RowTrace.phaseList). */
type PendingRecord = Omit<TokenRecord, 'phase'>;

/** How a row decodes, beyond its RNG. */
export interface RowOptions {
  readonly sampling: SamplingParams;
  readonly maxNewTokens: number;
  /** CGRS: the controller (its suppression stage joins the chain) and the trigger ids it masks. */
  readonly controller?: CgrsController;
  /** CGRS or NoWait: the reflection trigger ids (blocked triggers are counted against them). */
  readonly triggerIds?: Int32Array;
  /** NoWait: mask the trigger ids at every thinking step. */
  readonly maskTriggersWhileThinking?: boolean;
  /** Budget forcing: thinking tokens before "\n</think>\n\n" is forced. */
  readonly thinkingBudget?: number;
}

/** The stage that masks reflection triggers on some steps (CGRS, NoWait), as the Draw reports it. */
type TriggerStage = CgrsSuppressionStage | TriggerMaskStage;

/**
 * One row of a lane: its RNG, its sampler chain (the CGRS controller, when the row has one, is the chain's
 * suppression stage) and its trace. Sampling (`draw`), the controller's decision (`accept`) and committing tokens to
 * the trace (`commit`, `force`) are separate so the batched probe can decide speculatively and commit later.
 * Committing streams the text and records token times and counts.
 */
export class RowDecoder {
  readonly trace: RowTrace;
  private readonly sampler: RowSampler;
  private readonly cgrs: CgrsSuppressionStage | null;
  private readonly triggerStage: TriggerStage | null;
  private readonly thinkingBudget: number | null;
  readonly maxNewTokens: number;
  private readonly eos: ReadonlySet<number>;
  private readonly triggers: ReadonlySet<number>;
  /** Refilled by the sampler on every draw when the run records token statistics. */
  private readonly stats: TokenStats | null;
  private readonly records: PendingRecord[] = [];
  /** Steps with the triggers masked, masked steps whose unmasked argmax was a trigger, triggers in the trace. */
  private readonly masks = { steps: 0, blocked: 0, emitted: 0 };

  constructor(
    private readonly env: LaneEnv,
    readonly row: number,
    readonly rng: RowRng,
    options: RowOptions,
  ) {
    const info = env.model.info;
    const triggerIds = options.triggerIds ?? new Int32Array(0);
    this.maxNewTokens = options.maxNewTokens;
    this.thinkingBudget = options.thinkingBudget ?? null;
    this.cgrs = options.controller ? new CgrsSuppressionStage(options.controller, info.tokenizerSize) : null;
    const think = { thinkStartId: info.thinkStartId ?? -1, thinkEndId: info.thinkEndId ?? -1 };
    this.trace = new RowTrace(think, env.startsInThinking, env.model.tokenizer);
    const noWait = options.maskTriggersWhileThinking ? new TriggerMaskStage(triggerIds, info.tokenizerSize, () => this.trace.phase === 'thinking') : null;
    this.triggerStage = this.cgrs ?? noWait;
    this.sampler = createRowSampler(options.sampling, {
      vocabSize: info.vocabSize,
      validTokens: info.tokenizerSize,
      plugins: this.triggerStage ? [this.triggerStage] : [],
      now: () => env.host.now(),
    });
    this.eos = new Set(info.eosIds);
    this.triggers = new Set(Array.from(triggerIds));
    this.stats = env.tokenStats ? new TokenStats() : null;
  }

  isEos(token: number): boolean {
    return this.eos.has(token);
  }

  /** The row's CGRS controller, or null; the batched probe replaces it with its snapshot. */
  get controller(): CgrsController | null {
    return this.cgrs?.controller ?? null;
  }

  set controller(ctl: CgrsController | null) {
    if (!this.cgrs || !ctl) throw new Error('only a CGRS row can swap its controller, and only for another one');
    this.cgrs.controller = ctl;
  }

  /** `ctl` of draw/accept must be the row's controller: the chain holds it (swap it with `controller =`). */
  private checkController(ctl: CgrsController | null): void {
    if (ctl !== this.controller) throw new Error("a row draws with its chain's controller; swap it with `row.controller = …` first");
  }

  /** Samples at `position`; a CGRS row's chain draws that position's suppression decision first. */
  draw(logits: Float32Array, position: number, ctl: CgrsController | null = this.controller): Draw {
    this.checkController(ctl);
    const { host, timing, hooks } = this.env;
    hooks.onLogits?.(this.row, position, logits);
    const token = this.sampler.next(logits, { rng: this.rng, position }, this.stats);
    if (!Number.isInteger(token) || token < 0 || token >= this.env.model.info.tokenizerSize) {
      throw new Error(`the sampler returned ${String(token)}, not a token id below ${this.env.model.info.tokenizerSize}`);
    }
    hooks.onToken?.(this.row, position, token);
    timing.samplerStep(this.sampler.chain.lastStepMs);
    const stats = this.stats ? this.drawStats(this.stats) : null;
    return { token, position, masked: this.triggerStage?.masked ?? false, rawTop: this.triggerStage?.rawTop, at: host.now(), stats };
  }

  private drawStats(s: TokenStats): DrawStats {
    const tokenizer = this.env.model.tokenizer;
    const top: TokenAlternative[] = [];
    for (let j = 0; j < s.topCount; j++) top.push({ id: s.topIds[j]!, text: tokenizer.tokenText(s.topIds[j]!), p: s.topProbs[j]! });
    return { p: s.p, entropy: s.entropy, top, kept: s.kept < 0 ? null : s.kept };
  }

  /**
   * The controller's directive for a drawn token. Other rows stop on EOS or at maxNewTokens; under budget forcing
   * a token that spends the last of the thinking budget is followed by the forced end of thinking.
   */
  accept(draw: Draw, ctl: CgrsController | null = this.controller): CgrsDirective {
    this.checkController(ctl);
    this.sampler.accept(draw.token);
    if (this.cgrs) return this.cgrs.directive!;
    const length = this.trace.length + 1;
    const done = this.eos.has(draw.token) ? 'eos' : length >= this.maxNewTokens ? 'length' : null;
    const force = done === null ? this.budgetForce(draw.token) : null;
    return { keep: true, steps: force ? [{ kind: 'force', ids: force, reason: 'think-end' }] : [], done };
  }

  /** Budget forcing: the forced end of thinking once `token` brings thinking to the budget (trace counts after it). */
  private budgetForce(token: number): readonly number[] | null {
    if (this.thinkingBudget === null) return null;
    const after = this.trace.countsAfter(token);
    return thinkingBudgetForce(after, this.thinkingBudget, this.env.model.vocab.thinkEndForcedIds);
  }

  /** Commits a drawn token the directive kept (or counts it as discarded) and reports suppression. */
  commit(draw: Draw, keep: boolean): void {
    const { emitter, lane, ledger, timing } = this.env;
    if (draw.masked) {
      const blockedTrigger = draw.rawTop !== undefined && this.triggers.has(draw.rawTop);
      this.masks.steps++;
      if (blockedTrigger) this.masks.blocked++;
      // CGRS suppression is occasional and worth a mark as it streams; NoWait masks every thinking step (records say so).
      if (this.cgrs) emitter.event({ type: 'suppressed', lane, row: this.row, position: draw.position, blockedTrigger });
    }
    if (keep && this.triggers.has(draw.token)) this.masks.emitted++;
    if (!keep) {
      ledger.addDropped(this.row, 1);
      return;
    }
    this.emit(this.trace.append([draw.token], false));
    timing.traceTokens(this.row, draw.at);
    if (draw.stats) this.records.push({ id: draw.token, text: this.env.model.tokenizer.tokenText(draw.token), forced: false, suppressed: draw.masked, ...draw.stats });
  }

  /** Appends tokens fed without sampling ("\n\n", "\n</think>\n\n"). */
  force(ids: readonly number[]): void {
    this.emit(this.trace.append(ids, true));
    this.env.timing.traceTokens(this.row, this.env.host.now(), ids.length);
    if (!this.stats) return;
    for (const id of ids) this.records.push({ id, text: this.env.model.tokenizer.tokenText(id), forced: true, suppressed: false, p: null, entropy: null, top: [], kept: null });
  }

  /** How the trigger mask went on this row's committed steps (NoWait's summary). */
  suppression(): { suppressedSteps: number; triggersBlocked: number; triggersEmitted: number } {
    return { suppressedSteps: this.masks.steps, triggersBlocked: this.masks.blocked, triggersEmitted: this.masks.emitted };
  }

  /** Every committed token with its distribution and final phase (empty unless the run records token statistics). */
  tokenRecords(): TokenRecord[] {
    const phases = this.trace.phaseList();
    return this.records.map((r, i) => ({ ...r, phase: phases[i] ?? 'answer' }));
  }

  private emit(runs: { phase: 'thinking' | 'answer'; text: string; count: number }[]): void {
    for (const r of runs) this.env.emitter.tokens(this.env.lane, this.row, r.phase, r.text, r.count);
  }

  /** Streams any text held back and records the final counts in the ledger. */
  close(): void {
    const rest = this.trace.rest();
    if (rest) this.env.emitter.tokens(this.env.lane, this.row, this.trace.phase === 'thinking' ? 'thinking' : 'answer', rest, 0);
    this.env.ledger.setTrace(this.row, this.trace.counts());
  }
}
