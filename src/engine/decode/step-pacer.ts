import type { EngineHost } from '../host';
import type { RunEmitter } from './emitter';

/**
 * Yield to the event loop at most this often between decode steps: often enough that a Stop lands within
 * a few milliseconds, rarely enough that a loop of 1 ms steps does not pay a task hop per token.
 */
export const YIELD_EVERY_MS = 8;

/**
 * What a lane does between two forward steps, and nothing more: send the batched events when they are due
 * (the emitter's time or token budget), and yield to the event loop when YIELD_EVERY_MS have passed since
 * the last yield, so the cancel message can be handled. The loop then costs little beyond its forwards.
 */
export class StepPacer {
  private lastYield: number;

  constructor(private readonly host: EngineHost, private readonly emitter: RunEmitter, private readonly everyMs = YIELD_EVERY_MS) {
    this.lastYield = host.now();
  }

  async step(): Promise<void> {
    this.emitter.maybeFlush();
    const now = this.host.now();
    if (now - this.lastYield < this.everyMs) return;
    await this.host.yieldToEvents();
    this.lastYield = this.host.now();
  }
}
