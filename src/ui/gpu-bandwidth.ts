/**
 * A WebGPU memory-bandwidth microbenchmark, run in the page (its own device, not the worker's).
 *
 * Two kernels stream one large storage buffer with a grid-stride loop of vec4<u32> loads:
 * - read: every element is loaded and folded into a per-thread value that is stored only under a
 *   condition the compiler cannot rule out, so the loads stay and almost nothing is written. Decoding
 *   mostly reads (weights and KV), so this is the number the roofline uses.
 * - copy: every element is loaded and stored into a second buffer (bytes moved = 2 × buffer).
 * Each kernel runs `warmup` untimed passes first (pipeline creation, first-touch paging, clock ramp-up),
 * then `repeats` timed passes; the result is the median. Timing uses timestamp queries when the adapter
 * offers 'timestamp-query' (GPU time of each pass), else wall-clock around submit → onSubmittedWorkDone
 * (slightly pessimistic: it includes submission latency).
 */

export const WORKGROUP_SIZE = 256;
/** Target buffer size: well above any GPU cache (L2 / Infinity Cache / SLC are at most ~128 MiB), small enough to sit beside a loaded model. */
export const TARGET_BUFFER_BYTES = 256 * 1024 * 1024;

export interface BandwidthResult {
  readonly readGBs: number;
  readonly copyGBs: number;
  readonly bufferBytes: number;
  readonly timing: 'timestamp-query' | 'wall-clock';
  /** Median ms of one pass of each kernel. */
  readonly readMs: number;
  readonly copyMs: number;
  readonly warmup: number;
  readonly repeats: number;
  readonly adapter: string;
}

/** GB/s (10⁹ bytes) from bytes moved and milliseconds. */
export function bandwidthGBs(bytes: number, ms: number): number {
  if (!(ms > 0)) throw new Error(`bandwidthGBs: time must be positive, got ${ms}`);
  return bytes / (ms / 1000) / 1e9;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The buffer size to test: the target, capped by the adapter's limits, a multiple of 16 bytes (one vec4). */
export function chooseBufferBytes(limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }, target = TARGET_BUFFER_BYTES): number {
  const cap = Math.min(target, limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  const bytes = Math.floor(cap / 16) * 16;
  if (bytes < 16 * 1024 * 1024) throw new Error(`GPU storage buffers are limited to ${cap} bytes: too small to measure memory bandwidth`);
  return bytes;
}

/** Workgroups for a grid-stride pass over `elements` vec4s: about 16 elements per thread, within the dispatch limit. */
export function workgroupCount(elements: number, maxPerDimension: number): number {
  return Math.max(1, Math.min(maxPerDimension, Math.ceil(elements / (WORKGROUP_SIZE * 16))));
}

const READ_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sink: array<u32>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let stride = groups.x * ${WORKGROUP_SIZE}u;
  let n = arrayLength(&src);
  var acc = vec4<u32>(0u);
  for (var i = gid.x; i < n; i = i + stride) { acc = acc ^ src[i]; }
  if (acc.x == 0x9e3779b9u && acc.y == 0x7f4a7c15u && acc.z == 0xbf58476du) { sink[gid.x] = acc.w; }
}`;

const COPY_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<u32>>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let stride = groups.x * ${WORKGROUP_SIZE}u;
  let n = arrayLength(&src);
  for (var i = gid.x; i < n; i = i + stride) { dst[i] = src[i]; }
}`;

interface Kernel {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
}

function kernel(device: GPUDevice, code: string, a: GPUBuffer, b: GPUBuffer): Kernel {
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: b } }],
  });
  return { pipeline, bindGroup };
}

/** Runs `passes` passes of `k`; returns each pass's ms (GPU timestamps) or the mean ms per pass (wall clock). */
async function timePasses(device: GPUDevice, k: Kernel, groups: number, passes: number, timestamps: boolean): Promise<number[]> {
  const encoder = device.createCommandEncoder();
  const querySet = timestamps ? device.createQuerySet({ type: 'timestamp', count: 2 * passes }) : null;
  for (let p = 0; p < passes; p++) {
    const pass = encoder.beginComputePass(
      querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * p, endOfPassWriteIndex: 2 * p + 1 } } : {},
    );
    pass.setPipeline(k.pipeline);
    pass.setBindGroup(0, k.bindGroup);
    pass.dispatchWorkgroups(groups);
    pass.end();
  }
  let resolve: GPUBuffer | null = null;
  let readback: GPUBuffer | null = null;
  if (querySet) {
    resolve = device.createBuffer({ size: 16 * passes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    readback = device.createBuffer({ size: 16 * passes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    encoder.resolveQuerySet(querySet, 0, 2 * passes, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, readback, 0, 16 * passes);
  }
  const t0 = performance.now();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  const wallMs = performance.now() - t0;
  if (!querySet || !readback || !resolve) return [wallMs / passes];
  try {
    await readback.mapAsync(GPUMapMode.READ);
    const ns = new BigUint64Array(readback.getMappedRange().slice(0));
    readback.unmap();
    const out: number[] = [];
    for (let p = 0; p < passes; p++) out.push(Number(ns[2 * p + 1]! - ns[2 * p]!) / 1e6);
    // Some implementations quantise or zero timestamps: fall back to the wall clock then.
    return out.every((ms) => ms > 0) ? out : [wallMs / passes];
  } finally {
    querySet.destroy();
    resolve.destroy();
    readback.destroy();
  }
}

export interface BandwidthOptions {
  readonly warmup?: number;
  readonly repeats?: number;
  readonly targetBytes?: number;
}

/** Measures read and copy bandwidth on this page's WebGPU adapter. Throws when WebGPU is unavailable. */
export async function measureGpuBandwidth(opts: BandwidthOptions = {}): Promise<BandwidthResult> {
  const warmup = opts.warmup ?? 3;
  const repeats = opts.repeats ?? 10;
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new Error('WebGPU is not available in this browser');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('No WebGPU adapter');
  const bytes = chooseBufferBytes(adapter.limits, opts.targetBytes);
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
    requiredLimits: { maxBufferSize: bytes, maxStorageBufferBindingSize: bytes },
  });
  const elements = bytes / 16;
  const groups = workgroupCount(elements, device.limits.maxComputeWorkgroupsPerDimension);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const src = device.createBuffer({ size: bytes, usage });
  const dst = device.createBuffer({ size: bytes, usage });
  const sink = device.createBuffer({ size: groups * WORKGROUP_SIZE * 4, usage });
  try {
    // Touch the source once so it is resident and not a lazily zeroed page.
    const enc = device.createCommandEncoder();
    enc.clearBuffer(src);
    device.queue.submit([enc.finish()]);
    const read = kernel(device, READ_WGSL, src, sink);
    const copy = kernel(device, COPY_WGSL, src, dst);
    const measure = async (k: Kernel) => {
      if (warmup > 0) await timePasses(device, k, groups, warmup, false);
      return median(await timePasses(device, k, groups, repeats, timestamps));
    };
    const readMs = await measure(read);
    const copyMs = await measure(copy);
    const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
    return {
      readGBs: bandwidthGBs(bytes, readMs),
      copyGBs: bandwidthGBs(2 * bytes, copyMs),
      bufferBytes: bytes,
      timing: timestamps ? 'timestamp-query' : 'wall-clock',
      readMs,
      copyMs,
      warmup,
      repeats,
      adapter: [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(' ') || 'unknown adapter',
    };
  } finally {
    src.destroy();
    dst.destroy();
    sink.destroy();
    device.destroy();
  }
}
