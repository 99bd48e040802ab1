import type { Candidates } from '../sampling/candidates';
import type { Sampler, StepInput } from '../sampling/sampler';

/**
 * NoWait (arXiv 2506.08343), the baseline the CGRS paper compares with: the reflection trigger ids are masked at
 * every step while the row is thinking — CGRS with p_suppress = 1 from the first token, without probes. A
 * `logits` stage like CgrsSuppressionStage, so the same Draw fields (masked, rawTop) report it.
 */
export class TriggerMaskStage implements Sampler {
  readonly name = 'nowait-mask';
  readonly kind = 'logits' as const;
  readonly needs = 'logits' as const;
  /** This step masked the triggers. */
  masked = false;
  /** The unmasked argmax below validTokens, on masked steps (blocked triggers are counted from it). */
  rawTop: number | undefined = undefined;

  /** `thinking` says whether the row is inside its think block now (the row's trace knows; forced tokens included). */
  constructor(
    private readonly triggerIds: Int32Array,
    private readonly validTokens: number,
    private readonly thinking: () => boolean,
  ) {}

  apply(c: Candidates, _step: StepInput): void {
    this.masked = this.triggerIds.length > 0 && this.thinking();
    this.rawTop = this.masked ? Math.max(0, c.rawArgmax(this.validTokens)) : undefined;
    if (this.masked) c.maskIds(this.triggerIds);
  }

  accept(): void {}

  reset(): void {
    this.masked = false;
    this.rawTop = undefined;
  }

  clone(): TriggerMaskStage {
    return new TriggerMaskStage(this.triggerIds, this.validTokens, this.thinking);
  }
}
