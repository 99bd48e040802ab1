/**
 * Collects items (streamed RunEvents, load progress) and hands them over once per animation frame,
 * so the DOM updates at most once per frame however fast the worker sends. A timer backs up rAF,
 * which browsers pause in background tabs.
 */
export class FrameBatcher<T> {
  private queue: T[] = [];
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly flushTo: (items: T[]) => void, private readonly fallbackMs = 250) {}

  push(items: readonly T[]): void {
    for (const item of items) this.queue.push(item);
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.flush());
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.fallbackMs);
  }

  /** Delivers everything queued now (e.g. before the run's final result is applied). */
  flush(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    if (this.queue.length === 0) return;
    const items = this.queue;
    this.queue = [];
    this.flushTo(items);
  }
}
