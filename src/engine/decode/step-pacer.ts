import type { EngineHost } from '../host';
import { CostSpacing } from './cost-spacing';
import type { RunEmitter } from './emitter';

/**
 * Yield to the event loop at least this far apart between decode steps: often enough that a Stop lands within
 * a few milliseconds, rarely enough that a loop of 1 ms steps does not pay a task hop per token.
 */
export const YIELD_EVERY_MS = 8;
/** However costly a yield is, a Stop waits at most about this long. */
export const MAX_YIELD_GAP_MS = 100;

/**
 * What a lane does between two forward steps, and nothing more: send the batched events when they are due
 * (the emitter's spacing), and yield to the event loop when the yield spacing has passed since the last
 * yield, so the cancel message can be handled. The spacing widens while yields are slow (CostSpacing), so the
 * loop costs little beyond its forwards.
 */
export class StepPacer {
  private lastYield: number;
  private readonly spacing: CostSpacing;

  constructor(private readonly host: EngineHost, private readonly emitter: RunEmitter, everyMs = YIELD_EVERY_MS) {
    this.lastYield = host.now();
    this.spacing = new CostSpacing(everyMs, Math.max(everyMs, MAX_YIELD_GAP_MS));
  }

  async step(): Promise<void> {
    this.emitter.maybeFlush();
    const now = this.host.now();
    if (now - this.lastYield < this.spacing.gapMs()) return;
    await this.host.yieldToEvents();
    this.lastYield = this.host.now();
    this.spacing.record(this.lastYield - now);
  }
}
