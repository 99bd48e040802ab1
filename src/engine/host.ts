import type { AdapterInfo, Device, ModelFile } from '../protocol/model';

/**
 * Everything the engine needs from its surroundings, injected by the entry point
 * (`workers/web-host.ts` in the browser, `src/cli/node-host.ts` in Node), so the engine itself
 * never reaches for a clock, a DOM, `self` or `node:*`.
 */
export interface EngineHost {
  /** Monotonic milliseconds (performance.now in both runtimes). */
  now(): number;
  /** Devices this runtime can run: ['webgpu', 'wasm'] in a browser with WebGPU, ['cpu'] in Node. */
  readonly devices: readonly Device[];
  /** The WebGPU adapter as the runtime will see it, or null. */
  adapter(): Promise<AdapterInfo | null>;
  /** Folder or URL prefix of local model folders ('…/models/'). */
  readonly localModelRoot: string;
  /** Whether hub ids may be fetched. */
  readonly allowRemote: boolean;
  /** onnxruntime-web wasm URL served by the app (browser only). */
  readonly ortWasmUrl?: string;
  /** Yields to the event loop so a cancel message can land between steps. */
  yieldToEvents(): Promise<void>;
  /** Live GPU buffers (browser, for the leak check); null where not instrumented. */
  gpuBufferCount(): number | null;
  /** Compute dispatches issued so far (browser, for the dispatches-per-token benchmark); absent where not instrumented. */
  gpuDispatchCount?(): number | null;
  /** Checks local model files (see ModelFileChecker). */
  readonly checkModelFiles: ModelFileChecker;
  /**
   * Browser only: a `fetch` that answers from an opened folder's files (paths under `root`) and 404s
   * everything else, so a folder loads with no network at all. Absent where folders cannot be opened.
   */
  folderFetch?(files: Readonly<Record<string, ModelFile>>, root: string): (url: string) => Promise<unknown>;
}

/**
 * Checks a local model folder before transformers.js reads it, so a missing or corrupt file is
 * reported by name instead of as "Unexpected token '<'". Throws an EngineError
 * (`model-file-missing` / `model-file-corrupt`) naming the file. Implemented by each host
 * (fetch in the browser, the file system in Node).
 */
export type ModelFileChecker = (modelId: string, files: readonly string[]) => Promise<{ bytes: number }>;
