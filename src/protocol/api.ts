import type { BenchReport, BenchRequest } from './bench';
import type { EvalProgressEvent, EvalRequest, EvalResult } from './eval';
import type { LoopBenchReport, LoopBenchRequest } from './loop-bench';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from './model';
import type { RunEvent, RunRequest, RunResult } from './run';

/** What the engine holds on the device, for the leak check and the dispatch benchmark. */
export interface EngineResources {
  readonly liveTensors: number;
  readonly gpuBuffers: number | null;
  /** Compute-pass dispatches since the worker started (WebGPU hosts only; absent elsewhere). */
  readonly gpuDispatches?: number | null;
}

/**
 * The engine's one API, the same for the worker client (comlink) and the CLI (direct calls).
 * One run at a time: a second `run` while one is in flight fails with code 'busy'.
 */
export interface EngineApi {
  capabilities(): Promise<Capabilities>;
  load(spec: ModelSpec, onEvent: (e: LoadEvent) => void): Promise<ModelInfo>;
  run(req: RunRequest, onEvents: (batch: RunEvent[]) => void): Promise<RunResult>;
  /**
   * Questions × lanes through the one evaluation loop (the CLI's `lab eval` runs the same), with resumed
   * results, one progress event per pair. Holds the model like a run does; cancel(runId) stops it.
   */
  evaluate(req: EvalRequest, onProgress: (e: EvalProgressEvent) => void): Promise<EvalResult>;
  /** Cooperative: the run, evaluation or sweep stops between steps, keeps the model loaded and resolves as cancelled. */
  cancel(runId: string): Promise<void>;
  unload(): Promise<void>;
  /**
   * Throughput sweep on the loaded model: prefill tok/s over context lengths, decode tok/s over
   * (context, batch), warm-up excluded. Refused with 'busy' while a run is in flight; cancel(req.runId) stops it
   * with what it has measured.
   */
  bench(req: BenchRequest, onProgress: (message: string) => void): Promise<BenchReport>;
  /** Our loop vs a bare forward + argmax loop vs generate() on the loaded model (bench:decode, bench:browser). */
  benchLoop(req: LoopBenchRequest, onEvents: (batch: RunEvent[]) => void): Promise<LoopBenchReport>;
  /** Live KV tensors and GPU buffers, for the leak check; GPU dispatches so far, for the benchmark. */
  resources(): Promise<EngineResources>;
}

/**
 * The comlink transfer handler that carries the engine's event callbacks (run events, progress) to the worker
 * as a bare MessagePort: every call is one fire-and-forget `postMessage`, where a comlink proxy would
 * send a request, wait for a reply message and allocate ids per call (src/ui/engine-client.ts sends,
 * workers/one-way-callback.ts receives).
 */
export const ONE_WAY_CALLBACK = 'decoding-lab:one-way-callback';
