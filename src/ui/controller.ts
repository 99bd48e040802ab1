/**
 * The page's side effects: worker calls, Cache API, question set, exports. Views call these; every
 * state change still goes through the store's reducer.
 */
import type { Capabilities, LoadEvent, ModelSpec } from '../protocol/model';
import { measureDownload } from './services/download-size';
import { loadableDtype } from '../core/model-layout';
import { isEngineError } from '../protocol/errors';
import type { LoopBenchReport, LoopBenchRequest } from '../protocol/loop-bench';
import type { RunEvent, RunRequest, RunResult } from '../protocol/run';
import type { EngineClient } from './engine-client';
import { buildCsv } from './logic/csv';
import { FOLDER_KEY, specForChoice, type DeviceChoice, type ModelChoice } from './logic/models';
import type { OpenedFolder } from './services/model-folder';
import { encodeHash } from './logic/permalink';
import { parseQuestionSet } from '../core/eval/question-set';
import { buildRunCard } from './logic/run-card';
import { downloadText, timestampedName } from './services/download';
import { FrameBatcher } from './services/frame-batcher';
import { cachedModel, deleteCachedModel, storageEstimate } from './services/model-cache';
import { busyWith, chosenModelId, methodForm, runBlocker, selectedParams, sharedSettings } from './store/selectors';
import { withStreamedLanes } from './store/lanes';
import type { RunSnapshot } from './store/state';
import type { Store } from './store/store';

export const QUESTION_SET_FILE = 'data/tiny-reasoner-heldout.jsonl';

/** What tests may read (documented in main.ts); nothing else is global. */
export interface DecodingLabHook {
  lastResult: RunResult | null;
  /** The worker's live KV tensors and GPU buffers (the browser leak check reads it). */
  resources: () => Promise<{ liveTensors: number; gpuBuffers: number | null }>;
  /** A run straight on the engine, for browser tests and benchmarks that set what the page has no control for (RunRequest.kvCopy). */
  run: (req: RunRequest) => Promise<RunResult>;
  /** The decode-loop benchmark in the worker, its token events posted to this page as a comparison's are (bench:browser). */
  benchLoop: (req: LoopBenchRequest) => Promise<LoopBenchReport>;
}

function describeError(e: unknown): { message: string; fatal: boolean; code: string | null } {
  if (isEngineError(e)) {
    const file = e.file && !e.message.includes(e.file) ? ` (${e.file})` : '';
    return { message: `${e.message}${file}`, fatal: e.fatal, code: e.code };
  }
  return { message: e instanceof Error ? e.message : String(e), fatal: false, code: null };
}

export class Controller {
  private runCounter = 0;

  constructor(
    private readonly store: Store,
    private readonly client: EngineClient,
    private readonly hook: DecodingLabHook,
  ) {}

  /** Settles with the first capabilities query (null if it failed), for work that must wait for them. */
  // Declared first: class fields initialise in order, and the promise below replaces this no-op.
  private settleCapabilities: (caps: Capabilities | null) => void = () => undefined;
  private readonly capabilitiesReady = new Promise<Capabilities | null>((resolve) => {
    this.settleCapabilities = resolve;
  });

  async loadCapabilities(): Promise<Capabilities | null> {
    const caps = await this.queryCapabilities();
    this.settleCapabilities(caps);
    return caps;
  }

  private async queryCapabilities(): Promise<Capabilities | null> {
    try {
      const caps = await this.client.capabilities();
      this.store.dispatch({ type: 'capabilities', caps });
      return caps;
    } catch (e) {
      this.store.dispatch({ type: 'notice/add', text: `Could not query the device: ${describeError(e).message}` });
      return null;
    }
  }

  /** A one-line notice at the top of the page. */
  notify(text: string): void {
    this.store.dispatch({ type: 'notice/add', text });
  }

  chooseModel(choice: Partial<ModelChoice>): void {
    this.store.dispatch({ type: 'model/choose', choice });
    void this.refreshCache();
  }

  /**
   * A device change takes effect at once: the loaded model is reloaded on the new device (a cached or
   * bundled model loads without a download). While a run is in flight it waits, and a notice says so.
   */
  async chooseDevice(device: DeviceChoice): Promise<void> {
    this.store.dispatch({ type: 'model/choose', choice: { device } });
    const s = this.store.getState();
    if (s.model.status === 'idle') return;
    if (busyWith(s) !== null || s.model.status === 'loading') {
      this.store.dispatch({ type: 'notice/add', text: 'The device change applies on the next load: press Reload when the run has finished.' });
      return;
    }
    await this.loadChosenModel();
  }

  /** A model folder opened from disk (picker, input or drop) becomes the choice and loads, with no network. */
  async openFolder(folder: OpenedFolder | null): Promise<void> {
    if (!folder) return;
    if (busyWith(this.store.getState()) !== null) {
      this.store.dispatch({ type: 'notice/add', text: 'Stop the run in flight before opening a model folder.' });
      return;
    }
    this.store.dispatch({ type: 'model/choose', choice: { key: FOLDER_KEY, folder } });
    await this.loadChosenModel();
  }

  async loadChosenModel(): Promise<void> {
    const s = this.store.getState();
    if (busyWith(s) !== null || s.model.status === 'loading') return;
    const chosen = specForChoice(s.model.choice);
    if ('error' in chosen) {
      this.store.dispatch({ type: 'model/load-failed', message: chosen.error });
      return;
    }
    // onnxruntime-web fixes its WASM threads at a worker's first session: other threads need a fresh worker.
    const loaded = s.model.info;
    if (loaded?.wasmThreads && chosen.spec.wasmThreads && loaded.wasmThreads !== chosen.spec.wasmThreads) this.client.restart();
    this.store.dispatch({ type: 'model/load-start', spec: chosen.spec });
    const batcher = new FrameBatcher<LoadEvent>((events) => {
      const lastProgress = events.filter((e) => e.type === 'progress-total').pop();
      for (const event of events) {
        if (event.type === 'progress' || (event.type === 'progress-total' && event !== lastProgress)) continue;
        this.store.dispatch({ type: 'model/load-event', event });
      }
    });
    try {
      const info = await this.client.load(chosen.spec, (e) => batcher.push([e]));
      batcher.flush();
      this.store.dispatch({ type: 'model/loaded', info });
    } catch (e) {
      batcher.flush();
      const d = describeError(e);
      if (d.fatal) this.client.restart();
      const suffix = d.fatal ? ' The engine was restarted; you can load a model again.' : '';
      this.store.dispatch({ type: 'model/load-failed', message: `${d.message}${suffix}` });
    }
    void this.refreshCache();
  }

  async refreshCache(): Promise<void> {
    void storageEstimate().then((storage) => this.store.dispatch({ type: 'storage', storage }));
    const s = this.store.getState();
    const chosen = specForChoice(s.model.choice);
    if ('error' in chosen || chosen.spec.source !== 'hub') {
      this.store.dispatch({ type: 'model/cache', cache: null });
      return;
    }
    void this.measureDownload(chosen.spec);
    const cache = await cachedModel(chosen.spec.id, chosen.spec.host ?? '');
    if (chosenModelId(this.store.getState()) === chosen.spec.id) this.store.dispatch({ type: 'model/cache', cache });
  }

  private sizeProbe: AbortController | null = null;

  /** Sizes the chosen hub model's download on its host (HEAD requests), so the panel shows it before it starts. */
  private async measureDownload(spec: ModelSpec): Promise<void> {
    this.sizeProbe?.abort();
    const probe = new AbortController();
    this.sizeProbe = probe;
    // The capabilities decide the dtype that will load (shader-f16), so the size is that of the files fetched.
    const caps = this.store.getState().capabilities ?? (await this.capabilitiesReady);
    if (probe.signal.aborted) return;
    const adapter = caps?.adapter ?? null;
    const device = spec.device ?? (adapter && !adapter.isFallback ? 'webgpu' : 'wasm');
    const dtype = loadableDtype(spec.dtype ?? caps?.preferredDtype ?? 'q4', device, adapter?.shaderF16 ?? false);
    const host = spec.host ? (spec.host.endsWith('/') ? spec.host : `${spec.host}/`) : 'https://huggingface.co/';
    const size = await measureDownload(host, spec.id, dtype, probe.signal);
    if (probe.signal.aborted || chosenModelId(this.store.getState()) !== spec.id) return;
    this.store.dispatch({ type: 'model/download-size', download: size ? { ...size, dtype } : null });
  }

  async deleteCache(): Promise<void> {
    const s = this.store.getState();
    const id = chosenModelId(s);
    const removed = await deleteCachedModel(id, s.model.choice.host);
    this.store.dispatch({ type: 'notice/add', text: `Removed ${removed} cached file${removed === 1 ? '' : 's'} of ${id}.` });
    await this.refreshCache();
  }

  async loadQuestions(): Promise<void> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}${QUESTION_SET_FILE}`);
      if (!res.ok) return;
      const questions = parseQuestionSet(await res.text(), QUESTION_SET_FILE);
      this.store.dispatch({ type: 'questions/loaded', questions });
      const s = this.store.getState();
      if (s.form.prompt === '' && questions.length > 0) this.store.dispatch({ type: 'question/pick', question: questions[0]! });
    } catch (e) {
      this.store.dispatch({ type: 'notice/add', text: `Question set unavailable: ${describeError(e).message}` });
    }
  }

  pickRandomQuestion(): void {
    const qs = this.store.getState().questions;
    if (qs.length > 0) this.store.dispatch({ type: 'question/pick', question: qs[Math.floor(Math.random() * qs.length)]! });
  }

  async run(): Promise<void> {
    const s = this.store.getState();
    if (runBlocker(s) !== null) return;
    const runId = `run-${Date.now().toString(36)}-${++this.runCounter}`;
    const params = selectedParams(s);
    const settings = sharedSettings(s);
    const snapshot: RunSnapshot = {
      prompt: s.form.prompt, seed: settings.seed, thinking: s.form.thinking, methods: s.form.selected, params,
      reference: s.reference ? { questionId: s.reference.id, answer: s.reference.answer, kind: s.reference.kind } : null,
      model: s.model.info,
      settings,
    };
    this.store.dispatch({ type: 'run/start', runId, snapshot });
    const batcher = new FrameBatcher<RunEvent>((events) => {
      this.store.dispatch({ type: 'run/events', events, at: performance.now() });
    });
    try {
      const result = await this.client.run(
        {
          runId, prompt: snapshot.prompt, seed: snapshot.seed, enableThinking: snapshot.thinking,
          // Every trace token with its distribution: the token strips, divergence, curves and the JSON export.
          tokenStats: true,
          lanes: snapshot.methods.map((m) => ({ lane: m, params: params[m]!, fitToContext: methodForm(s, m).fit })),
        },
        (batch) => batcher.push(batch),
      );
      batcher.flush();
      const settled = withStreamedLanes(result, this.store.getState().run.lanes);
      this.hook.lastResult = settled;
      this.store.dispatch({ type: 'run/finished', result: settled });
    } catch (e) {
      batcher.flush();
      const d = describeError(e);
      this.store.dispatch({ type: 'run/failed', message: d.message });
      if (d.fatal) {
        this.client.restart();
        this.store.dispatch({ type: 'model/unloaded', message: `${d.message} The engine was restarted; load the model again.` });
        void this.loadCapabilities();
      }
    }
  }

  async stop(): Promise<void> {
    const { runId, status } = this.store.getState().run;
    if (runId === null || status !== 'running') return;
    this.store.dispatch({ type: 'run/stopping' });
    try {
      await this.client.cancel(runId);
    } catch (e) {
      // 'unknown-run': it finished between the click and the message; nothing to stop.
      if (!isEngineError(e) || e.code !== 'unknown-run') {
        this.store.dispatch({ type: 'notice/add', text: `Stop failed: ${describeError(e).message}` });
      }
    }
  }

  /**
   * The link to share: the settings of the results on screen (the run's snapshot) once a run has
   * results, else the form as it is now.
   */
  permalink(): string {
    const s = this.store.getState();
    const settings = s.run.result && s.run.snapshot ? s.run.snapshot.settings : sharedSettings(s);
    return `${location.origin}${location.pathname}#${encodeHash(settings)}`;
  }

  private runCard() {
    const s = this.store.getState();
    const { snapshot, result } = s.run;
    if (!snapshot || !result) return null;
    return buildRunCard({
      createdAt: new Date().toISOString(),
      userAgent: navigator.userAgent,
      permalink: this.permalink(),
      ...snapshot,
      adapter: s.capabilities?.adapter ?? null,
      result,
    });
  }

  exportJson(): void {
    const card = this.runCard();
    if (card) downloadText(`${timestampedName('decoding-lab', new Date())}.json`, JSON.stringify(card, null, 2), 'application/json');
  }

  exportCsv(): void {
    const { snapshot, result } = this.store.getState().run;
    if (!snapshot || !result) return;
    downloadText(`${timestampedName('decoding-lab', new Date())}.csv`, buildCsv(result.lanes, snapshot.reference), 'text/csv');
  }
}
