import { EngineError } from '../../protocol/errors';
import type { AdapterInfo, Device, Dtype, LoadEvent, ModelInfo, ModelSpec } from '../../protocol/model';
import type { ChatTemplate } from './chat';
import { configuredDtype, eosFrom, modelShape, templateFor } from './model-config';
import type { EngineHost, ModelFileChecker } from '../host';
import { folderChecker, modelConfigProblem, onnxFileFor, requiredModelFiles } from './model-files';
import { loadableDtype } from '../../core/model-layout';
import { configureRuntime, loadCausalLm, loadConfig, DEFAULT_MODEL_HOST, FOLDER_MODEL_ID, FOLDER_ROOT, generationEosIds, loadTokenizer, wasmThreads, type PreTrainedModel, type RawConfig } from '../runtime/setup';
import { wrapTokenizer, type TokenizerLike } from '../runtime/tokenizer';
import { deriveVocabIds, type VocabIds } from './vocab';

/** A model ready to decode: the session, its tokenizer wrapper, ids derived at load, and facts. */
export interface LoadedModel {
  readonly model: PreTrainedModel;
  readonly tokenizer: TokenizerLike;
  readonly vocab: VocabIds;
  readonly template: ChatTemplate;
  readonly info: ModelInfo;
}

/** The device to load on, and what the adapter allows. */
interface Runtime {
  readonly device: Device;
  readonly dtypeFromAdapter: Dtype;
  readonly shaderF16: boolean;
}

/** What the page says when it runs on WASM because the adapter is a software renderer. */
export function softwareAdapterNotice(adapter: AdapterInfo): string {
  const name = [adapter.vendor, adapter.architecture].filter(Boolean).join(' · ') || 'unnamed';
  return `WebGPU here is a software renderer (${name}): it runs on the CPU and is far slower than WASM for these models, so the model runs on WASM. Choose WebGPU under Device to try it anyway.`;
}

/** Picks the device from the request and the adapter, saying why whenever it is not what was asked for or not WebGPU. */
async function chooseRuntime(
  host: EngineHost,
  spec: ModelSpec,
  notices: string[],
): Promise<Runtime> {
  // The CPU backend of this host: WASM in a browser, onnxruntime-node in Node.
  const cpu: Device = host.devices.includes('wasm') ? 'wasm' : 'cpu';
  const wasmOr = (d: Device) => (host.devices.includes('wasm') ? 'wasm' : d);
  let device: Device = spec.device ?? (host.devices.includes('webgpu') ? 'webgpu' : (host.devices[0] ?? 'cpu'));
  if (!host.devices.includes(device)) {
    const fallback = wasmOr(host.devices[0] ?? 'cpu');
    notices.push(`${device.toUpperCase()} is not available here: running on ${fallback.toUpperCase()}`);
    device = fallback;
  }
  let shaderF16 = false;
  if (device === 'webgpu') {
    const adapter = await host.adapter();
    if (!adapter) {
      if (spec.device === 'webgpu' && !host.devices.includes('wasm')) {
        throw new EngineError('no-webgpu', 'WebGPU was requested but no adapter is available');
      }
      notices.push('This browser offers no WebGPU adapter: running on WASM (the CPU).');
      device = cpu;
    } else if (adapter.isFallback && spec.device === undefined) {
      notices.push(softwareAdapterNotice(adapter));
      device = cpu;
    } else {
      shaderF16 = adapter.shaderF16;
      if (adapter.isFallback) notices.push('WebGPU on a software renderer, as chosen: expect it to be far slower than WASM.');
    }
  }
  return { device, dtypeFromAdapter: shaderF16 ? 'q4f16' : 'q4', shaderF16 };
}

/** The base URL of a hub model's host: the spec's, checked, or the hub. */
function modelHost(spec: ModelSpec): string {
  if (spec.host === undefined || (typeof spec.host === 'string' && spec.host.trim() === '')) return DEFAULT_MODEL_HOST;
  if (typeof spec.host !== 'string') throw new EngineError('bad-input', 'Model host must be a URL string');
  let url: URL;
  try {
    url = new URL(spec.host.trim());
  } catch {
    throw new EngineError('bad-input', `Model host "${spec.host.slice(0, 80)}" is not a URL; give one such as https://models.example.org/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new EngineError('bad-input', `Model host must be an http(s) URL; got ${url.protocol}`);
  if (url.search || url.hash) throw new EngineError('bad-input', 'Model host must be a plain base URL, without ?query or #fragment');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function describeLoadError(e: unknown, stage: Stage, dtype: Dtype, remoteHost: string | null): EngineError {
  if (e instanceof EngineError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  if (remoteHost !== null && /failed to fetch|networkerror|load failed|fetch failed/i.test(raw)) {
    return new EngineError(
      'unreachable',
      `Could not reach the model host ${remoteHost} (offline, or blocked: a host other than the page's own and the Hugging Face hub must be added to the page's Content-Security-Policy connect-src, see README "Hosting")`,
    );
  }
  const file = stage === 'config' ? 'config.json' : stage === 'tokenizer' ? 'tokenizer.json' : onnxFileFor(dtype);
  if (/could not locate|not found|404|ENOENT|no such file/i.test(raw)) {
    return new EngineError('model-file-missing', `Model file missing: ${file} (${raw})`, { file });
  }
  const fatal = stage === 'model';
  return new EngineError(
    stage === 'model' ? 'backend-failed' : 'model-file-corrupt',
    `Could not load ${file}: ${raw}`,
    { file, fatal },
  );
}

type Stage = 'config' | 'tokenizer' | 'model';

/** Where a load stands, so an error can name the file it was reading. */
interface LoadProgress {
  stage: Stage;
  dtype: Dtype;
  bytes: number;
}

/** How the files of `spec` are found: transformers.js's model id, and the checker that names a bad file (null: the hub reports its own). */
interface FileSource {
  readonly runtimeId: string;
  readonly check: ModelFileChecker | null;
}

function fileSource(host: EngineHost, spec: ModelSpec): FileSource {
  if (spec.source === 'folder') return { runtimeId: FOLDER_MODEL_ID, check: folderChecker(spec.id, spec.files ?? {}) };
  return { runtimeId: spec.id, check: spec.source === 'local' ? host.checkModelFiles : null };
}

/** config.json, read and checked; the dtype to load (shader-f16 permitting); the other files checked to exist. */
async function readConfig(src: FileSource, spec: ModelSpec, runtime: Runtime, notices: string[], p: LoadProgress): Promise<RawConfig> {
  if (src.check) p.bytes += (await src.check(spec.id, ['config.json'])).bytes;
  const config = await loadConfig(src.runtimeId);
  const problem = modelConfigProblem(config);
  if (problem) throw new EngineError('model-file-corrupt', problem, { file: 'config.json' });
  p.dtype = spec.dtype ?? configuredDtype(config) ?? (runtime.device === 'webgpu' ? runtime.dtypeFromAdapter : 'q4');
  const loadable = loadableDtype(p.dtype, runtime.device, runtime.shaderF16);
  if (loadable !== p.dtype) {
    notices.push(`This GPU has no shader-f16: using ${loadable} (fp32 compute) instead of ${p.dtype}`);
    p.dtype = loadable;
  }
  const external = (config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined)?.use_external_data_format;
  if (src.check) p.bytes += (await src.check(spec.id, requiredModelFiles(p.dtype, external).slice(1))).bytes;
  return config;
}

/** The ONNX session, forwarding transformers.js's download progress as load events. */
function loadSession(runtimeId: string, runtime: Runtime, dtype: Dtype, onEvent: (e: LoadEvent) => void): Promise<PreTrainedModel> {
  return loadCausalLm(runtimeId, {
    device: runtime.device,
    dtype,
    onProgress: (p) => {
      if (p.status === 'progress') onEvent({ type: 'progress', file: p.file, loaded: p.loaded, total: p.total });
      else if (p.status === 'progress_total') onEvent({ type: 'progress-total', loaded: p.loaded, total: p.total, files: p.files });
    },
  });
}

/** Loads config, tokenizer and ONNX session, reporting progress and naming any broken file. */
export async function loadModel(host: EngineHost, spec: ModelSpec, onEvent: (e: LoadEvent) => void): Promise<LoadedModel> {
  const t0 = host.now();
  const notices: string[] = [];
  const remoteHost = modelHost(spec);
  if (spec.source === 'hub' && !host.allowRemote) throw new EngineError('bad-input', `Hub models are not allowed here (no network): ${spec.id}`);
  if (spec.source === 'folder' && (!host.folderFetch || !spec.files)) {
    throw new EngineError('bad-input', spec.files ? 'Opened folders are read in the browser only; in Node give the folder with --model' : 'The opened folder sent no files');
  }
  configureRuntime({
    localModelRoot: host.localModelRoot, source: spec.source, useBrowserCache: spec.source === 'hub', remoteHost,
    ...(spec.source === 'folder' ? { folderFetch: host.folderFetch!(spec.files!, `${FOLDER_ROOT}${FOLDER_MODEL_ID}/`) } : {}),
    ...(host.ortWasmUrl ? { ortWasmUrl: host.ortWasmUrl } : {}),
    ...(spec.wasmThreads ? { wasmThreads: spec.wasmThreads } : {}),
  });
  const src = fileSource(host, spec);
  const runtime = await chooseRuntime(host, spec, notices);
  const p: LoadProgress = { stage: 'config', dtype: spec.dtype ?? 'fp32', bytes: 0 };
  try {
    const config = await readConfig(src, spec, runtime, notices, p);
    for (const n of notices) onEvent({ type: 'notice', message: n });
    p.stage = 'tokenizer';
    const tokenizer = wrapTokenizer(await loadTokenizer(src.runtimeId));
    onEvent({ type: 'stage', stage: 'tokenizer', ms: host.now() - t0 });
    p.stage = 'model';
    const model = await loadSession(src.runtimeId, runtime, p.dtype, onEvent);
    onEvent({ type: 'stage', stage: 'model', ms: host.now() - t0 });
    // Rows stop on every EOS id of config.json and generation_config.json (Qwen3's list has two).
    const vocab = deriveVocabIds(tokenizer, [...eosFrom(config), ...generationEosIds(model)]);
    const shape = modelShape(config);
    const info: ModelInfo = {
      id: spec.id, source: spec.source, device: runtime.device, dtype: p.dtype, notices, ...shape,
      tokenizerSize: Math.min(tokenizer.size || shape.vocabSize, shape.vocabSize),
      thinkStartId: vocab.thinkStartId, thinkEndId: vocab.thinkEndId, eosIds: vocab.eosIds,
      triggerTokens: vocab.triggers, droppedTriggerWords: vocab.droppedTriggerWords, loadMs: host.now() - t0, bytes: p.bytes,
      wasmThreads: runtime.device === 'wasm' ? wasmThreads() : null,
    };
    return { model, tokenizer, vocab, template: templateFor(spec, config), info };
  } catch (e) {
    throw describeLoadError(e, p.stage, p.dtype, spec.source === 'hub' ? remoteHost : null);
  }
}
