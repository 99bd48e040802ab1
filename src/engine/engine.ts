import type { EngineApi, EngineResources } from '../protocol/api';
import type { BenchReport, BenchRequest } from '../protocol/bench';
import { EngineError } from '../protocol/errors';
import type { EvalProgressEvent, EvalRequest, EvalResult } from '../protocol/eval';
import type { LoopBenchReport, LoopBenchRequest } from '../protocol/loop-bench';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../protocol/model';
import type { LaneResult, RunEvent, RunRequest, RunResult } from '../protocol/run';
import { benchLoaded } from './bench/bench';
import { benchLoop } from './bench/loop-bench';
import { runComparison } from './decode/run-comparison';
import { runEval } from './eval/eval-runner';
import type { EngineHost } from './host';
import { loadModel, type LoadedModel } from './model/load-model';
import { warmUp } from './model/warmup';
import { liveTensorCount } from './runtime/kv-cache';
import { disposeModel } from './runtime/setup';

/** What holds the model: a comparison, an evaluation or a throughput sweep. One at a time. */
type ActivityKind = 'run' | 'evaluation' | 'sweep' | 'benchmark';
interface Activity {
  readonly kind: ActivityKind;
  readonly runId: string;
  cancelled: boolean;
}

const NAME: Readonly<Record<ActivityKind, string>> = { run: 'A run', evaluation: 'An evaluation', sweep: 'A throughput sweep', benchmark: 'A benchmark' };

/**
 * The engine behind the worker and the CLI. Holds at most one loaded model and one activity (a run, an
 * evaluation or a sweep); a second while one is in flight is refused with `busy` (never interleaved).
 * Cancellation is a flag checked between forward steps, so the model stays loaded.
 */
export class Engine implements EngineApi {
  private loaded: LoadedModel | null = null;
  private active: Activity | null = null;
  private loading = false;

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
    if (this.active) throw new EngineError('busy', `Cannot load a model while ${NAME[this.active.kind].toLowerCase()} is in flight; stop it first`);
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

  /** Runs `body` as the one activity: refuses while another is in flight or no model is loaded. */
  private async hold<T>(kind: ActivityKind, runId: string, body: (model: LoadedModel, activity: Activity) => Promise<T>): Promise<T> {
    if (this.active) {
      throw new EngineError('busy', `${NAME[this.active.kind]} (${this.active.runId}) is already in flight; wait for it or cancel it`);
    }
    if (!this.loaded) throw new EngineError('no-model', 'No model is loaded; load one first');
    const activity: Activity = { kind, runId, cancelled: false };
    this.active = activity;
    try {
      return await body(this.loaded, activity);
    } finally {
      this.active = null;
    }
  }

  async run(req: RunRequest, onEvents: (batch: RunEvent[]) => void): Promise<RunResult> {
    return this.hold('run', String(req?.runId ?? ''), (model, a) => runComparison(this.host, model, req, onEvents, () => a.cancelled));
  }

  async evaluate(req: EvalRequest, onProgress: (e: EvalProgressEvent) => void): Promise<EvalResult> {
    if (typeof req?.runId !== 'string' || req.runId === '') throw new EngineError('bad-input', 'runId must be a non-empty string');
    return this.hold('evaluation', req.runId, async (model, a) => {
      // Each pair is one comparison of one lane, run directly: the evaluation already holds the model.
      let lastLane: LaneResult | null = null;
      const pairs = { run: (r: RunRequest, onEvents: (batch: RunEvent[]) => void) => runComparison(this.host, model, r, onEvents, () => a.cancelled) };
      const out = await runEval({
        engine: pairs, questions: req.questions, lanes: req.lanes, seed: req.seed,
        ...(req.done ? { done: req.done } : {}),
        ...(req.instruction !== undefined ? { instruction: req.instruction } : {}),
        ...(req.enableThinking !== undefined ? { enableThinking: req.enableThinking } : {}),
        shouldStop: () => a.cancelled,
        // runEval reports a pair's lane (onRecord) just before its progress: pass both on as one event.
        onRecord: (_record, lane) => void (lastLane = lane),
        onProgress: (p) => onProgress({
          done: p.done, total: p.total, computed: p.computed, resumed: p.resumed,
          ...(p.last ? { record: p.last } : {}), ...(p.last && req.withLanes && lastLane ? { lane: lastLane } : {}),
        }),
      });
      return { records: out.records, computed: out.computed, resumed: out.resumed, stopped: out.stopped };
    });
  }

  async bench(req: BenchRequest, onProgress: (message: string) => void): Promise<BenchReport> {
    return this.hold('sweep', req?.runId ?? 'sweep', (model, a) => benchLoaded(this.host, model, { ...req, onProgress, isCancelled: () => a.cancelled }));
  }

  async benchLoop(req: LoopBenchRequest, onEvents: (batch: RunEvent[]) => void): Promise<LoopBenchReport> {
    return this.hold('benchmark', 'loop-bench', (model) => benchLoop(this.host, model, req, onEvents));
  }

  async cancel(runId: string): Promise<void> {
    if (!this.active || this.active.runId !== runId) {
      throw new EngineError('unknown-run', `No run "${runId}" is in flight (it may have finished already)`);
    }
    this.active.cancelled = true;
  }

  async unload(): Promise<void> {
    if (this.active) throw new EngineError('busy', `Cannot unload while ${NAME[this.active.kind].toLowerCase()} is in flight`);
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
