import type { Candidates, NormaliseMode } from './candidates';
import { NEEDS_RANK, type Sampler, type StageKind, type StageNeeds, type StepInput } from './sampler';

export type { Sampler, StageNeeds, StepInput } from './sampler';

/** Time spent in one stage (the softmax pass is a stage of its own here), summed since the last reset. */
export interface StageTiming {
  name: string;
  calls: number;
  ms: number;
}

export interface ChainOptions {
  /** A clock in ms (injected: core reads none). With it the chain times every stage and every step. */
  now?: () => number;
}

const ORDER: Record<StageKind, number> = { logits: 0, filter: 1, selector: 2, observer: -1 };

/**
 * A row sampler chain in the style of llama.cpp's `llama_sampler_chain`: itself a Sampler; its stages mutate one
 * shared candidate buffer in place, exactly one selector picks the token, `accept` reaches every stage.
 *
 * Step order of one row, one token (spec §1.1; this is the only place it is written down):
 * 1. logits in: the engine's Float32 row, read only (`Candidates.beginRow`);
 * 2. logit stages in order: CGRS suppression (this step's draw may mask the trigger ids), token-mask (ids ≥ the
 *    tokenizer's size, then the step's `mask` → −∞, on a private copy), temperature (z = l/T; greedy uses T = 1
 *    only to report the entropy);
 * 3. softmax over the vocabulary with H(p) (`Candidates.normalise`, spec §1.2), run before the first stage that
 *    reads probabilities: exact, or bounded (exact head, certified bounds on Z and H(p); bounded-pass.ts) when
 *    the row asked for it and no stage needs exact totals; greedy alone skips it;
 * 4. filters in the fixed order Top-H → top-k → top-p → min-p, each on the survivors of the one before,
 *    renormalised;
 * 5. one selector: `greedy` (argmax of the masked logits, ties → lowest id, no randomness) or `dist` (seeded draw
 *    from the row's stream, walking S in canonical order, spec §1.4);
 * then the caller `accept`s the token it takes: stateful stages (CGRS controller, phase tracker) advance.
 */
export class SamplerChain implements Sampler {
  readonly name = 'chain';
  readonly kind = 'selector';
  readonly stages: readonly Sampler[];
  /** The most any stage reads (see StageNeeds). */
  readonly needs: StageNeeds;
  /** Wall time of the last `apply` in ms (0 without a clock): the metrics' "sampler ms per step". */
  lastStepMs = 0;
  private readonly options: ChainOptions;
  private readonly stageMs: Float64Array;
  private readonly stageCalls: Int32Array;
  private softmaxMs = 0;
  private softmaxCalls = 0;

  constructor(stages: readonly Sampler[], options: ChainOptions = {}) {
    let rank = 0;
    for (const s of stages) {
      const r = ORDER[s.kind];
      if (r < 0) continue;
      if (r < rank || (r === 2 && rank === 2)) throw new Error(`chain order: '${s.name}' (${s.kind}) cannot follow a later stage`);
      rank = r;
    }
    if (stages.filter((s) => s.kind === 'selector').length !== 1) throw new Error('a chain needs exactly one selector');
    this.stages = stages;
    this.options = options;
    this.needs = stages.reduce<StageNeeds>((most, s) => (NEEDS_RANK[s.needs] > NEEDS_RANK[most] ? s.needs : most), 'logits');
    this.stageMs = new Float64Array(stages.length);
    this.stageCalls = new Int32Array(stages.length);
  }

  /** Runs every stage on a buffer that `beginRow` loaded; the token is then `c.selected`. */
  apply(c: Candidates, step: StepInput): void {
    const now = this.options.now;
    const t0 = now ? now() : 0;
    if (this.needs === 'exact') c.requireExact();
    else if (this.needs !== 'entropy') c.skipEntropy();
    for (let i = 0; i < this.stages.length; i++) {
      const s = this.stages[i]!;
      if (s.needs !== 'logits' && !c.isNormalised) this.normalise(c);
      if (now) {
        const t = now();
        s.apply(c, step);
        this.stageMs[i]! += now() - t;
        this.stageCalls[i]!++;
      } else {
        s.apply(c, step);
      }
    }
    if (now) this.lastStepMs = now() - t0;
  }

  private normalise(c: Candidates): void {
    const now = this.options.now;
    if (!now) return c.normalise();
    const t = now();
    c.normalise();
    this.softmaxMs += now() - t;
    this.softmaxCalls++;
  }

  /** Loads `logits` and runs the chain; returns the selected token. `mode`: see Candidates.beginRow. */
  sample(c: Candidates, logits: Float32Array, step: StepInput, mode: NormaliseMode = 'exact'): number {
    c.beginRow(logits, mode);
    this.apply(c, step);
    return c.selected;
  }

  accept(token: number): void {
    for (const s of this.stages) s.accept(token);
  }

  reset(): void {
    for (const s of this.stages) s.reset();
  }

  /** An independent chain: stateful stages cloned, timings not carried over. */
  clone(): SamplerChain {
    return new SamplerChain(this.stages.map((s) => s.clone()), this.options);
  }

  /** Stage names in run order, e.g. ['token-mask', 'temperature', 'top-p', 'dist']. */
  describe(): string[] {
    return this.stages.map((s) => s.name);
  }

  /** The first stage with this name, for callers that read a stateful stage (e.g. 'cgrs-suppression'). */
  find(name: string): Sampler | undefined {
    return this.stages.find((s) => s.name === name);
  }

  /** Per-stage time since the last reset, softmax first (requires a clock). */
  timings(): StageTiming[] {
    const out: StageTiming[] = [{ name: 'softmax', calls: this.softmaxCalls, ms: this.softmaxMs }];
    this.stages.forEach((s, i) => out.push({ name: s.name, calls: this.stageCalls[i]!, ms: this.stageMs[i]! }));
    return out;
  }

  resetTimings(): void {
    this.stageMs.fill(0);
    this.stageCalls.fill(0);
    this.softmaxMs = 0;
    this.softmaxCalls = 0;
  }
}
