import * as Comlink from 'comlink';
import type { EngineApi } from '../protocol/api';
import type { BenchReport, BenchRequest } from '../protocol/bench';
import type { EvalProgressEvent, EvalRequest, EvalResult } from '../protocol/eval';
import type { LoopBenchReport, LoopBenchRequest } from '../protocol/loop-bench';
import { fromSerialized, isSerializedError } from '../protocol/errors';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../protocol/model';
import type { RunEvent, RunRequest, RunResult } from '../protocol/run';

async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw isSerializedError(e) ? fromSerialized(e) : e;
  }
}

/**
 * The only place that creates the worker and talks comlink. Recreating the worker is the only
 * recovery after onnxruntime fails (its session chain stays rejected for the whole realm), so the
 * client can `restart()` and the page keeps its own state.
 */
export class EngineClient implements EngineApi {
  private worker!: Worker;
  private remote!: Comlink.Remote<EngineApi>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
    this.remote = Comlink.wrap<EngineApi>(this.worker);
  }

  /** Terminates the worker (dropping any loaded model) and starts a fresh one. */
  restart(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    this.start();
  }

  capabilities(): Promise<Capabilities> {
    return call(this.remote.capabilities());
  }
  load(spec: ModelSpec, onEvent: (e: LoadEvent) => void): Promise<ModelInfo> {
    return call(this.remote.load(spec, Comlink.proxy(onEvent)));
  }
  run(req: RunRequest, onEvents: (batch: RunEvent[]) => void): Promise<RunResult> {
    return call(this.remote.run(req, Comlink.proxy(onEvents)));
  }
  evaluate(req: EvalRequest, onProgress: (e: EvalProgressEvent) => void): Promise<EvalResult> {
    return call(this.remote.evaluate(req, Comlink.proxy(onProgress)));
  }
  cancel(runId: string): Promise<void> {
    return call(this.remote.cancel(runId));
  }
  unload(): Promise<void> {
    return call(this.remote.unload());
  }
  bench(req: BenchRequest, onProgress: (message: string) => void): Promise<BenchReport> {
    return call(this.remote.bench(req, Comlink.proxy(onProgress)));
  }
  benchLoop(req: LoopBenchRequest, onEvents: (batch: RunEvent[]) => void): Promise<LoopBenchReport> {
    return call(this.remote.benchLoop(req, Comlink.proxy(onEvents)));
  }
  resources(): Promise<{ liveTensors: number; gpuBuffers: number | null }> {
    return call(this.remote.resources());
  }
}
