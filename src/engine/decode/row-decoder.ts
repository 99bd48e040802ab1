import type { CgrsController, CgrsDirective } from '../../core/cgrs/controller';
import type { RowRng } from '../../core/rng';
import type { RowSampler } from '../../core/sampling/row-sampler';
import { createRowSampler } from '../../core/sampling/row-sampler';
import type { SamplingParams } from '../../core/sampling/types';
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
}

/** Lowest id with the largest logit among the tokenizer's ids. */
function argmax(logits: Float32Array, valid: number): number {
  let best = 0;
  for (let i = 1; i < valid; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * One row of a lane: its RNG, sampler, optional CGRS controller and trace. Sampling (`draw`),
 * the controller's decision (`accept`) and committing tokens to the trace (`commit`, `force`) are
 * separate so the batched probe can decide speculatively and commit later. Committing streams the
 * text and records token times and counts.
 */
export class RowDecoder {
  readonly trace: RowTrace;
  private readonly sampler: RowSampler;
  private readonly eos: ReadonlySet<number>;
  private readonly triggers: ReadonlySet<number>;

  constructor(
    private readonly env: LaneEnv,
    readonly row: number,
    readonly rng: RowRng,
    sampling: SamplingParams,
    readonly maxNewTokens: number,
    /** The row's CGRS controller (the batched probe swaps in its snapshot), or null. */
    public controller: CgrsController | null,
    triggerIds: ArrayLike<number> = [],
  ) {
    const info = env.model.info;
    this.sampler = createRowSampler(sampling, { vocabSize: info.vocabSize, validTokens: info.tokenizerSize });
    this.eos = new Set(info.eosIds);
    this.triggers = new Set(Array.from(triggerIds));
    const think = { thinkStartId: info.thinkStartId ?? -1, thinkEndId: info.thinkEndId ?? -1 };
    this.trace = new RowTrace(think, env.startsInThinking, env.model.tokenizer);
  }

  isEos(token: number): boolean {
    return this.eos.has(token);
  }

  /** Samples at `position` with `ctl`'s suppression decision for that position. */
  draw(logits: Float32Array, position: number, ctl: CgrsController | null = this.controller): Draw {
    const { host, timing, hooks } = this.env;
    hooks.onLogits?.(this.row, position, logits);
    const t = host.now();
    const mask = ctl ? ctl.maskForStep(position, (p) => this.rng.uniform('suppress', p)) : null;
    const token = this.sampler.next(logits, { rng: this.rng, position, mask });
    if (!Number.isInteger(token) || token < 0 || token >= this.env.model.info.tokenizerSize) {
      throw new Error(`the sampler returned ${String(token)}, not a token id below ${this.env.model.info.tokenizerSize}`);
    }
    hooks.onToken?.(this.row, position, token);
    const rawTop = mask ? argmax(logits, this.env.model.info.tokenizerSize) : undefined;
    const at = host.now();
    timing.samplerStep(at - t);
    return { token, position, masked: mask !== null, rawTop, at };
  }

  /** The controller's directive for a drawn token (plain rows: stop on EOS or at maxNewTokens). */
  accept(draw: Draw, ctl: CgrsController | null = this.controller): CgrsDirective {
    if (ctl) return ctl.accept(draw.token, draw.rawTop);
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
  }

  /** Appends tokens fed without sampling ("\n\n", "\n</think>\n\n"). */
  force(ids: readonly number[]): void {
    this.emit(this.trace.append(ids, true));
    this.env.timing.traceTokens(this.row, this.env.host.now(), ids.length);
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
