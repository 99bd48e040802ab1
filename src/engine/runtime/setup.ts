/**
 * The runtime folder (src/engine/runtime/) is the only place that imports transformers.js; this file
 * configures it and loads models. Everything above it sees plain arrays, ids and an
 * opaque `KvCache`. The same code runs in a Web Worker (onnxruntime-web, WebGPU or WASM) and in
 * Node (onnxruntime-node, CPU): transformers.js picks its build by export condition.
 *
 * Facts this relies on (transformers.js 4.3.1, see README "Platform notes"):
 * - `model.forward()` accepts a plain object of `past_key_values.*` tensors and returns fresh
 *   `present.*` tensors every call; the inputs stay valid until someone disposes them, so a
 *   fork of the cache is just a second owner.
 * - logits come back on the CPU (float32, or float16 bits for fp16 graphs); `present.*` stay
 *   on the GPU under WebGPU.
 */
import {
  AutoConfig,
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  LogLevel,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type ProgressInfo,
} from '@huggingface/transformers';

export type { PreTrainedModel, PreTrainedTokenizer };

export interface RuntimeSettings {
  /** Folder (Node) or URL prefix (browser) holding local model folders. */
  readonly localModelRoot: string;
  /**
   * 'local' reads only the local root; 'hub' reads only the model hub (never both, so nothing leaks);
   * 'folder' reads only `folderFetch`.
   */
  readonly source: 'local' | 'hub' | 'folder';
  /** 'folder': answers every file request from the opened folder (see EngineHost.folderFetch). */
  readonly folderFetch?: (url: string) => Promise<unknown>;
  /** URL of onnxruntime-web's wasm served by the app (browser only); never a CDN. */
  readonly ortWasmUrl?: string;
  /** Keep transformers.js's Cache API copy of downloaded files (browser only). */
  readonly useBrowserCache: boolean;
  /** Base URL hub ids are fetched from (ends with '/'). */
  readonly remoteHost: string;
  /** onnxruntime-web WASM threads (browser only; read by ORT once, at its first session). */
  readonly wasmThreads?: number;
}

/** The model hub transformers.js fetches from unless told otherwise. */
export const DEFAULT_MODEL_HOST = 'https://huggingface.co/';

/** transformers.js's own fetch, restored whenever a model does not come from an opened folder. */
const networkFetch = env.fetch;

/** Where an opened folder's files appear to transformers.js: `${FOLDER_ROOT}${FOLDER_MODEL_ID}/<file>`. */
export const FOLDER_ROOT = '/opened-folder/';
export const FOLDER_MODEL_ID = 'model';

export function configureRuntime(s: RuntimeSettings): void {
  env.allowLocalModels = s.source !== 'hub';
  env.allowRemoteModels = s.source === 'hub';
  env.fetch = (s.source === 'folder' && s.folderFetch ? s.folderFetch : networkFetch) as typeof env.fetch;
  const root = s.source === 'folder' ? FOLDER_ROOT : s.localModelRoot;
  env.localModelPath = root.endsWith('/') ? root : `${root}/`;
  env.useBrowserCache = s.useBrowserCache;
  env.remoteHost = s.remoteHost;
  env.logLevel = LogLevel.ERROR;
  const wasm = env.backends.onnx?.wasm;
  if (wasm && s.ortWasmUrl) {
    wasm.wasmPaths = { wasm: s.ortWasmUrl };
    wasm.proxy = false;
    // onnxruntime-web reads the thread count once, at its first session in this worker.
    if (s.wasmThreads !== undefined && threadsAtInit === null) wasm.numThreads = s.wasmThreads;
  }
}

export interface RawConfig {
  readonly [key: string]: unknown;
}

export async function loadConfig(id: string): Promise<RawConfig> {
  const config = await AutoConfig.from_pretrained(id);
  return config as unknown as RawConfig;
}

export async function loadTokenizer(id: string, onProgress?: (p: ProgressInfo) => void): Promise<PreTrainedTokenizer> {
  return AutoTokenizer.from_pretrained(id, onProgress ? { progress_callback: onProgress } : {});
}

export async function loadCausalLm(
  id: string,
  opts: { device: 'webgpu' | 'wasm' | 'cpu'; dtype: string; onProgress?: (p: ProgressInfo) => void },
): Promise<PreTrainedModel> {
  return AutoModelForCausalLM.from_pretrained(id, {
    device: opts.device,
    dtype: opts.dtype as 'fp32',
    ...(opts.onProgress ? { progress_callback: opts.onProgress } : {}),
  });
}

/** The WASM thread count fixed by this worker's first session (null until then, and in Node). */
let threadsAtInit: number | null = null;

/**
 * The threads onnxruntime-web's WASM backend runs on (browser), fixed at the worker's first session; null
 * in Node (onnxruntime-node). Call after a WASM session was created.
 */
export function wasmThreads(): number | null {
  const n = env.backends.onnx?.wasm?.numThreads;
  if (threadsAtInit === null && typeof n === 'number' && n > 0) threadsAtInit = n;
  return threadsAtInit;
}

/** EOS ids of the model's generation_config.json (Qwen3: 151645 and 151643), or [] when it has none. */
export function generationEosIds(model: PreTrainedModel): number[] {
  const g = (model as unknown as { generation_config?: { eos_token_id?: unknown } | null }).generation_config;
  const e = g?.eos_token_id;
  const list = Array.isArray(e) ? e : [e];
  return list.filter((x): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0);
}

export async function disposeModel(model: PreTrainedModel | null): Promise<void> {
  if (model) await model.dispose();
}
