import type { Candidates } from '../sampling/candidates';
import type { Sampler, StepInput } from '../sampling/sampler';
import type { CgrsController } from './controller';
import type { CgrsDirective } from './types';

/**
 * The CGRS suppression mask as a chain stage (architecture §3): a `logits` stage that draws this step's `suppress`
 * u through its controller and masks the trigger ids when u < p_sup, and whose `accept` feeds the sampled token to
 * the controller, keeping its directive for the engine. One per row; `clone` clones the controller.
 */
export class CgrsSuppressionStage implements Sampler {
  readonly name = 'cgrs-suppression';
  readonly kind = 'logits' as const;
  readonly needs = 'logits' as const;
  /** This step's draw masked the triggers. */
  masked = false;
  /** The unmasked argmax below validTokens, on masked steps (blocked triggers are counted from it). */
  rawTop: number | undefined = undefined;
  /** What the controller said about the last accepted token. */
  directive: CgrsDirective | null = null;

  /**
   * `controller` may be replaced between steps (the batched probe continues with its snapshot); `validTokens` is
   * the tokenizer's size.
   */
  constructor(
    public controller: CgrsController,
    private readonly validTokens: number,
  ) {}

  apply(c: Candidates, step: StepInput): void {
    const mask = this.controller.maskForStep(step.position, (p) => step.rng.uniform('suppress', p));
    this.masked = mask !== null;
    this.rawTop = mask ? Math.max(0, c.rawArgmax(this.validTokens)) : undefined;
    if (mask) c.maskIds(mask);
  }

  accept(token: number): void {
    this.directive = this.controller.accept(token, this.rawTop);
  }

  reset(): void {
    this.controller = this.controller.fresh();
    this.masked = false;
    this.rawTop = undefined;
    this.directive = null;
  }

  clone(): CgrsSuppressionStage {
    const copy = new CgrsSuppressionStage(this.controller.clone(), this.validTokens);
    copy.masked = this.masked;
    copy.rawTop = this.rawTop;
    copy.directive = this.directive;
    return copy;
  }
}
