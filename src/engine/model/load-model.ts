import { EngineError } from '../../protocol/errors';
import type { AdapterInfo, Device, Dtype, LoadEvent, ModelInfo, ModelSpec } from '../../protocol/model';
import type { ChatTemplate } from './chat';
import type { EngineHost } from '../host';
import { modelConfigProblem, onnxFileFor, requiredModelFiles } from './model-files';
import {
  configureRuntime,
  loadCausalLm,
  loadConfig,
  DEFAULT_MODEL_HOST,
  generationEosIds,
  loadTokenizer,
  wrapTokenizer,
  type PreTrainedModel,
  type RawConfig,
  type TokenizerLike,
} from '../runtime';
import { deriveVocabIds, type VocabIds } from './vocab';

/** A model ready to decode: the session, its tokenizer wrapper, ids derived at load, and facts. */
export interface LoadedModel {
  readonly model: PreTrainedModel;
  readonly tokenizer: TokenizerLike;
  readonly vocab: VocabIds;
  readonly template: ChatTemplate;
  readonly info: ModelInfo;
}

function num(config: RawConfig, key: string, fallback?: number): number {
  const v = config[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (fallback !== undefined) return fallback;
  throw new EngineError('model-file-corrupt', `config.json has no numeric "${key}"`, { file: 'config.json' });
}

function eosFrom(config: RawConfig): number[] {
  const e = config['eos_token_id'];
  if (Array.isArray(e)) return e.filter((x): x is number => typeof x === 'number');
  return typeof e === 'number' ? [e] : [];
}

function templateFor(spec: ModelSpec, config: RawConfig): ChatTemplate {
  if (spec.template) return spec.template;
  return config['model_type'] === 'qwen3' ? 'qwen3' : 'deepseek-r1';
}

function configuredDtype(config: RawConfig): Dtype | null {
  const tjs = config['transformers.js_config'] as { dtype?: unknown } | undefined;
  const d = tjs?.dtype;
  return typeof d === 'string' ? (d as Dtype) : null;
}

/**
 * Parameters of a Qwen2/Qwen3 decoder from its shape: attention and MLP matrices, the two RMSNorms of
 * each layer and the final one, Qwen3's per-head q/k norms, Qwen2's q/k/v biases, and the embedding
 * (once when tied to the LM head).
 */
export function decoderParameters(c: {
  layers: number; hidden: number; heads: number; kvHeads: number; headDim: number; inter: number; vocabSize: number;
  tied: boolean; qkNorm: boolean; qkvBias: boolean;
}): number {
  const q = c.heads * c.headDim;
  const kv = c.kvHeads * c.headDim;
  const attention = c.hidden * q * 2 + c.hidden * kv * 2 + (c.qkvBias ? q + 2 * kv : 0) + (c.qkNorm ? 2 * c.headDim : 0);
  const perLayer = attention + 3 * c.hidden * c.inter + 2 * c.hidden;
  return c.layers * perLayer + c.hidden + c.vocabSize * c.hidden * (c.tied ? 1 : 2);
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
): Promise<{ device: Device; dtypeFromAdapter: Dtype; shaderF16: boolean }> {
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

function describeLoadError(e: unknown, stage: 'config' | 'tokenizer' | 'model', dtype: Dtype, remoteHost: string | null): EngineError {
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

/** Loads config, tokenizer and ONNX session, reporting progress and naming any broken file. */
export async function loadModel(
  host: EngineHost,
  spec: ModelSpec,
  onEvent: (e: LoadEvent) => void,
): Promise<LoadedModel> {
  const t0 = host.now();
  const notices: string[] = [];
  const remoteHost = modelHost(spec);
  configureRuntime({
    localModelRoot: host.localModelRoot,
    source: spec.source,
    useBrowserCache: spec.source === 'hub',
    remoteHost,
    ...(host.ortWasmUrl ? { ortWasmUrl: host.ortWasmUrl } : {}),
  });
  if (spec.source === 'hub' && !host.allowRemote) {
    throw new EngineError('bad-input', `Hub models are not allowed here (no network): ${spec.id}`);
  }
  const runtime = await chooseRuntime(host, spec, notices);
  let stage: 'config' | 'tokenizer' | 'model' = 'config';
  let dtype: Dtype = spec.dtype ?? 'fp32';
  try {
    let bytes = 0;
    if (spec.source === 'local') {
      bytes += (await host.checkModelFiles(spec.id, ['config.json'])).bytes;
    }
    const config = await loadConfig(spec.id);
    const configProblem = modelConfigProblem(config);
    if (configProblem) throw new EngineError('model-file-corrupt', configProblem, { file: 'config.json' });
    dtype = spec.dtype ?? configuredDtype(config) ?? (runtime.device === 'webgpu' ? runtime.dtypeFromAdapter : 'q4');
    if (runtime.device === 'webgpu' && !runtime.shaderF16 && (dtype === 'q4f16' || dtype === 'fp16')) {
      notices.push(`This GPU has no shader-f16: using q4 (fp32 compute) instead of ${dtype}`);
      dtype = 'q4';
    }
    if (spec.source === 'local') {
      bytes += (await host.checkModelFiles(spec.id, requiredModelFiles(dtype).slice(1))).bytes;
    }
    for (const n of notices) onEvent({ type: 'notice', message: n });

    stage = 'tokenizer';
    const tokenizer = wrapTokenizer(await loadTokenizer(spec.id));
    onEvent({ type: 'stage', stage: 'tokenizer', ms: host.now() - t0 });

    stage = 'model';
    const model = await loadCausalLm(spec.id, {
      device: runtime.device,
      dtype,
      onProgress: (p) => {
        if (p.status === 'progress') {
          onEvent({ type: 'progress', file: p.file, loaded: p.loaded, total: p.total });
        } else if (p.status === 'progress_total') {
          onEvent({ type: 'progress-total', loaded: p.loaded, total: p.total, files: p.files });
        }
      },
    });
    onEvent({ type: 'stage', stage: 'model', ms: host.now() - t0 });

    // Rows stop on every EOS id of config.json and generation_config.json (Qwen3's list has two).
    const vocab = deriveVocabIds(tokenizer, [...eosFrom(config), ...generationEosIds(model)]);
    const layers = num(config, 'num_hidden_layers');
    const hidden = num(config, 'hidden_size');
    const heads = num(config, 'num_attention_heads');
    const kvHeads = num(config, 'num_key_value_heads', heads);
    const headDim = num(config, 'head_dim', hidden / heads);
    const vocabSize = num(config, 'vocab_size');
    const inter = num(config, 'intermediate_size');
    const tied = config['tie_word_embeddings'] !== false;
    const info: ModelInfo = {
      id: spec.id,
      source: spec.source,
      device: runtime.device,
      dtype,
      notices,
      modelType: String(config['model_type'] ?? 'unknown'),
      vocabSize,
      tokenizerSize: Math.min(tokenizer.size || vocabSize, vocabSize),
      contextLength: num(config, 'max_position_embeddings', 4096),
      layers,
      hiddenSize: hidden,
      kvHeads,
      headDim,
      parameters: decoderParameters({ layers, hidden, heads, kvHeads, headDim, inter, vocabSize, tied, qkNorm: config['model_type'] === 'qwen3', qkvBias: config['model_type'] === 'qwen2' || config['attention_bias'] === true }),
      tiedEmbeddings: tied,
      thinkStartId: vocab.thinkStartId,
      thinkEndId: vocab.thinkEndId,
      eosIds: vocab.eosIds,
      triggerTokens: vocab.triggers,
      droppedTriggerWords: vocab.droppedTriggerWords,
      loadMs: host.now() - t0,
      bytes,
    };
    return { model, tokenizer, vocab, template: templateFor(spec, config), info };
  } catch (e) {
    throw describeLoadError(e, stage, dtype, spec.source === 'hub' ? remoteHost : null);
  }
}
