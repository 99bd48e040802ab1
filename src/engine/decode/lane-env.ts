import type { TokenLedger } from '../../core/ledger';
import type { TimingRecorder } from '../../core/metrics';
import type { RowRng } from '../../core/rng';
import type { EngineHost } from '../host';
import type { RunEmitter } from './emitter';
import type { StepPacer } from './step-pacer';
import type { LoadedModel } from '../model/load-model';

/**
 * Test and benchmark hooks into the decode loop. None is reachable through the EngineApi; the
 * engine's tests and tools/bench-decode.ts call the lane runners with them.
 */
export interface DecodeHooks {
  /** Every main-trace logits row before it is sampled (cached-vs-uncached test). */
  onLogits?(row: number, position: number, logits: Float32Array): void;
  /** Every token sampled for a main trace (speculative ones included), after `onLogits`. */
  onToken?(row: number, position: number, token: number): void;
  /** Replaces the RNG of a row (batched-vs-single test: give rows of different lanes the same key). */
  rowRng?(row: number): RowRng;
  /** FFS rows that finished while the race goes on: 'compact' drops them from the KV (default off WebGPU), 'feed' keeps feeding them. */
  finishedRows?: 'compact' | 'feed';
  /** How KV rows are copied (FFS expansion, probe rows): on the device where possible (default) or through the CPU. */
  kvCopy?: 'gpu' | 'cpu';
  /** Each lane starts, after the run's warm-up (tests that count a lane's own forwards reset here). */
  onLaneStart?(lane: string): void;
  /** Prompt tokens per prefill forward (default: the logits budget of KvBatch). */
  prefillChunk?: number;
}

/** Everything a lane runner needs; one per lane, with the lane's own ledger and timing recorder. */
export interface LaneEnv {
  readonly host: EngineHost;
  readonly model: LoadedModel;
  readonly emitter: RunEmitter;
  /** Between forward steps: events when due, a yield to the event loop when a few ms have passed. */
  readonly pacer: StepPacer;
  readonly isCancelled: () => boolean;
  readonly lane: string;
  /** Seed of this lane's rows (RowRng(laneSeed, row)), `laneSeed(run seed)`: the same for every lane (core/rng). */
  readonly laneSeed: number;
  readonly promptIds: readonly number[];
  /** The prompt left a think block open, so the trace starts in the thinking phase. */
  readonly startsInThinking: boolean;
  readonly timing: TimingRecorder;
  readonly ledger: TokenLedger;
  readonly hooks: DecodeHooks;
  /** Record each trace token with its distribution (RunRequest.tokenStats). */
  readonly tokenStats: boolean;
}

/** Why a lane's decoding stopped, before it becomes the protocol's StopReason. */
export type RowStop = 'eos' | 'max-tokens' | 'cancelled';
