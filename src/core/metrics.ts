/**
 * Run metrics from INJECTED timestamps (milliseconds from the host's clock, e.g. `performance.now()` in
 * the worker): core never reads a clock. The engine reports events as they happen; `summarizeRun` turns
 * them, with the token ledger, into the quantities of spec §7. Warm-up forwards are simply not reported.
 *
 * Rates that cannot be measured (nothing to divide, or a zero time span) are `null`, never 0: a 0 would
 * read as a stall. In particular a trace of one token has no decode rate.
 */
import type { RowsCounted, TokenCounts, TokenLedger } from './ledger';

/** Sampler CPU time per row per step (spec §1.1 stages 2–6). */
export interface SamplerStepStats {
  mean: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
  samples: number;
}

export interface RunMetrics {
  /** Token counts (spec §7); see `TokenCounts`. */
  tokens: TokenCounts;
  /** Request received → first trace token sampled (any row); includes tokenisation and prefill. null: no token. */
  ttftMs: number | null;
  /** Prefilled tokens / prefill forward time (s); prefilled = prompt tokens, or n·P when n rows were prefilled. */
  prefillTokensPerSecond: number | null;
  /** Shown row: trace tokens after its first / (its last-token time − its first-token time) (s); probes and forced tokens included. */
  decodeTokensPerSecond: number | null;
  /** Request received → final result; probes and forced tokens included. */
  wallMs: number;
  /** Raw step rate: decode forward steps / time inside those forwards (s); probe forwards excluded. */
  rawStepsPerSecond: number | null;
  /** n > 1 only: Σ over rows of trace tokens after each row's first / (last token of any row − first token of any row) (s). */
  aggregateTokensPerSecond: number | null;
  /** Sampler ms per row per step; null when none was reported. */
  samplerMsPerStep: SamplerStepStats | null;
  /** Time inside prefill forwards. */
  prefillMs: number;
  /** Time inside decode forwards (main batch only). */
  decodeForwardMs: number;
  /** Decode forward steps (main batch only). */
  forwardSteps: number;
  /** Wall time of all CGRS probes (fork, suffix prefill, probe decode, release). */
  probeMs: number;
  probes: number;
  /** Row whose trace the per-row quantities describe. */
  resultRow: number;
}

interface RowTiming {
  first: number;
  last: number;
  count: number;
}

function span(startMs: number, endMs: number, what: string): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new RangeError(`TimingRecorder.${what}: need finite start ≤ end (got ${startMs}, ${endMs})`);
  }
  return endMs - startMs;
}

/** tokens / ms as tokens per second, or null when not measurable. */
function perSecond(count: number, ms: number): number | null {
  return count > 0 && ms > 0 ? (count * 1000) / ms : null;
}

/** Nearest-rank p95 of unsorted samples. */
export function percentile95(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('percentile95: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}

export class TimingRecorder {
  private requestAt: number | null = null;
  private finishedAt: number | null = null;
  private prefillTokens = 0;
  private prefillMs = 0;
  private forwardSteps = 0;
  private forwardMs = 0;
  private probeMs = 0;
  private probes = 0;
  private readonly sampler: number[] = [];
  private readonly rows: (RowTiming | null)[];

  constructor(rowCount = 1) {
    if (!Number.isInteger(rowCount) || rowCount < 1) throw new RangeError(`TimingRecorder: rowCount must be a positive integer (got ${rowCount})`);
    this.rows = new Array<RowTiming | null>(rowCount).fill(null);
  }

  /** The worker received the request (start of TTFT and wall time). */
  requestReceived(tMs: number): void {
    this.requestAt = tMs;
  }

  /** One prefill forward over `tokens` prompt positions (all rows, if n rows were prefilled). */
  prefill(startMs: number, endMs: number, tokens: number): void {
    this.prefillMs += span(startMs, endMs, 'prefill');
    this.prefillTokens += tokens;
  }

  /** One main decode forward step of the batch. */
  decodeForward(startMs: number, endMs: number): void {
    this.forwardMs += span(startMs, endMs, 'decodeForward');
    this.forwardSteps++;
  }

  /** `count` tokens appended to `row`'s trace at `tMs` (one sampled token, or a forced group). */
  traceTokens(row: number, tMs: number, count = 1): void {
    if (row < 0 || row >= this.rows.length) throw new RangeError(`TimingRecorder.traceTokens: no row ${row}`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`TimingRecorder.traceTokens: count must be a positive integer (got ${count})`);
    const r = this.rows[row];
    if (!r) {
      this.rows[row] = { first: tMs, last: tMs, count };
      return;
    }
    if (!(tMs >= r.last)) throw new RangeError(`TimingRecorder.traceTokens: row ${row} time went backwards (${tMs} < ${r.last})`);
    r.last = tMs;
    r.count += count;
  }

  /** Duration of one row's sampler step (spec §1.1 stages 2–6). */
  samplerStep(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TimingRecorder.samplerStep: need a finite ms ≥ 0 (got ${ms})`);
    this.sampler.push(ms);
  }

  /** One CGRS probe's wall span. */
  probe(startMs: number, endMs: number): void {
    this.probeMs += span(startMs, endMs, 'probe');
    this.probes++;
  }

  /** The final result is ready. */
  finished(tMs: number): void {
    this.finishedAt = tMs;
  }

  /** Everything but the token counts, for `resultRow` as the shown trace. */
  summarize(resultRow = 0): Omit<RunMetrics, 'tokens'> {
    if (this.requestAt === null || this.finishedAt === null) {
      throw new Error('TimingRecorder.summarize: requestReceived and finished must both be reported');
    }
    if (resultRow < 0 || resultRow >= this.rows.length) throw new RangeError(`TimingRecorder.summarize: no row ${resultRow}`);
    const started = this.rows.filter((r): r is RowTiming => r !== null);
    const firstAny = started.length ? Math.min(...started.map((r) => r.first)) : null;
    const shown = this.rows[resultRow];
    let aggregate: number | null = null;
    if (this.rows.length > 1 && firstAny !== null) {
      const after = started.reduce((sum, r) => sum + r.count - 1, 0);
      aggregate = perSecond(after, Math.max(...started.map((r) => r.last)) - firstAny);
    }
    const samplerMean = this.sampler.reduce((a, b) => a + b, 0) / this.sampler.length;
    return {
      ttftMs: firstAny === null ? null : firstAny - this.requestAt,
      prefillTokensPerSecond: perSecond(this.prefillTokens, this.prefillMs),
      decodeTokensPerSecond: shown ? perSecond(shown.count - 1, shown.last - shown.first) : null,
      wallMs: this.finishedAt - this.requestAt,
      rawStepsPerSecond: perSecond(this.forwardSteps, this.forwardMs),
      aggregateTokensPerSecond: aggregate,
      samplerMsPerStep: this.sampler.length
        ? { mean: samplerMean, p95: percentile95(this.sampler), samples: this.sampler.length }
        : null,
      prefillMs: this.prefillMs,
      decodeForwardMs: this.forwardMs,
      forwardSteps: this.forwardSteps,
      probeMs: this.probeMs,
      probes: this.probes,
      resultRow,
    };
  }
}

/** The full metrics of a run: ledger counts plus timings, both for `resultRow` as the shown trace. */
export function summarizeRun(ledger: TokenLedger, timing: TimingRecorder, resultRow = 0, counted: RowsCounted = 'shown'): RunMetrics {
  return { tokens: ledger.summary(resultRow, counted), ...timing.summarize(resultRow) };
}
