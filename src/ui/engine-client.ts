import * as Comlink from 'comlink';
import { ONE_WAY_CALLBACK, type EngineApi } from '../protocol/api';
import type { BenchReport, BenchRequest } from '../protocol/bench';
import type { EvalProgressEvent, EvalRequest, EvalResult } from '../protocol/eval';
import type { LoopBenchReport, LoopBenchRequest } from '../protocol/loop-bench';
import { fromSerialized, isSerializedError } from '../protocol/errors';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../protocol/model';
import type { RunEvent, RunRequest, RunResult } from '../protocol/run';

type Callback = (value: never) => void;
const marked = new WeakSet<Callback>();

/**
 * Marks `fn` so comlink sends it to the worker as a MessagePort the worker posts into, without replies:
 * for callbacks that return nothing (event batches, progress). Events on one port arrive in order.
 */
function oneWay<T>(fn: (value: T) => void): (value: T) => void {
  marked.add(fn as Callback);
  return fn;
}

/** Registers the sending half of the handler (the page side); idempotent. */
function installOneWayCallbacks(): void {
  Comlink.transferHandlers.set(ONE_WAY_CALLBACK, {
    canHandle: (v: unknown): v is Callback => typeof v === 'function' && marked.has(v as Callback),
    serialize: (fn: Callback) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (e: MessageEvent) => (fn as (v: unknown) => void)(e.data);
      return [port2, [port2]];
    },
    deserialize: () => {
      throw new Error('one-way callbacks go to the worker, never back');
    },
  });
}

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
    installOneWayCallbacks();
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
    return call(this.remote.load(spec, oneWay(onEvent)));
  }
  run(req: RunRequest, onEvents: (batch: RunEvent[]) => void): Promise<RunResult> {
    return call(this.remote.run(req, oneWay(onEvents)));
  }
  evaluate(req: EvalRequest, onProgress: (e: EvalProgressEvent) => void): Promise<EvalResult> {
    return call(this.remote.evaluate(req, oneWay(onProgress)));
  }
  cancel(runId: string): Promise<void> {
    return call(this.remote.cancel(runId));
  }
  unload(): Promise<void> {
    return call(this.remote.unload());
  }
  bench(req: BenchRequest, onProgress: (message: string) => void): Promise<BenchReport> {
    return call(this.remote.bench(req, oneWay(onProgress)));
  }
  benchLoop(req: LoopBenchRequest, onEvents: (batch: RunEvent[]) => void): Promise<LoopBenchReport> {
    return call(this.remote.benchLoop(req, oneWay(onEvents)));
  }
  resources(): Promise<{ liveTensors: number; gpuBuffers: number | null }> {
    return call(this.remote.resources());
  }
}
