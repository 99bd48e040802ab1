/**
 * What the engine reads from a model's config.json: the decoder's shape (cache size, parameter count,
 * context), its EOS ids, the chat template flavour and the dtype the export asks for. The file was
 * already checked to be a decoder config (model-files.ts `modelConfigProblem`).
 */
import { EngineError } from '../../protocol/errors';
import type { Dtype, ModelSpec } from '../../protocol/model';
import type { RawConfig } from '../runtime/setup';
import type { ChatTemplate } from './chat';

function num(config: RawConfig, key: string, fallback?: number): number {
  const v = config[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (fallback !== undefined) return fallback;
  throw new EngineError('model-file-corrupt', `config.json has no numeric "${key}"`, { file: 'config.json' });
}

export function eosFrom(config: RawConfig): number[] {
  const e = config['eos_token_id'];
  if (Array.isArray(e)) return e.filter((x): x is number => typeof x === 'number');
  return typeof e === 'number' ? [e] : [];
}

export function templateFor(spec: ModelSpec, config: RawConfig): ChatTemplate {
  if (spec.template) return spec.template;
  return config['model_type'] === 'qwen3' ? 'qwen3' : 'deepseek-r1';
}

export function configuredDtype(config: RawConfig): Dtype | null {
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


/** The decoder's shape and size as ModelInfo reports them. */
export function modelShape(config: RawConfig) {
  const layers = num(config, 'num_hidden_layers');
  const hidden = num(config, 'hidden_size');
  const heads = num(config, 'num_attention_heads');
  const kvHeads = num(config, 'num_key_value_heads', heads);
  const headDim = num(config, 'head_dim', hidden / heads);
  const vocabSize = num(config, 'vocab_size');
  const inter = num(config, 'intermediate_size');
  const tied = config['tie_word_embeddings'] !== false;
  const modelType = String(config['model_type'] ?? 'unknown');
  const parameters = decoderParameters({
    layers, hidden, heads, kvHeads, headDim, inter, vocabSize, tied,
    qkNorm: modelType === 'qwen3', qkvBias: modelType === 'qwen2' || config['attention_bias'] === true,
  });
  return {
    modelType, vocabSize, contextLength: num(config, 'max_position_embeddings', 4096), layers, hiddenSize: hidden, kvHeads, headDim,
    parameters, tiedEmbeddings: tied,
  };
}
