/**
 * The decoder body in standard ONNX operators (platform notes §6 "Ops and math"): RMSNorm as
 * ReduceMean/Sqrt/Div, RoPE from cos/sin tables computed in the graph, attention as MatMul +
 * additive mask + Softmax, KV as Concat, GQA as Expand. Runs on every onnxruntime backend.
 * Under fp16 compute it follows Hugging Face's fp16 numerics: RMSNorm, the RoPE tables and the
 * softmax are computed in float32 and cast back.
 */
import { mlp, type DecoderContext } from './decoder-context';
import { DataType } from './onnx-builder';

const { FLOAT, FLOAT16, BOOL } = DataType;

/**
 * Bias for masked attention scores: finite, so a fully masked (padding) query row gives no NaN.
 * Under fp16 the most negative finite half.
 */
const MASKED = { [FLOAT]: -1e9, [FLOAT16]: -65504 };

/** Returns the final normed hidden state [B, S, hidden]. */
export function standardDecoder(c: DecoderContext): string {
  const { g, shape, type, w } = c;
  const { layers, heads, kvHeads, headDim } = shape;
  const half = type === FLOAT16;
  const toCompute = (v: string): string => (half ? g.op('Cast', [v], { to: FLOAT16 }) : v);
  const toFloat = (v: string): string => (half ? g.op('Cast', [v], { to: FLOAT }) : v);

  // Attention bias [B,1,S,T]: key j is visible to query s iff j ≤ past + s and the mask keeps j.
  const one = g.int64([1], []);
  const total = g.op('Gather', [g.op('Shape', [c.mask]), one], { axis: 0 });
  const seq = g.op('Gather', [g.op('Shape', [c.inputIds]), one], { axis: 0 });
  const past = g.op('Sub', [total, seq]);
  const keyPos = g.op('Range', [g.int64([0], []), total, one]);
  const queryPos = g.op('Unsqueeze', [g.op('Range', [past, total, one]), g.int64([1])]);
  const causal = g.op('LessOrEqual', [keyPos, queryPos]);
  const kept = g.op('Unsqueeze', [g.op('Cast', [c.mask], { to: BOOL }), g.int64([1, 2])]);
  const bias = g.op('Where', [g.op('And', [causal, kept]), g.floatOf(type, [0], []), g.floatOf(type, [MASKED[type]], [])]);

  // RoPE tables [B,1,S,D] in float32: emb = concat(pos·inv_freq, pos·inv_freq).
  const invFreq = Array.from({ length: headDim / 2 }, (_, i) => 1 / shape.ropeTheta ** ((2 * i) / headDim));
  const pos = g.op('Unsqueeze', [g.op('Cast', [c.positionIds], { to: FLOAT }), g.int64([2])]);
  const freqs = g.op('Mul', [pos, g.float(invFreq)]);
  const emb = g.op('Concat', [freqs, freqs], { axis: -1 });
  const cos = toCompute(g.op('Unsqueeze', [g.op('Cos', [emb]), g.int64([1])]));
  const sin = toCompute(g.op('Unsqueeze', [g.op('Sin', [emb]), g.int64([1])]));

  const eps = g.float([shape.rmsNormEps], []);
  const rmsNorm = (v: string, weight: string): string => {
    const x = toFloat(v);
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
    return g.op('Mul', [toCompute(g.op('Div', [x, g.op('Sqrt', [g.op('Add', [meanSquare, eps])])])), w.tensor(weight)]);
  };
  const halfDim = g.int64([headDim / 2]);
  const rope = (v: string): string => {
    const x1 = g.op('Slice', [v, g.int64([0]), halfDim, g.int64([-1])]);
    const x2 = g.op('Slice', [v, halfDim, g.int64([headDim]), g.int64([-1])]);
    const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 });
    return g.op('Add', [g.op('Mul', [v, cos]), g.op('Mul', [rotated, sin])]);
  };
  /** [B,S,n·D] → [B,S,n,D] */
  const splitHeads = (v: string, n: number): string => g.op('Reshape', [v, g.int64([0, 0, n, headDim])]);
  /** [B,S,n,D] ↔ [B,n,S,D] */
  const swapSeqHeads = (v: string): string => g.op('Transpose', [v], { perm: [0, 2, 1, 3] });
  /** HF repeat_kv: [B,KV,T,D] → [B,KV·rep,T,D], each KV head repeated rep times in a row. */
  const repeatKv = (v: string): string => heads === kvHeads ? v : g.op('Reshape', [
    g.op('Expand', [g.op('Unsqueeze', [v, g.int64([2])]), g.int64([1, 1, heads / kvHeads, 1, 1])]),
    g.int64([0, heads, -1, headDim]),
  ]);
  const scale = g.floatOf(type, [1 / Math.sqrt(headDim)], []);
  const softmax = (scores: string): string => toCompute(g.op('Softmax', [toFloat(scores)], { axis: -1 }));

  let x = c.embeddings;
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    const h = rmsNorm(x, `${p}input_layernorm.weight`);
    const q = rope(swapSeqHeads(rmsNorm(splitHeads(w.linear(h, `${p}self_attn.q_proj.weight`), heads), `${p}self_attn.q_norm.weight`)));
    const k = rope(swapSeqHeads(rmsNorm(splitHeads(w.linear(h, `${p}self_attn.k_proj.weight`), kvHeads), `${p}self_attn.k_norm.weight`)));
    const v = swapSeqHeads(splitHeads(w.linear(h, `${p}self_attn.v_proj.weight`), kvHeads));
    const presentK = g.op('Concat', [c.pastKey(i), k], { axis: 2 }, c.presentKey(i));
    const presentV = g.op('Concat', [c.pastValue(i), v], { axis: 2 }, c.presentValue(i));
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [repeatKv(presentK)], { perm: [0, 1, 3, 2] })]), scale]), bias]);
    const context = g.op('MatMul', [softmax(scores), repeatKv(presentV)]);
    const merged = g.op('Reshape', [swapSeqHeads(context), g.int64([0, 0, heads * headDim])]);
    x = g.op('Add', [x, w.linear(merged, `${p}self_attn.o_proj.weight`)]);
    x = g.op('Add', [x, mlp(c, i, rmsNorm(x, `${p}post_attention_layernorm.weight`))]);
  }
  return rmsNorm(x, 'model.norm.weight');
}
