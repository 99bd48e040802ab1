/**
 * The decoder body in onnxruntime's fused operators, as the onnx-community exports (onnxruntime-genai's
 * model builder) write it, so one kernel does the work of a standard-op subgraph:
 * - SimplifiedLayerNormalization (RMSNorm; the first input norm and Qwen3's per-head q/k norms),
 * - SkipSimplifiedLayerNormalization (com.microsoft: residual add + RMSNorm, the sum as output 3),
 * - RotaryEmbedding (com.microsoft: position_ids + cos/sin caches [max_position, head_dim / 2]),
 * - GroupQueryAttention (com.microsoft: KV concat, grouped heads, causal softmax; seqlens_k and
 *   total_sequence_length come from attention_mask as ReduceSum − 1 and its width).
 * GroupQueryAttention reads the mask as lengths, so rows must not be left-padded (the engine never
 * pads; the standard-op graph handles padding). Requires onnxruntime's CPU, WASM or WebGPU provider.
 */
import { mlp, type DecoderContext } from './decoder-context';
import { toHalf } from './half';
import { bytesOf, DataType, MS_DOMAIN, type FloatType, type GraphBuilder } from './onnx-builder';
import type { ModelShape } from './presets';

const { FLOAT, INT32 } = DataType;

/** Returns the final normed hidden state [B, S, hidden]. */
export function fusedDecoder(c: DecoderContext): string {
  const { g, shape, w } = c;
  const { layers, heads, kvHeads, headDim } = shape;
  const epsilon = { float: shape.rmsNormEps };

  const one = g.int64([1], []);
  const seqlensK = g.op('Cast', [g.op('Sub', [g.op('ReduceSum', [c.mask, g.int64([1])], { keepdims: 0 }), one])], { to: INT32 });
  const totalLength = g.op('Cast', [g.op('Gather', [g.op('Shape', [c.mask]), one], { axis: 0 })], { to: INT32 });
  const [cosCache, sinCache] = ropeCaches(g, shape, c.type);

  const norm = (v: string, weight: string): string =>
    g.op('SimplifiedLayerNormalization', [v, w.tensor(weight)], { axis: -1, epsilon, stash_type: 1 });
  /** RMSNorm(v + residual) and the new residual v + residual. */
  const addNorm = (v: string, residual: string, weight: string): [string, string] => {
    const [normed, , , sum] = g.node('SkipSimplifiedLayerNormalization', [v, residual, w.tensor(weight)], [null, '', '', null], { epsilon }, MS_DOMAIN);
    return [normed!, sum!];
  };
  /** Qwen3's per-head RMSNorm on [B, S, n·D], through [B, S, n, D]. */
  const headNorm = (v: string, n: number, weight: string): string =>
    g.op('Reshape', [norm(g.op('Reshape', [v, g.int64([0, 0, n, headDim])]), weight), g.int64([0, 0, n * headDim])]);
  const rope = (v: string): string => g.msOp('RotaryEmbedding', [v, c.positionIds, cosCache, sinCache], { interleaved: 0 });

  let residual = c.embeddings;
  let h = norm(residual, 'model.layers.0.input_layernorm.weight');
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    const q = rope(headNorm(w.linear(h, `${p}self_attn.q_proj.weight`), heads, `${p}self_attn.q_norm.weight`));
    const k = rope(headNorm(w.linear(h, `${p}self_attn.k_proj.weight`), kvHeads, `${p}self_attn.k_norm.weight`));
    const v = w.linear(h, `${p}self_attn.v_proj.weight`);
    const [attention] = g.node('GroupQueryAttention',
      [q, k, v, c.pastKey(i), c.pastValue(i), seqlensK, totalLength], [null, c.presentKey(i), c.presentValue(i)],
      { num_heads: heads, kv_num_heads: kvHeads }, MS_DOMAIN);
    const [h2, afterAttention] = addNorm(w.linear(attention!, `${p}self_attn.o_proj.weight`), residual, `${p}post_attention_layernorm.weight`);
    const next = i + 1 < layers ? `model.layers.${i + 1}.input_layernorm.weight` : 'model.norm.weight';
    [h, residual] = addNorm(mlp(c, i, h2), afterAttention, next);
  }
  return h;
}

/**
 * cos/sin caches [maxPositionEmbeddings, headDim / 2] as Hugging Face computes them: float32
 * inv_freq, float32 angle pos · inv_freq, then cos/sin (here in float64, rounded once).
 */
function ropeCaches(g: GraphBuilder, shape: ModelShape, type: FloatType): [string, string] {
  const halfDim = shape.headDim / 2;
  const positions = shape.maxPositionEmbeddings;
  const invFreq = Array.from({ length: halfDim }, (_, i) => Math.fround(1 / shape.ropeTheta ** ((2 * i) / shape.headDim)));
  const cos = new Float32Array(positions * halfDim);
  const sin = new Float32Array(positions * halfDim);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < halfDim; i++) {
      const angle = Math.fround(p * invFreq[i]!);
      cos[p * halfDim + i] = Math.cos(angle);
      sin[p * halfDim + i] = Math.sin(angle);
    }
  }
  const store = (name: string, data: Float32Array): string =>
    g.tensor(name, type, [positions, halfDim], type === FLOAT ? bytesOf(data) : bytesOf(toHalf(data)));
  return [store('cos_cache', cos), store('sin_cache', sin)];
}
