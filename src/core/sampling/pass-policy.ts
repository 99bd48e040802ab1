import type { NormaliseMode } from './candidates';

const DECAY = 0.8;
const SWITCH = 0.8;
const PROBE_EVERY = 16;

/**
 * Which softmax pass a row's next step starts with. The bounded pass pays off unless it keeps failing to decide
 * (flat distributions: a top-p cut tens of thousands of tokens deep), where it only adds its cost to the exact
 * pass's: starting bounded costs C_b + r·C_e at fallback rate r, against C_e, so it wins while r < 1 − C_b/C_e
 * (about 0.8 with the bounded pass near a fifth of the exact one). A row tracks its recent fallback rate (an
 * exponential average, 0.8 decay) and above 0.8 starts with the exact pass, trying the bounded one again every
 * 16th step. Both passes give the same tokens, so this changes timings only, never outputs.
 */
export class PassPolicy {
  private rate = 0;
  private step = 0;
  /** Steps that started with the exact pass. */
  exactSteps = 0;

  mode(): NormaliseMode {
    this.step++;
    if (this.rate > SWITCH && this.step % PROBE_EVERY !== 0) {
      this.exactSteps++;
      return 'exact';
    }
    return 'bounded';
  }

  /** Whether a step that started bounded had to run the exact pass as well. */
  record(fellBack: boolean): void {
    this.rate = DECAY * this.rate + (fellBack ? 1 - DECAY : 0);
  }
}
