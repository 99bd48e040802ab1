/**
 * CGRS controller: one pure state machine per row (spec §4.3–§4.8). It sees only the row's GENERATED
 * token ids, decides the per-step trigger mask, detects step boundaries, enforces the thinking budget and
 * tells the engine what to do next. No tensors, no tokenizer, no clock, no RNG of its own. Its state is the
 * explicit union `CgrsState` (idle / free / suppressing / probe-pending / done).
 *
 * In a row's sampler chain the controller sits in `CgrsSuppressionStage` (suppression-stage.ts), whose `apply`
 * is `maskForStep` and whose `accept` is `accept`. Unrolled, one row's loop (sequential probe, spec §4.8) is:
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
import type { PhaseCounts, TracePhase } from '../phase';
import { PhaseTracker } from '../phase';
import { BoundaryDetector } from './boundary';
import type { ProbePositionStats } from './certainty';
import { certainty, suppressionProbability } from './certainty';
import type { CgrsControllerConfig, CgrsDirective, CgrsState, CgrsStats, CgrsStep, ProbeOutcome } from './types';

export type { CgrsControllerConfig, CgrsDirective, CgrsState, CgrsStats, CgrsStep, ProbeOutcome } from './types';

type Counter = 'steps' | 'suppressedSteps' | 'checkpoints' | 'probes' | 'heldProbes' | 'triggersEmitted' | 'triggersBlocked' | 'eosDropped';

function checkConfig(c: CgrsControllerConfig): void {
  const fail = (what: string): never => { throw new RangeError(`CgrsController: ${what}`); };
  if (!Number.isInteger(c.maxNewTokens) || c.maxNewTokens < 1) fail(`maxNewTokens must be a positive integer (got ${c.maxNewTokens})`);
  if (c.forcedBoundaryIds.length === 0) fail('forcedBoundaryIds is empty');
  if (!c.forcedThinkEndIds.includes(c.thinkEndId)) fail('forcedThinkEndIds must contain thinkEndId');
  if (c.eosIds.length === 0) fail('eosIds is empty');
}

type ReadyState = Extract<CgrsState, { kind: 'idle' | 'free' | 'suppressing' }>;

function pSupOf(state: CgrsState): number {
  return state.kind === 'free' ? 0 : state.pSup;
}

export class CgrsController {
  readonly budget: number;
  private readonly triggers: Set<number>;
  private readonly eos: Set<number>;
  private tracker: PhaseTracker;
  private boundary: BoundaryDetector;
  private current: CgrsState;
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
    this.current = config.startsInThinking ? { kind: 'free' } : { kind: 'idle', pSup: 0, masked: false };
  }

  /** The state machine's state. */
  get state(): CgrsState {
    return this.current;
  }

  /** 'pre' | 'thinking' | 'answer', or 'done' once a directive ended the row. */
  get phase(): TracePhase | 'done' {
    return this.current.kind === 'done' ? 'done' : this.tracker.phase;
  }

  /** The suppression probability in force (set by the last probe; 0 before the first). */
  get pSup(): number {
    return pSupOf(this.current);
  }

  /** Checkpoint number of the probe awaiting `onProbe`, or null. */
  get pendingProbe(): number | null {
    return this.current.kind === 'probe-pending' ? this.current.checkpoint : null;
  }

  phaseCounts(): PhaseCounts {
    return this.tracker.counts();
  }

  private ready(what: string): ReadyState {
    const s = this.current;
    if (s.kind === 'done') throw new Error(`CgrsController.${what}: the row is done (${s.reason})`);
    if (s.kind === 'probe-pending') throw new Error(`CgrsController.${what}: probe ${s.checkpoint} is pending (call onProbe first)`);
    return s;
  }

  /** The state between steps for a given p_sup: it depends on whether the row is thinking. */
  private settle(pSup: number): void {
    if (this.tracker.phase !== 'thinking') this.current = { kind: 'idle', pSup, masked: false };
    else this.current = pSup > 0 ? { kind: 'suppressing', pSup, masked: false } : { kind: 'free' };
  }

  /** Draws this step's u (always) and returns the trigger ids to mask when u < p_sup, else null. */
  maskForStep(position: number, uniform: (position: number) => number): Int32Array | null {
    const s = this.ready('maskForStep');
    const u = uniform(position);
    if (!(u >= 0 && u < 1)) throw new RangeError(`CgrsController.maskForStep: uniform(${position}) = ${u} is not in [0, 1)`);
    this.counters.steps++;
    if (s.kind === 'free') return null;
    const masked = u < s.pSup;
    this.current = { ...s, masked };
    if (!masked) return null;
    this.counters.suppressedSteps++;
    return this.config.triggerIds;
  }

  /** Feeds the sampled token; `rawTopId` (the unmasked argmax) lets blocked triggers be counted. */
  accept(token: number, rawTopId?: number): CgrsDirective {
    const s = this.ready('accept');
    if (s.kind !== 'free' && s.masked && rawTopId !== undefined && this.triggers.has(rawTopId)) this.counters.triggersBlocked++;
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
    return this.seal(keep, steps, done, pSupOf(s));
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
  private seal(keep: boolean, planned: CgrsStep[], done: 'eos' | 'length' | null, pSup: number): CgrsDirective {
    const steps: CgrsStep[] = [];
    let armed: Extract<CgrsState, { kind: 'probe-pending' }> | null = null;
    for (const step of planned) {
      if (step.kind === 'force') {
        steps.push(step);
      } else if (done === null) {
        const checkpoint = this.counters.checkpoints++;
        armed = { kind: 'probe-pending', checkpoint, boundaryAt: step.traceLength, pSup };
        steps.push({ kind: 'probe', checkpoint, traceLength: step.traceLength });
      }
    }
    if (done !== null) this.current = { kind: 'done', reason: done, pSup };
    else if (armed) this.current = armed;
    else this.settle(pSup);
    return { keep, steps, done };
  }

  /** Probe result for the pending checkpoint: sets C and the p_sup held until the next checkpoint. */
  onProbe(stats: readonly ProbePositionStats[]): ProbeOutcome {
    const s = this.current;
    if (s.kind !== 'probe-pending') throw new Error('CgrsController.onProbe: no probe is pending');
    const { params, vocabSize } = this.config;
    const c = certainty(stats, { norm: params.certaintyNorm, topK: params.certaintyTopK, vocabSize });
    const pSup = suppressionProbability(c, params.delta);
    const outcome: ProbeOutcome = { checkpoint: s.checkpoint, traceLength: s.boundaryAt, certainty: c, pSup };
    this.history.push(outcome);
    this.counters.probes++;
    this.settle(pSup);
    return outcome;
  }

  /** Batched extension only: release the pending probe keeping the current p_sup (speculative decoding). */
  holdProbe(): void {
    const s = this.current;
    if (s.kind !== 'probe-pending') throw new Error('CgrsController.holdProbe: no probe is pending');
    this.counters.heldProbes++;
    this.settle(s.pSup);
  }

  stats(): CgrsStats {
    return {
      ...this.counters,
      forcedTokens: this.tracker.forcedTokens,
      thinkingBudget: this.budget,
      certainty: this.history.at(-1)?.certainty ?? 0,
      pSup: this.pSup,
      history: [...this.history],
    };
  }

  /** An independent copy sharing only the immutable config. */
  clone(): CgrsController {
    const copy = new CgrsController(this.config);
    copy.tracker = this.tracker.clone();
    copy.boundary = this.boundary.clone();
    copy.current = this.current; // states are never mutated, only replaced
    copy.counters = { ...this.counters };
    copy.history = [...this.history];
    return copy;
  }

  /** A controller in this one's initial state (a new generation with the same config). */
  fresh(): CgrsController {
    return new CgrsController(this.config);
  }
}
