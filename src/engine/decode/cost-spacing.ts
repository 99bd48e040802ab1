/**
 * The share of a decode loop's time that its own chores (posting events to the page, yielding to the event
 * loop) may take. Posting a message or hopping a task costs ~0.05 ms on an idle machine but 1–3 ms on a
 * busy 2-core one (measured with tools/bench-browser.ts --loop); a fixed interval would then cost 10 % and more.
 */
export const CHORE_SHARE = 0.02;

/**
 * Spacing for one recurring chore: at least `minGapMs` apart (the UI's frame, the cancel latency), and far
 * enough apart that its measured cost stays within `share` of the time between two of them, but never more
 * than `maxGapMs`. The cost is a moving average of the last measurements.
 */
export class CostSpacing {
  private cost = 0;

  constructor(
    private readonly minGapMs: number,
    private readonly maxGapMs: number,
    private readonly share = CHORE_SHARE,
  ) {}

  /** The chore just took `ms`. */
  record(ms: number): void {
    if (!(ms >= 0)) return;
    this.cost = this.cost === 0 ? ms : 0.75 * this.cost + 0.25 * ms;
  }

  /** Time to leave between the end of one chore and the start of the next. */
  gapMs(): number {
    return Math.min(this.maxGapMs, Math.max(this.minGapMs, this.cost / this.share));
  }
}
