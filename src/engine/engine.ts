import type { EngineApi, EngineResources } from '../protocol/api';
import type { BenchReport, BenchRequest } from '../protocol/bench';
import { EngineError } from '../protocol/errors';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../protocol/model';
import type { RunEvent, RunRequest, RunResult } from '../protocol/run';
import { benchLoaded } from './bench/bench';
import type { EngineHost } from './host';
import { loadModel, type LoadedModel } from './model/load-model';
import { runComparison } from './decode/run-comparison';
import { disposeModel, liveTensorCount } from './runtime';
import { warmUp } from './model/warmup';

/**
 * The engine behind the worker and the CLI. Holds at most one loaded model and one run; a second
 * run while one is in flight is refused with `busy` (never interleaved). Cancellation is a flag
 * checked between forward steps, so the model stays loaded.
 */
export class Engine implements EngineApi {
  private loaded: LoadedModel | null = null;
  private active: { runId: string; cancelled: boolean } | null = null;
  private loading = false;
  /** A throughput sweep holds the model like a run does (it cannot be cancelled). */
  private benching = false;

  constructor(private readonly host: EngineHost) {}

  async capabilities(): Promise<Capabilities> {
    const adapter = await this.host.adapter();
    return {
      adapter,
      devices: adapter ? this.host.devices : this.host.devices.filter((d) => d !== 'webgpu'),
      preferredDtype: adapter?.shaderF16 ? 'q4f16' : 'q4',
    };
  }

  async load(spec: ModelSpec, onEvent: (e: LoadEvent) => void): Promise<ModelInfo> {
    if (this.active || this.benching) throw new EngineError('busy', 'Cannot load a model while a run or sweep is in flight; stop it first');
    if (this.loading) throw new EngineError('busy', 'A model is already loading');
    if (typeof spec?.id !== 'string' || spec.id.trim() === '') throw new EngineError('bad-input', 'Model id is empty');
    this.loading = true;
    try {
      const previous = this.loaded;
      this.loaded = null;
      await disposeModel(previous?.model ?? null);
      const loaded = await loadModel(this.host, spec, onEvent);
      const t0 = this.host.now();
      try {
        await warmUp(loaded);
      } catch (e) {
        await disposeModel(loaded.model);
        throw e;
      }
      // Stage times count from the start of the load, like the tokenizer and model stages.
      onEvent({ type: 'stage', stage: 'warmup', ms: loaded.info.loadMs + this.host.now() - t0 });
      this.loaded = loaded;
      onEvent({ type: 'stage', stage: 'ready', ms: loaded.info.loadMs });
      return loaded.info;
    } finally {
      this.loading = false;
    }
  }

  async run(req: RunRequest, onEvents: (batch: RunEvent[]) => void): Promise<RunResult> {
    if (this.benching) throw new EngineError('busy', 'A throughput sweep is in flight; wait for it');
    if (this.active) {
      throw new EngineError('busy', `A run (${this.active.runId}) is already in flight; wait for it or cancel it`);
    }
    if (!this.loaded) throw new EngineError('no-model', 'No model is loaded; load one first');
    const state = { runId: String(req?.runId ?? ''), cancelled: false };
    this.active = state;
    try {
      return await runComparison(this.host, this.loaded, req, onEvents, () => state.cancelled);
    } finally {
      this.active = null;
    }
  }

  async bench(req: BenchRequest, onProgress: (message: string) => void): Promise<BenchReport> {
    if (this.active || this.benching) throw new EngineError('busy', 'The GPU is busy with a run or a sweep; wait for it');
    if (!this.loaded) throw new EngineError('no-model', 'No model is loaded; load one first');
    this.benching = true;
    try {
      return await benchLoaded(this.host, this.loaded, { ...req, onProgress });
    } finally {
      this.benching = false;
    }
  }

  async cancel(runId: string): Promise<void> {
    if (!this.active || this.active.runId !== runId) {
      throw new EngineError('unknown-run', `No run "${runId}" is in flight (it may have finished already)`);
    }
    this.active.cancelled = true;
  }

  async unload(): Promise<void> {
    if (this.active || this.benching) throw new EngineError('busy', 'Cannot unload while a run or sweep is in flight');
    const previous = this.loaded;
    this.loaded = null;
    await disposeModel(previous?.model ?? null);
  }

  async resources(): Promise<EngineResources> {
    const resources = { liveTensors: liveTensorCount(), gpuBuffers: this.host.gpuBufferCount() };
    return this.host.gpuDispatchCount ? { ...resources, gpuDispatches: this.host.gpuDispatchCount() } : resources;
  }

  /** The loaded model's facts, or null. */
  get model(): ModelInfo | null {
    return this.loaded?.info ?? null;
  }
}
