/** config.json and generation_config.json for a Qwen3ForCausalLM folder (platform notes §6). */
import type { ModelShape } from './presets';
import { tokenId, type TokenizerJson } from './tokenizer';

export interface SpecialIds { endOfText: number; imEnd: number }

export function specialIds(tokenizer: TokenizerJson): SpecialIds {
  return { endOfText: tokenId(tokenizer, '<|endoftext|>'), imEnd: tokenId(tokenizer, '<|im_end|>') };
}

/**
 * `use_external_data_format` is the number of `model.onnx_data*` files (false when inline):
 * transformers.js never discovers external data on its own. `jsConfig` replaces the whole
 * `transformers.js_config` (see onnxCommunityJsConfig).
 */
export function modelConfig(shape: ModelShape, ids: SpecialIds, externalChunks = 0, jsConfig?: Record<string, unknown>): Record<string, unknown> {
  return {
    architectures: ['Qwen3ForCausalLM'],
    model_type: 'qwen3',
    vocab_size: shape.vocab,
    hidden_size: shape.hidden,
    intermediate_size: shape.intermediate,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    num_key_value_heads: shape.kvHeads,
    head_dim: shape.headDim,
    hidden_act: 'silu',
    max_position_embeddings: shape.maxPositionEmbeddings,
    rms_norm_eps: shape.rmsNormEps,
    rope_theta: shape.ropeTheta,
    rope_scaling: null,
    attention_bias: false,
    tie_word_embeddings: true,
    // The fp16-stored graph also computes in fp32 (Casts folded at load), so both load as dtype fp32.
    torch_dtype: 'float32',
    use_cache: true,
    'transformers.js_config': jsConfig ?? { dtype: 'fp32', use_external_data_format: externalChunks > 0 ? externalChunks : false },
    bos_token_id: ids.endOfText,
    eos_token_id: ids.imEnd,
    pad_token_id: ids.endOfText,
  };
}

export function generationConfig(ids: SpecialIds): Record<string, unknown> {
  return {
    bos_token_id: ids.endOfText,
    eos_token_id: [ids.imEnd, ids.endOfText],
    pad_token_id: ids.endOfText,
    do_sample: false,
    max_new_tokens: 256,
  };
}

/**
 * `transformers.js_config` of an onnx-community export: no `dtype` (the loader chooses one per
 * device and adapter), the KV dtype of the fp16 files, and `use_external_data_format` per file name,
 * which transformers.js 4.3.1 resolves by the full file name ("model_q4.onnx": 1 → fetch
 * `model_q4.onnx_data`); files without external data are left out of the map.
 */
export function onnxCommunityJsConfig(externalChunks: Readonly<Record<string, number>>): Record<string, unknown> {
  const external = Object.fromEntries(Object.entries(externalChunks).filter(([, n]) => n > 0));
  return {
    kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' },
    use_external_data_format: Object.keys(external).length > 0 ? external : false,
  };
}
