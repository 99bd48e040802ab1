/**
 * The only file that imports transformers.js. Everything above it sees plain arrays, ids and an
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
  Tensor,
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

/** Past/present key-value tensors of one forward, keyed `past_key_values.{i}.{key|value}`. */
export type KvCache = Record<string, Tensor>;

/** Live tensors this module handed out and has not disposed: the leak check reads it. */
let liveKvTensors = 0;
export function liveTensorCount(): number {
  return liveKvTensors;
}

export function disposeKv(kv: KvCache | null | undefined): void {
  if (!kv) return;
  for (const t of Object.values(kv)) {
    t.dispose();
    liveKvTensors -= 1;
  }
}

export function kvSequenceLength(kv: KvCache | null): number {
  if (!kv) return 0;
  const first = Object.values(kv)[0];
  return first ? (first.dims[2] ?? 0) : 0;
}

export interface ForwardInput {
  /** Token ids, one array per row; every row has the same length. */
  readonly ids: readonly (readonly number[])[];
  /**
   * Attention mask over past + current positions, one per row (1 = attend, 0 = padding). Omitted:
   * all ones (rows without padding, the engine's only layout), built without per-element work.
   */
  readonly mask?: readonly (readonly number[])[];
  readonly past: KvCache | null;
}

export interface ForwardOutput {
  /** Last-position logits of each row as float32 (views into one buffer). */
  readonly rows: Float32Array[];
  readonly vocabSize: number;
  readonly present: KvCache;
}

function int64(rows: readonly (readonly number[])[]): Tensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  let i = 0;
  for (const row of rows) for (const v of row) data[i++] = BigInt(v);
  return new Tensor('int64', data, [rows.length, width]);
}

function onesMask(rows: number, width: number): Tensor {
  return new Tensor('int64', new BigInt64Array(rows * width).fill(1n), [rows, width]);
}

/** Whether the graph declares an input (read from the session; false for stand-ins without sessions). */
function takesInput(model: PreTrainedModel, name: string): boolean {
  const sessions = (model as unknown as { sessions?: Record<string, { inputNames?: string[] }> }).sessions;
  return sessions?.['model']?.inputNames?.includes(name) === true;
}

/**
 * Positions past … past + width − 1 for every row: what transformers.js derives from an all-ones mask
 * (cumsum − 1), without its per-step cumulative sum over the whole mask.
 */
function positionIds(rows: number, past: number, width: number): Tensor {
  const data = new BigInt64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) data[r * width + j] = BigInt(past + j);
  return new Tensor('int64', data, [rows, width]);
}

/**
 * Whether the graph takes `num_logits_to_keep`: then one forward computes the last position's logits
 * only; otherwise logits come back for every input position (the engine chunks long prefills).
 */
export function lastLogitsOnly(model: PreTrainedModel): boolean {
  return takesInput(model, 'num_logits_to_keep');
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Copies the last position of each row out of `[n, L, V]` logits as float32. */
function lastPositionRows(logits: Tensor): { rows: Float32Array[]; vocab: number } {
  const [n, L, V] = logits.dims as [number, number, number];
  const out = new Float32Array(n * V);
  const data = logits.data as ArrayLike<number>;
  const isHalfBits = logits.type === 'float16' && data instanceof Uint16Array;
  for (let r = 0; r < n; r++) {
    const base = (r * L + L - 1) * V;
    if (isHalfBits) {
      for (let v = 0; v < V; v++) out[r * V + v] = halfToFloat(data[base + v]!);
    } else if (data instanceof Float32Array) {
      out.set(data.subarray(base, base + V), r * V);
    } else {
      for (let v = 0; v < V; v++) out[r * V + v] = Number(data[base + v]);
    }
  }
  const rows: Float32Array[] = [];
  for (let r = 0; r < n; r++) rows.push(out.subarray(r * V, (r + 1) * V));
  return { rows, vocab: V };
}

/**
 * One forward pass. The caller owns `present` and must `disposeKv` it (and the `past` it no
 * longer needs). Inputs and logits are CPU tensors and are garbage-collected.
 */
export async function forward(model: PreTrainedModel, input: ForwardInput): Promise<ForwardOutput> {
  const rows = input.ids.length;
  const width = input.ids[0]?.length ?? 0;
  const past = kvSequenceLength(input.past);
  const out = (await model.forward({
    input_ids: int64(input.ids),
    attention_mask: input.mask ? int64(input.mask) : onesMask(rows, past + width),
    ...(!input.mask && takesInput(model, 'position_ids') ? { position_ids: positionIds(rows, past, width) } : {}),
    ...(input.past ? { past_key_values: input.past } : {}),
    ...(lastLogitsOnly(model) ? { num_logits_to_keep: new Tensor('int64', [1n], []) } : {}),
  })) as Record<string, Tensor>;
  const present: KvCache = {};
  for (const [name, t] of Object.entries(out)) {
    if (name.startsWith('present')) {
      present[name.replace('present', 'past_key_values')] = t;
      liveKvTensors += 1;
    }
  }
  const logits = out.logits;
  if (!logits) {
    disposeKv(present);
    throw new Error('model output has no logits');
  }
  const { rows: logitRows, vocab } = lastPositionRows(logits);
  logits.dispose();
  return { rows: logitRows, vocabSize: vocab, present };
}

type KvData = Float32Array | Uint16Array;

/** A KV tensor's values on the CPU (reads GPU tensors back), in its own element type. */
async function cpuData(t: Tensor): Promise<KvData> {
  const data = t.location === 'cpu' || t.location === 'cpu-pinned' ? t.data : await t.ort_tensor.getData();
  if (data instanceof Float32Array || data instanceof Uint16Array) return data;
  // Float16Array (where the runtime has it) shares Uint16Array's bit layout.
  const view = data as unknown as { buffer: ArrayBuffer; byteOffset: number; length: number };
  return new Uint16Array(view.buffer, view.byteOffset, view.length);
}

/** A new CPU tensor of `like`'s dtype holding `data`. */
function kvTensor(like: Tensor, data: KvData, dims: number[]): Tensor {
  liveKvTensors += 1;
  return new Tensor(like.type as 'float32', data as Float32Array, dims);
}

/** The parts of WebGPU the row copy uses (the engine's lib has no DOM/WebGPU types; these are structural). */
interface GpuBufferLike { readonly size: number; destroy(): void }
interface GpuDeviceLike {
  createBuffer(d: { size: number; usage: number }): GpuBufferLike;
  createCommandEncoder(): { copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void; finish(): unknown };
  readonly queue: { submit(commands: unknown[]): void };
}
interface OrtGpuTensor { readonly location: string; readonly gpuBuffer: GpuBufferLike; readonly type: string; readonly dims: readonly number[] }
type OrtTensorClass = { fromGpuBuffer(buffer: GpuBufferLike, o: { dataType: string; dims: number[]; dispose(): void }): unknown };

/** GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST (ORT's own KV buffers carry the same flags). */
const KV_BUFFER_USAGE = 0x80 | 0x04 | 0x08;
const BYTES: Readonly<Record<string, number>> = { float32: 4, float16: 2 };

/** onnxruntime-web's GPUDevice once a WebGPU session exists (transformers.js shares ORT's nested env objects). */
function gpuDevice(): GpuDeviceLike | null {
  const d = (env.backends.onnx as unknown as { webgpu?: { device?: unknown } } | undefined)?.webgpu?.device;
  return d && typeof (d as GpuDeviceLike).createBuffer === 'function' ? (d as GpuDeviceLike) : null;
}

/** Which route row selections take: 'gpu' copies buffer to buffer on the device, 'cpu' reads back and uploads. */
export type KvCopyRoute = 'gpu' | 'cpu';

/**
 * GPU route of gatherKvRows: every output row is a `copyBufferToBuffer` of its source row inside the
 * device, then wrapped as an ORT tensor that destroys its buffer when disposed — no CPU round trip. Safe
 * to order after the forward that wrote `kv`: every forward reads its logits back, so ORT has submitted
 * its work to the queue before `forward()` resolves. Null when a tensor is not on the GPU.
 */
function gatherKvRowsGpu(kv: KvCache, rows: readonly number[]): KvCache | null {
  const device = gpuDevice();
  const tensors = Object.entries(kv);
  if (!device || tensors.some(([, t]) => (t.ort_tensor as unknown as OrtGpuTensor).location !== 'gpu-buffer')) return null;
  const encoder = device.createCommandEncoder();
  const out: KvCache = {};
  for (const [name, t] of tensors) {
    const ort = t.ort_tensor as unknown as OrtGpuTensor;
    const [b, h, L, d] = t.dims as [number, number, number, number];
    const rowBytes = h * L * d * (BYTES[ort.type] ?? 4);
    const dst = device.createBuffer({ size: Math.max(4, rows.length * rowBytes), usage: KV_BUFFER_USAGE });
    rows.forEach((r, i) => {
      if (!Number.isInteger(r) || r < 0 || r >= b) throw new Error(`gatherKvRows: row ${r} out of range 0..${b - 1}`);
      if (rowBytes > 0) encoder.copyBufferToBuffer(ort.gpuBuffer, r * rowBytes, dst, i * rowBytes, rowBytes);
    });
    const cls = (t.ort_tensor as unknown as { constructor: OrtTensorClass }).constructor;
    const copy = cls.fromGpuBuffer(dst, { dataType: ort.type, dims: [rows.length, h, L, d], dispose: () => dst.destroy() });
    out[name] = new (Tensor as unknown as new (ortTensor: unknown) => Tensor)(copy);
    liveKvTensors += 1;
  }
  device.queue.submit([encoder.finish()]);
  return out;
}

/**
 * Row selection / repetition along the batch axis: `rows[i]` is the source row of output row i.
 * Used to expand a batch-1 prefill to n FFS rows, to add a probe row, and to drop rows. On WebGPU the
 * rows are copied inside the device (gatherKvRowsGpu); elsewhere, or with `route: 'cpu'`, the CPU route
 * reads the tensors back once and uploads them again on the next forward. Keeps the element type
 * (float32, or float16 bits for fp16 KV). The caller still owns `kv`.
 */
export async function gatherKvRows(kv: KvCache, rows: readonly number[], route: KvCopyRoute = 'gpu'): Promise<KvCache> {
  if (route === 'gpu') {
    const onDevice = gatherKvRowsGpu(kv, rows);
    if (onDevice) return onDevice;
  }
  const out: KvCache = {};
  for (const [name, t] of Object.entries(kv)) {
    const [b, h, L, d] = t.dims as [number, number, number, number];
    for (const r of rows) if (!Number.isInteger(r) || r < 0 || r >= b) throw new Error(`gatherKvRows: row ${r} out of range 0..${b - 1}`);
    const src = await cpuData(t);
    const per = h * L * d;
    const dst = new (src.constructor as new (n: number) => KvData)(rows.length * per);
    rows.forEach((r, i) => dst.set(src.subarray(r * per, (r + 1) * per), i * per));
    out[name] = kvTensor(t, dst, [rows.length, h, L, d]);
  }
  return out;
}

/** Keeps the first `length` positions of every row (rollback). The caller still owns `kv`. */
export async function truncateKv(kv: KvCache, length: number): Promise<KvCache> {
  const out: KvCache = {};
  for (const [name, t] of Object.entries(kv)) {
    const [b, h, L, d] = t.dims as [number, number, number, number];
    if (!Number.isInteger(length) || length < 0 || length > L) throw new Error(`truncateKv: length ${length} not in 0..${L}`);
    const src = await cpuData(t);
    const dst = new (src.constructor as new (n: number) => KvData)(b * h * length * d);
    for (let i = 0; i < b * h; i++) dst.set(src.subarray(i * L * d, i * L * d + length * d), i * length * d);
    out[name] = kvTensor(t, dst, [b, h, length, d]);
  }
  return out;
}

export interface TokenizerLike {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Renders chat messages with the model's template; extra kwargs reach the Jinja context. */
  applyChatTemplate(messages: { role: string; content: string }[], kwargs: Record<string, unknown>): string;
  readonly size: number;
  tokenText(id: number): string;
  /** Texts the tokenizer turns into added tokens wherever they appear (`<|im_end|>`, `<think>`, …), longest first. */
  readonly addedTokenTexts: readonly string[];
}

function addedTokenTexts(tok: PreTrainedTokenizer): string[] {
  const t = tok as unknown as { _tokenizerJSON?: { added_tokens?: { content?: unknown }[] }; all_special_tokens?: unknown[] };
  const texts = new Set<string>();
  for (const a of t._tokenizerJSON?.added_tokens ?? []) if (typeof a.content === 'string' && a.content !== '') texts.add(a.content);
  for (const a of t.all_special_tokens ?? []) if (typeof a === 'string' && a !== '') texts.add(a);
  return [...texts].sort((a, b) => b.length - a.length);
}

export function wrapTokenizer(tok: PreTrainedTokenizer): TokenizerLike {
  const vocab = (tok as unknown as { get_vocab?: () => Map<string, number> | Record<string, number> }).get_vocab?.();
  const size = vocab instanceof Map ? vocab.size : vocab ? Object.keys(vocab).length : 0;
  const textCache = new Map<number, string>();
  return {
    encode: (text) => tok.encode(text, { add_special_tokens: false }),
    decode: (ids) => (ids.length === 0 ? '' : tok.decode(ids as number[], { skip_special_tokens: false })),
    applyChatTemplate: (messages, kwargs) =>
      tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true, ...kwargs }) as string,
    size,
    addedTokenTexts: addedTokenTexts(tok),
    tokenText(id) {
      let t = textCache.get(id);
      if (t === undefined) {
        t = tok.decode([id], { skip_special_tokens: false });
        textCache.set(id, t);
      }
      return t;
    },
  };
}

/**
 * transformers.js `generate()` greedy on `promptIds` for `maxNewTokens`, calling `onToken` with each new
 * token's id as it is produced (a streamer): the reference our loop is measured against.
 */
export async function generateGreedy(model: PreTrainedModel, promptIds: readonly number[], maxNewTokens: number, onToken: (id: number) => void): Promise<void> {
  let prompt = true;
  const streamer = {
    put: (v: bigint[][]) => {
      if (prompt) {
        prompt = false;
        return;
      }
      onToken(Number(v[0]![0]));
    },
    end: () => {},
  };
  const input_ids = new Tensor('int64', BigInt64Array.from(promptIds, BigInt), [1, promptIds.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(promptIds.length).fill(1n), [1, promptIds.length]);
  const out = (await model.generate({ input_ids, attention_mask, max_new_tokens: maxNewTokens, do_sample: false, streamer } as never)) as { dispose?: () => void } | null;
  out?.dispose?.();
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
