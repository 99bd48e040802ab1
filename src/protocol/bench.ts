import type { ModelInfo } from './model';

/** A throughput sweep request (`lab bench`, the page's throughput panel). */
export interface BenchRequest {
  /** Lets `cancel(runId)` stop the sweep between measurements (the page's Stop). */
  readonly runId?: string;
  /** Default: core/bench-contexts.ts, the lengths that fit the model. */
  readonly contexts?: readonly number[];
  readonly batches: readonly number[];
  readonly decodeSteps?: number;
  readonly warmupSteps?: number;
  readonly prefillRepeats?: number;
}

export interface PrefillMeasure {
  readonly context: number;
  /** Median ms of one prefill forward of `context` tokens (batch 1). */
  readonly ms: number;
  readonly tokensPerSecond: number;
}

export interface DecodeMeasure {
  readonly context: number;
  readonly batch: number;
  /** Median ms of one decode forward (all rows, logits readback included). */
  readonly msPerStep: number;
  /** All rows together: batch / step time. */
  readonly tokensPerSecond: number;
  /** One row: 1 / step time. */
  readonly perRowTokensPerSecond: number;
}

export interface BenchReport {
  readonly model: ModelInfo;
  readonly prefill: PrefillMeasure[];
  readonly decode: DecodeMeasure[];
  /** Requested contexts left out, each with the reason. */
  readonly skipped: { readonly context: number; readonly reason: string }[];
  /** What was excluded from the timings, in words. */
  readonly warmup: string;
  readonly settings: { readonly decodeSteps: number; readonly warmupSteps: number; readonly prefillRepeats: number };
  /** Stopped before every measurement was made: what was measured is here. */
  readonly cancelled: boolean;
}

