import type { CgrsController, CgrsDirective } from '../../core/cgrs/controller';
import { CgrsSuppressionStage } from '../../core/cgrs/suppression-stage';
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
  private readonly eos: ReadonlySet<number>;
  private readonly triggers: ReadonlySet<number>;
  /** Refilled by the sampler on every draw when the run records token statistics. */
  private readonly stats: TokenStats | null;
  private readonly records: PendingRecord[] = [];

  constructor(
    private readonly env: LaneEnv,
    readonly row: number,
    readonly rng: RowRng,
    sampling: SamplingParams,
    readonly maxNewTokens: number,
    controller: CgrsController | null,
    triggerIds: ArrayLike<number> = [],
  ) {
    const info = env.model.info;
    this.cgrs = controller ? new CgrsSuppressionStage(controller, info.tokenizerSize) : null;
    this.sampler = createRowSampler(sampling, {
      vocabSize: info.vocabSize,
      validTokens: info.tokenizerSize,
      plugins: this.cgrs ? [this.cgrs] : [],
      now: () => env.host.now(),
    });
    this.eos = new Set(info.eosIds);
    this.triggers = new Set(Array.from(triggerIds));
    const think = { thinkStartId: info.thinkStartId ?? -1, thinkEndId: info.thinkEndId ?? -1 };
    this.trace = new RowTrace(think, env.startsInThinking, env.model.tokenizer);
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
    return { token, position, masked: this.cgrs?.masked ?? false, rawTop: this.cgrs?.rawTop, at: host.now(), stats };
  }

  private drawStats(s: TokenStats): DrawStats {
    const tokenizer = this.env.model.tokenizer;
    const top: TokenAlternative[] = [];
    for (let j = 0; j < s.topCount; j++) top.push({ id: s.topIds[j]!, text: tokenizer.tokenText(s.topIds[j]!), p: s.topProbs[j]! });
    return { p: s.p, entropy: s.entropy, top, kept: s.kept < 0 ? null : s.kept };
  }

  /** The controller's directive for a drawn token (plain rows: stop on EOS or at maxNewTokens). */
  accept(draw: Draw, ctl: CgrsController | null = this.controller): CgrsDirective {
    this.checkController(ctl);
    this.sampler.accept(draw.token);
    if (this.cgrs) return this.cgrs.directive!;
    const length = this.trace.length + 1;
    const done = this.eos.has(draw.token) ? 'eos' : length >= this.maxNewTokens ? 'length' : null;
    return { keep: true, steps: [], done };
  }

  /** Commits a drawn token the directive kept (or counts it as discarded) and reports suppression. */
  commit(draw: Draw, keep: boolean): void {
    const { emitter, lane, ledger, timing } = this.env;
    if (draw.masked) {
      const blockedTrigger = draw.rawTop !== undefined && this.triggers.has(draw.rawTop);
      emitter.event({ type: 'suppressed', lane, row: this.row, position: draw.position, blockedTrigger });
    }
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
