/** What to load and what was loaded. */

export type Device = 'webgpu' | 'wasm' | 'cpu';
/** transformers.js dtypes we offer; tiny local models are fp32. */
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** A file of a model folder the user opened (a browser `File` has this shape). */
export interface ModelFile {
  readonly size: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ModelSource = 'local' | 'hub' | 'folder';

export interface ModelSpec {
  /** A folder name under the local models root (e.g. 'tiny-reasoner') or a hub id ('onnx-community/Qwen3-0.6B-ONNX'). */
  readonly id: string;
  /**
   * 'local': served by the app / read from disk; 'hub': fetched from the model hub (or `host`) by the
   * user's browser; 'folder': a folder the user opened, its files in `files` (no network at all).
   */
  readonly source: ModelSource;
  /** 'folder' only: the folder's files by path inside it ('config.json', 'onnx/model_q4.onnx'). */
  readonly files?: Readonly<Record<string, ModelFile>>;
  /**
   * Requested device. Omitted: WebGPU on a hardware adapter, WASM on a software (fallback) adapter or
   * none, with a notice saying why. 'webgpu' without an adapter falls back to WASM, also with a notice.
   */
  readonly device?: Device;
  /** Requested dtype; default chosen from the adapter (q4f16 with shader-f16, else q4) or the model's config. */
  readonly dtype?: Dtype;
  /**
   * Hub models only: base URL of the model host, files at `<host>/<id>/resolve/main/<file>` (the hub's
   * layout, e.g. an organisation's mirror next to the page). Default: https://huggingface.co/.
   */
  readonly host?: string;
  /**
   * WASM only: threads for onnxruntime-web. Default: onnxruntime-web's own, min(4, ⌈cores / 2⌉) when the
   * page is cross-origin isolated, else 1. onnxruntime-web reads it once per worker, at its first session.
   */
  readonly wasmThreads?: number;
  /** Chat template flavour; derived from the config when omitted. */
  readonly template?: 'qwen3' | 'deepseek-r1';
}

export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly shaderF16: boolean;
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
  /**
   * A software rasteriser (e.g. Chromium's SwiftShader), from `isFallbackAdapter` or the adapter's
   * description: it runs on the CPU and is far slower than WASM for these models.
   */
  readonly isFallback: boolean;
}

export interface Capabilities {
  /** null when the environment has no WebGPU adapter (or no navigator.gpu). */
  readonly adapter: AdapterInfo | null;
  readonly devices: readonly Device[];
  /** The dtype the engine would pick for a hub model on this adapter. */
  readonly preferredDtype: Dtype;
}

export interface ModelInfo {
  readonly id: string;
  readonly source: ModelSource;
  readonly device: Device;
  readonly dtype: Dtype;
  /** Why the engine did not use what was asked for (e.g. "no WebGPU adapter: running on WASM"). */
  readonly notices: readonly string[];
  readonly modelType: string;
  readonly vocabSize: number;
  /** Tokens the tokenizer can actually produce; lm_head rows at or above this are padding. */
  readonly tokenizerSize: number;
  readonly contextLength: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Parameter count from the config's shape (embeddings counted once when tied). */
  readonly parameters: number;
  readonly tiedEmbeddings: boolean;
  readonly thinkStartId: number | null;
  readonly thinkEndId: number | null;
  readonly eosIds: readonly number[];
  /** CGRS trigger words that encode to exactly one token, with their ids; and the ones dropped. */
  readonly triggerTokens: readonly { readonly word: string; readonly id: number }[];
  readonly droppedTriggerWords: readonly string[];
  readonly loadMs: number;
  /** WASM only: the threads onnxruntime-web runs on (null on WebGPU and in Node). */
  readonly wasmThreads: number | null;
  /** Bytes fetched or read for the model's files. */
  readonly bytes: number;
}

export type LoadEvent =
  | { readonly type: 'progress'; readonly file: string; readonly loaded: number; readonly total: number }
  | { readonly type: 'progress-total'; readonly loaded: number; readonly total: number; readonly files: Readonly<Record<string, { loaded: number; total: number }>> }
  | { readonly type: 'stage'; readonly stage: 'tokenizer' | 'model' | 'warmup' | 'ready'; readonly ms: number }
  | { readonly type: 'notice'; readonly message: string };
