import type { Phase, RunEvent } from '../../protocol/run';
import { CostSpacing } from './cost-spacing';

/** Default flush interval (≈ one animation frame) and token count that forces an early flush. */
export const DEFAULT_FLUSH_MS = 16;
export const FLUSH_EVERY_TOKENS = 64;
/** However costly posting is, the page hears from a run at least this often. */
export const MAX_FLUSH_GAP_MS = 200;

interface TokenRun {
  lane: string;
  row: number;
  phase: Phase;
  text: string;
  count: number;
}

/**
 * Batches run events for the UI (architecture §2): consecutive token events of one row and phase
 * merge into one, and the batch goes out when the gap since the last flush has passed (host clock) or
 * `everyTokens` tokens are waiting, whichever comes first; `flush()` sends the rest. The gap is `flushMs`,
 * widened while posting is slow so that posting stays within CHORE_SHARE of the run's time.
 * Event order is kept: a non-token event closes the open token runs before it.
 */
export class RunEmitter {
  private pending: (RunEvent | TokenRun)[] = [];
  /** Index in `pending` of the open (mergeable) token run per `lane\u0000row`. */
  private open = new Map<string, number>();
  private pendingTokens = 0;
  private lastFlush: number;
  private readonly spacing: CostSpacing;

  constructor(
    private readonly now: () => number,
    private readonly sink: (batch: RunEvent[]) => void,
    flushMs = DEFAULT_FLUSH_MS,
    private readonly everyTokens = FLUSH_EVERY_TOKENS,
  ) {
    this.lastFlush = now();
    this.spacing = new CostSpacing(flushMs, Math.max(flushMs, MAX_FLUSH_GAP_MS));
  }

  /** `count` trace tokens of one row whose completed text is `text` (may be '' while UTF-8 is incomplete). */
  tokens(lane: string, row: number, phase: Phase, text: string, count: number): void {
    if (count === 0 && text === '') return;
    const key = `${lane}\u0000${row}`;
    const at = this.open.get(key);
    const run = at === undefined ? undefined : (this.pending[at] as TokenRun);
    if (run && run.phase === phase) {
      run.text += text;
      run.count += count;
    } else {
      this.open.set(key, this.pending.length);
      this.pending.push({ lane, row, phase, text, count });
    }
    this.pendingTokens += count;
  }

  /** Any other event; it closes the open token runs so order is preserved. */
  event(e: RunEvent): void {
    this.open.clear();
    this.pending.push(e);
  }

  /** Flushes when the interval has passed or enough tokens are waiting. Call once per step. */
  maybeFlush(): void {
    if (this.pending.length === 0) return;
    if (this.pendingTokens >= this.everyTokens || this.now() - this.lastFlush >= this.spacing.gapMs()) this.flush();
  }

  flush(): void {
    const start = this.now();
    this.lastFlush = start;
    if (this.pending.length === 0) return;
    const batch: RunEvent[] = this.pending.map((e) =>
      'type' in e ? e : { type: 'tokens', lane: e.lane, row: e.row, text: e.text, count: e.count, phase: e.phase },
    );
    this.pending = [];
    this.open.clear();
    this.pendingTokens = 0;
    this.sink(batch);
    this.lastFlush = this.now();
    this.spacing.record(this.lastFlush - start);
  }
}
