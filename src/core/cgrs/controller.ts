/**
 * CGRS controller: one pure state machine per row (spec §4.3–§4.8). It sees only the row's GENERATED
 * token ids, decides the per-step trigger mask, detects step boundaries, enforces the thinking budget and
 * tells the engine what to do next. No tensors, no tokenizer, no clock, no RNG of its own.
 *
 * Engine loop for one row (sequential probe, spec §4.8):
 * ```
 * while (!done) {
 *   const mask = ctl.maskForStep(position, (pos) => rng.uniform('suppress', pos));   // Int32Array | null
 *   const token = sample(logits, mask);
 *   const d = ctl.accept(token, rawArgmax);
 *   if (d.keep) append(token);                       // false only for EOS during thinking: drop it, count it discarded
 *   for (const step of d.steps) {
 *     if (step.kind === 'force') append(...step.ids); // fed without sampling, counted as forced
 *     else ctl.onProbe(await probe(fork(cache), step.checkpoint));   // fork includes everything appended so far
 *   }
 *   done = d.done !== null;
 * }
 * ```
 * `position` is the index of the token about to be sampled in the trace (the `suppress` stream's counter).
 * A `u` is drawn at every step, also when p_sup = 0, so draws are counter-based and replayable.
 *
 * Batched probe (spec §4.10, project extension; the engine drives it): at a probe step take
 * `snapshot = ctl.clone()`, call `ctl.holdProbe()` and keep decoding speculatively with the old p_sup.
 * When the probe row finishes: `const { pSup } = snapshot.onProbe(stats)`; `s = firstDisagreement(draws,
 * pOld, pSup)` over the speculative steps' `suppress` draws (recomputable: counter-based); roll the row back
 * to step s (none when -1), replay the kept tokens into `snapshot` with `maskForStep` + `accept` (same draws,
 * same decisions) and continue with `snapshot`.
 */
import type { CgrsParams } from '../methods/params';
import type { PhaseCounts, TracePhase } from '../phase';
import { PhaseTracker } from '../phase';
import { BoundaryDetector } from './boundary';
import type { ProbePositionStats } from './certainty';
import { certainty, suppressionProbability } from './certainty';

export interface CgrsControllerConfig {
  params: CgrsParams;
  maxNewTokens: number;
  /** Model config vocabulary size |V| ('vocab' certainty). */
  vocabSize: number;
  /** Single-token trigger ids (spec §4.2), resolved by the engine at load. */
  triggerIds: Int32Array;
  thinkStartId: number;
  thinkEndId: number;
  eosIds: readonly number[];
  /** Encoding of "\n\n", forced at a budget cut or after a dropped EOS. */
  forcedBoundaryIds: readonly number[];
  /** Encoding of "\n</think>\n\n"; must contain thinkEndId. */
  forcedThinkEndIds: readonly number[];
  /** Decoded text of one token (boundary detection). */
  tokenText: (id: number) => string;
  /** The prompt left a think block open (`promptOpensThinking`). */
  startsInThinking: boolean;
}

export type CgrsStep =
  /** Append and feed `ids` without sampling; they are already counted as forced trace tokens. */
  | { kind: 'force'; ids: readonly number[]; reason: 'boundary' | 'think-end' }
  /** Run a probe on a fork of the row's cache as it stands now, then call `onProbe`. */
  | { kind: 'probe'; checkpoint: number; traceLength: number };

export interface CgrsDirective {
  /** Append/feed the sampled token. false only for EOS during thinking (spec §4.7: not fed). */
  keep: boolean;
  /** To perform in order before the next sampling step. */
  steps: readonly CgrsStep[];
  /** The row is finished once the steps are done: 'eos' (EOS outside thinking) or 'length' (maxNewTokens). */
  done: 'eos' | 'length' | null;
}

export interface ProbeOutcome {
  checkpoint: number;
  /** Trace length at the checkpoint (the probe's fork point). */
  traceLength: number;
  certainty: number;
  pSup: number;
}

export interface CgrsStats {
  /** maskForStep calls (= sampling steps of the row). */
  steps: number;
  /** Steps whose suppression draw fired (trigger ids masked). */
  suppressedSteps: number;
  /** Probes requested (a probe is not requested when the row ends in the same directive). */
  checkpoints: number;
  /** Probes whose stats came back (`onProbe`). */
  probes: number;
  /** Probes resolved speculatively with `holdProbe` (batched extension). */
  heldProbes: number;
  /** Sampled tokens that are trigger ids (possible only on unmasked steps). */
  triggersEmitted: number;
  /** Masked steps where the unmasked argmax (`rawTopId`) was a trigger: reflections the mask removed. */
  triggersBlocked: number;
  /** Forced trace tokens ("\n\n", "\n</think>\n\n"). */
  forcedTokens: number;
  /** EOS tokens sampled during thinking and dropped (spec §4.7); the engine counts them as discarded. */
  eosDropped: number;
  /** floor(maxNewTokens · thinkRatio). */
  thinkingBudget: number;
  certainty: number;
  pSup: number;
  history: readonly ProbeOutcome[];
}

type Counter = 'steps' | 'suppressedSteps' | 'checkpoints' | 'probes' | 'heldProbes' | 'triggersEmitted' | 'triggersBlocked' | 'eosDropped';

function checkConfig(c: CgrsControllerConfig): void {
  const fail = (what: string): never => { throw new RangeError(`CgrsController: ${what}`); };
  if (!Number.isInteger(c.maxNewTokens) || c.maxNewTokens < 1) fail(`maxNewTokens must be a positive integer (got ${c.maxNewTokens})`);
  if (c.forcedBoundaryIds.length === 0) fail('forcedBoundaryIds is empty');
  if (!c.forcedThinkEndIds.includes(c.thinkEndId)) fail('forcedThinkEndIds must contain thinkEndId');
  if (c.eosIds.length === 0) fail('eosIds is empty');
}

export class CgrsController {
  readonly budget: number;
  private readonly triggers: Set<number>;
  private readonly eos: Set<number>;
  private tracker: PhaseTracker;
  private boundary: BoundaryDetector;
  private pSupValue = 0;
  private certaintyValue = 0;
  private pending: { checkpoint: number; traceLength: number } | null = null;
  private finished: 'eos' | 'length' | null = null;
  private lastMasked = false;
  private counters: Record<Counter, number> = {
    steps: 0, suppressedSteps: 0, checkpoints: 0, probes: 0, heldProbes: 0, triggersEmitted: 0, triggersBlocked: 0, eosDropped: 0,
  };
  private history: ProbeOutcome[] = [];

  constructor(private readonly config: CgrsControllerConfig) {
    checkConfig(config);
    this.budget = Math.floor(config.maxNewTokens * config.params.thinkRatio);
    this.triggers = new Set(config.triggerIds);
    this.eos = new Set(config.eosIds);
    this.tracker = new PhaseTracker(config, config.startsInThinking);
    this.boundary = new BoundaryDetector(config.tokenText);
  }

  /** 'pre' | 'thinking' | 'answer', or 'done' once a directive ended the row. */
  get phase(): TracePhase | 'done' {
    return this.finished ? 'done' : this.tracker.phase;
  }

  get pSup(): number {
    return this.pSupValue;
  }

  /** Checkpoint number of the probe awaiting `onProbe`, or null. */
  get pendingProbe(): number | null {
    return this.pending?.checkpoint ?? null;
  }

  phaseCounts(): PhaseCounts {
    return this.tracker.counts();
  }

  private ready(what: string): void {
    if (this.finished) throw new Error(`CgrsController.${what}: the row is done (${this.finished})`);
    if (this.pending) throw new Error(`CgrsController.${what}: probe ${this.pending.checkpoint} is pending (call onProbe first)`);
  }

  /** Draws this step's u (always) and returns the trigger ids to mask when u < p_sup, else null. */
  maskForStep(position: number, uniform: (position: number) => number): Int32Array | null {
    this.ready('maskForStep');
    const u = uniform(position);
    if (!(u >= 0 && u < 1)) throw new RangeError(`CgrsController.maskForStep: uniform(${position}) = ${u} is not in [0, 1)`);
    this.counters.steps++;
    this.lastMasked = u < this.pSupValue;
    if (!this.lastMasked) return null;
    this.counters.suppressedSteps++;
    return this.config.triggerIds;
  }

  /** Feeds the sampled token; `rawTopId` (the unmasked argmax) lets blocked triggers be counted. */
  accept(token: number, rawTopId?: number): CgrsDirective {
    this.ready('accept');
    if (this.lastMasked && rawTopId !== undefined && this.triggers.has(rawTopId)) this.counters.triggersBlocked++;
    this.lastMasked = false;
    if (this.triggers.has(token)) this.counters.triggersEmitted++;
    const steps: CgrsStep[] = [];
    let keep = true;
    let done: 'eos' | 'length' | null = null;
    if (this.tracker.phase === 'thinking') {
      keep = this.acceptThinking(token, steps);
    } else {
      if (this.tracker.accept(token) === 'thinking') this.boundary.reset(); // <think> opened a block: chunk starts
      if (this.eos.has(token)) done = 'eos';
    }
    if (done === null && this.tracker.traceTokens >= this.config.maxNewTokens) done = 'length';
    return this.seal(keep, steps, done);
  }

  private acceptThinking(token: number, steps: CgrsStep[]): boolean {
    if (token === this.config.thinkEndId) {
      this.tracker.accept(token); // the model closed its thinking: keep it, no probe (spec §4.7)
      return true;
    }
    if (this.eos.has(token)) {
      this.counters.eosDropped++; // EOS during thinking is not fed: force "\n\n" and checkpoint (spec §4.7)
      this.force(steps, this.config.forcedBoundaryIds, 'boundary');
      this.checkpoint(steps);
      this.enforceBudget(steps, true);
      return false;
    }
    this.tracker.accept(token);
    const atBoundary = this.boundary.push(token);
    if (atBoundary) this.checkpoint(steps);
    this.enforceBudget(steps, atBoundary);
    return true;
  }

  /** Budget exhausted: checkpoint unless this step already did, then close the think block (spec §4.7). */
  private enforceBudget(steps: CgrsStep[], checkpointed: boolean): void {
    if (this.tracker.phase !== 'thinking' || this.tracker.thinkingTokens < this.budget) return;
    if (!checkpointed) {
      this.force(steps, this.config.forcedBoundaryIds, 'boundary');
      this.checkpoint(steps);
    }
    this.force(steps, this.config.forcedThinkEndIds, 'think-end');
  }

  private force(steps: CgrsStep[], ids: readonly number[], reason: 'boundary' | 'think-end'): void {
    for (const id of ids) this.tracker.accept(id, true);
    steps.push({ kind: 'force', ids, reason });
  }

  private checkpoint(steps: CgrsStep[]): void {
    this.boundary.reset();
    steps.push({ kind: 'probe', checkpoint: -1, traceLength: this.tracker.traceTokens });
  }

  /** Numbers the probe (if any) and arms it; a row ending in this directive skips its probe (nothing follows). */
  private seal(keep: boolean, planned: CgrsStep[], done: 'eos' | 'length' | null): CgrsDirective {
    this.finished = done;
    const steps: CgrsStep[] = [];
    for (const step of planned) {
      if (step.kind === 'force') {
        steps.push(step);
      } else if (done === null) {
        const armed = { kind: 'probe' as const, checkpoint: this.counters.checkpoints++, traceLength: step.traceLength };
        this.pending = { checkpoint: armed.checkpoint, traceLength: armed.traceLength };
        steps.push(armed);
      }
    }
    return { keep, steps, done };
  }

  /** Probe result for the pending checkpoint: sets C and the p_sup held until the next checkpoint. */
  onProbe(stats: readonly ProbePositionStats[]): ProbeOutcome {
    if (!this.pending) throw new Error('CgrsController.onProbe: no probe is pending');
    const { params, vocabSize } = this.config;
    this.certaintyValue = certainty(stats, { norm: params.certaintyNorm, topK: params.certaintyTopK, vocabSize });
    this.pSupValue = suppressionProbability(this.certaintyValue, params.delta);
    const outcome: ProbeOutcome = { ...this.pending, certainty: this.certaintyValue, pSup: this.pSupValue };
    this.history.push(outcome);
    this.counters.probes++;
    this.pending = null;
    return outcome;
  }

  /** Batched extension only: release the pending probe keeping the current p_sup (speculative decoding). */
  holdProbe(): void {
    if (!this.pending) throw new Error('CgrsController.holdProbe: no probe is pending');
    this.counters.heldProbes++;
    this.pending = null;
  }

  stats(): CgrsStats {
    return {
      ...this.counters,
      forcedTokens: this.tracker.forcedTokens,
      thinkingBudget: this.budget,
      certainty: this.certaintyValue,
      pSup: this.pSupValue,
      history: [...this.history],
    };
  }

  /** An independent copy sharing only the immutable config. */
  clone(): CgrsController {
    const copy = new CgrsController(this.config);
    copy.tracker = this.tracker.clone();
    copy.boundary = this.boundary.clone();
    copy.pSupValue = this.pSupValue;
    copy.certaintyValue = this.certaintyValue;
    copy.pending = this.pending && { ...this.pending };
    copy.finished = this.finished;
    copy.lastMasked = this.lastMasked;
    copy.counters = { ...this.counters };
    copy.history = [...this.history];
    return copy;
  }
}
