// The ORT wasm is a plain asset URL served by the app (never a CDN); importing it with ?url runs no code.
// eslint-disable-next-line no-restricted-imports
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { EngineHost, ModelFileChecker } from '../src/engine/host';
import { jsonProblem } from '../src/engine/model/model-files';
import { EngineError } from '../src/protocol/errors';
import type { AdapterInfo, ModelFile } from '../src/protocol/model';

/**
 * Counts live GPU buffers by wrapping createBuffer/destroy before the first model load, so a test
 * can show that repeated runs do not leak device memory.
 */
let liveGpuBuffers: number | null = null;
function instrumentGpuBuffers(): void {
  if (liveGpuBuffers !== null || typeof GPUDevice === 'undefined') return;
  liveGpuBuffers = 0;
  const create = GPUDevice.prototype.createBuffer;
  const destroy = GPUBuffer.prototype.destroy;
  const destroyed = new WeakSet<GPUBuffer>();
  GPUDevice.prototype.createBuffer = function (this: GPUDevice, d: GPUBufferDescriptor) {
    liveGpuBuffers! += 1;
    return create.call(this, d);
  };
  GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
    if (!destroyed.has(this)) {
      destroyed.add(this);
      liveGpuBuffers! -= 1;
    }
    return destroy.call(this);
  };
}

/**
 * Counts compute dispatches by wrapping GPUComputePassEncoder's dispatch calls (as the buffer
 * counter wraps createBuffer), so a benchmark can report dispatches per decode token: the fixed
 * per-token cost that fused operators cut.
 */
let gpuDispatches: number | null = null;
function instrumentGpuDispatches(): void {
  if (gpuDispatches !== null || typeof GPUComputePassEncoder === 'undefined') return;
  gpuDispatches = 0;
  const pass = GPUComputePassEncoder.prototype;
  const direct = pass.dispatchWorkgroups;
  const indirect = pass.dispatchWorkgroupsIndirect;
  pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<typeof direct>) {
    gpuDispatches! += 1;
    return direct.apply(this, args);
  };
  pass.dispatchWorkgroupsIndirect = function (this: GPUComputePassEncoder, ...args: Parameters<typeof indirect>) {
    gpuDispatches! += 1;
    return indirect.apply(this, args);
  };
}

let adapterPromise: Promise<AdapterInfo | null> | null = null;
function probeAdapter(): Promise<AdapterInfo | null> {
  adapterPromise ??= (async () => {
    const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return null;
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const software = /swiftshader|llvmpipe|lavapipe|software|basic render/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
    return {
      isFallback: info.isFallbackAdapter === true || legacyFallback === true || software,
      vendor: info.vendor,
      architecture: info.architecture,
      description: info.description,
      shaderF16: adapter.features.has('shader-f16'),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  })();
  return adapterPromise;
}

/** Fetches the small JSON files and checks the rest exist, naming the first bad file. */
function fetchChecker(root: string): ModelFileChecker {
  return async (modelId, files) => {
    let bytes = 0;
    for (const file of files) {
      const url = `${root}${modelId}/${file}`;
      const isJson = file.endsWith('.json');
      let res: Response;
      try {
        // no-store: a revalidated HEAD may come back without content-length.
        res = await fetch(url, { method: isJson ? 'GET' : 'HEAD', cache: 'no-store' });
      } catch (e) {
        throw new EngineError('model-file-missing', `Model file unreachable: ${modelId}/${file} (${String(e)})`, { file });
      }
      if (!res.ok) throw new EngineError('model-file-missing', `Model file missing: ${modelId}/${file} (HTTP ${res.status})`, { file });
      if ((res.headers.get('content-type') ?? '').includes('text/html')) {
        throw new EngineError('model-file-missing', `Model file missing: ${modelId}/${file} (the server answered with an HTML page)`, { file });
      }
      if (isJson) {
        const text = await res.text();
        const why = jsonProblem(text);
        if (why) throw new EngineError('model-file-corrupt', `Model file is not valid JSON: ${modelId}/${file} (${why})`, { file });
        bytes += text.length;
      } else {
        const header = res.headers.get('content-length');
        if (header !== null && Number(header) === 0) {
          throw new EngineError('model-file-corrupt', `Model file is empty: ${modelId}/${file}`, { file });
        }
        bytes += Number(header ?? 0);
      }
    }
    return { bytes };
  };
}

/**
 * Yields one task so a cancel message can land between decode steps. A MessageChannel round trip,
 * not setTimeout(0): browsers clamp nested timeouts to >= 4 ms, which would add 4 ms to every token.
 */
function messageChannelYield(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

/**
 * transformers.js's `fetch` for a folder the user opened: files under `root` come from the folder, with
 * their size as content-length (so the progress bar works); anything else is a 404. Nothing reaches the
 * network.
 */
function folderFetch(files: Readonly<Record<string, ModelFile>>, root: string): (url: string) => Promise<Response> {
  return async (url) => {
    const path = String(url);
    const rel = path.startsWith(root) ? decodeURIComponent(path.slice(root.length)) : null;
    const file = rel !== null && Object.hasOwn(files, rel) ? files[rel] : undefined;
    if (!file) return new Response(`Not in the opened folder: ${rel ?? path}`, { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(file as unknown as Blob, { status: 200, headers: { 'content-length': String(file.size) } });
  };
}

export function webHost(): EngineHost {
  instrumentGpuBuffers();
  instrumentGpuDispatches();
  // A path, not an http(s) URL: transformers.js treats http(s) model paths as remote and skips its
  // local-model lookup.
  const root = `${import.meta.env.BASE_URL}models/`;
  const hasGpu = typeof (self.navigator as Navigator & { gpu?: GPU }).gpu !== 'undefined';
  return {
    now: () => performance.now(),
    devices: hasGpu ? ['webgpu', 'wasm'] : ['wasm'],
    adapter: probeAdapter,
    localModelRoot: root,
    allowRemote: true,
    ortWasmUrl,
    yieldToEvents: messageChannelYield(),
    gpuBufferCount: () => liveGpuBuffers,
    gpuDispatchCount: () => gpuDispatches,
    checkModelFiles: fetchChecker(root),
    folderFetch,
  };
}
