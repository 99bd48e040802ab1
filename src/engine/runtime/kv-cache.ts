import { env, Tensor } from '@huggingface/transformers';

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

/** Counts a KV tensor handed out by this folder (forward's `present.*`, row copies). */
export function trackKvTensor(): void {
  liveKvTensors += 1;
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
  trackKvTensor();
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
    trackKvTensor();
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
