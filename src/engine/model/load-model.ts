import { EngineError } from '../../protocol/errors';
import type { Device, Dtype, LoadEvent, ModelInfo, ModelSpec } from '../../protocol/model';
import type { ChatTemplate } from './chat';
import type { EngineHost } from '../host';
import { onnxFileFor, requiredModelFiles } from './model-files';
import {
  configureRuntime,
  loadCausalLm,
  loadConfig,
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

/** Picks device and dtype from the request, the adapter and the model's own config. */
async function chooseRuntime(
  host: EngineHost,
  spec: ModelSpec,
  notices: string[],
): Promise<{ device: Device; dtypeFromAdapter: Dtype; shaderF16: boolean }> {
  let device: Device = spec.device ?? host.devices[0] ?? 'cpu';
  if (!host.devices.includes(device)) {
    const fallback = host.devices.includes('wasm') ? 'wasm' : (host.devices[0] ?? 'cpu');
    notices.push(`${device} is not available here: running on ${fallback.toUpperCase()}`);
    device = fallback;
  }
  let shaderF16 = false;
  if (device === 'webgpu') {
    const adapter = await host.adapter();
    if (!adapter) {
      if (spec.device === 'webgpu' && !host.devices.includes('wasm')) {
        throw new EngineError('no-webgpu', 'WebGPU was requested but no adapter is available');
      }
      notices.push('No WebGPU adapter: running on WASM (CPU)');
      device = 'wasm';
    } else {
      shaderF16 = adapter.shaderF16;
    }
  }
  return { device, dtypeFromAdapter: shaderF16 ? 'q4f16' : 'q4', shaderF16 };
}

function describeLoadError(e: unknown, stage: 'config' | 'tokenizer' | 'model', dtype: Dtype): EngineError {
  if (e instanceof EngineError) return e;
  const raw = e instanceof Error ? e.message : String(e);
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
  configureRuntime({
    localModelRoot: host.localModelRoot,
    source: spec.source,
    useBrowserCache: spec.source === 'hub',
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

    const vocab = deriveVocabIds(tokenizer, eosFrom(config));
    const layers = num(config, 'num_hidden_layers');
    const hidden = num(config, 'hidden_size');
    const heads = num(config, 'num_attention_heads');
    const kvHeads = num(config, 'num_key_value_heads', heads);
    const headDim = num(config, 'head_dim', hidden / heads);
    const vocabSize = num(config, 'vocab_size');
    const inter = num(config, 'intermediate_size');
    const tied = config['tie_word_embeddings'] !== false;
    const perLayer = hidden * (heads * headDim) * 2 + hidden * (kvHeads * headDim) * 2 + 3 * hidden * inter;
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
      parameters: layers * perLayer + vocabSize * hidden * (tied ? 1 : 2),
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
    throw describeLoadError(e, stage, dtype);
  }
}
