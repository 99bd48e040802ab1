/**
 * The Qwen3 decoder as an ONNX graph (IR 8, opset 17, standard ops only) following the graph
 * contract of platform notes §6: inputs input_ids / attention_mask / position_ids /
 * past_key_values.{i}.key|value, outputs logits / present.{i}.key|value; KV heads and head_dim are
 * numbers (transformers.js builds the empty cache from them). position_ids is declared, as in the
 * onnx-community exports: transformers.js fills it from the attention mask (cumsum − 1), so left
 * padding gets the same positions as an unpadded row.
 */
import { toHalf } from './half';
import { DataType, GraphBuilder, type BuiltGraph, type StoredDtype } from './onnx-builder';
import type { ModelShape } from './presets';
import { validateWeights, type Weights } from './weights';

const { FLOAT, INT64, BOOL } = DataType;

/** Bias for masked attention scores: finite, so a fully masked (padding) query row gives no NaN. */
const MASKED = -1e9;

export function buildQwen3Graph(shape: ModelShape, weights: Weights, dtype: StoredDtype): BuiltGraph {
  validateWeights(shape, weights);
  const { layers, heads, kvHeads, headDim, vocab } = shape;
  const g = new GraphBuilder();
  /** Each weight is used once (the embedding's value is reused by name). */
  const w = (name: string): string => addWeight(g, weights, name, dtype);
  /** A Linear (HF [out, in]) as MatMul with the transposed matrix, transposed here at build time. */
  const linear = (x: string, name: string): string => g.op('MatMul', [x, addLinearWeight(g, weights, name, dtype)]);

  const inputIds = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', INT64, ['batch_size', 'sequence_length']);
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) g.input(`past_key_values.${i}.${kv}`, FLOAT, ['batch_size', kvHeads, 'past_sequence_length', headDim]);
  }

  const embed = w('model.embed_tokens.weight');
  let x = g.op('Gather', [embed, inputIds], { axis: 0 });

  // Attention bias [B,1,S,T]: key j is visible to query s iff j ≤ past + s and the mask keeps j.
  const one = g.int64([1], []);
  const total = g.op('Gather', [g.op('Shape', [mask]), one], { axis: 0 });
  const seq = g.op('Gather', [g.op('Shape', [inputIds]), one], { axis: 0 });
  const past = g.op('Sub', [total, seq]);
  const keyPos = g.op('Range', [g.int64([0], []), total, one]);
  const queryPos = g.op('Unsqueeze', [g.op('Range', [past, total, one]), g.int64([1])]);
  const causal = g.op('LessOrEqual', [keyPos, queryPos]);
  const kept = g.op('Unsqueeze', [g.op('Cast', [mask], { to: BOOL }), g.int64([1, 2])]);
  const bias = g.op('Where', [g.op('And', [causal, kept]), g.float([0], []), g.float([MASKED], [])]);

  // RoPE tables [B,1,S,D]: emb = concat(pos·inv_freq, pos·inv_freq).
  const invFreq = Array.from({ length: headDim / 2 }, (_, i) => 1 / shape.ropeTheta ** ((2 * i) / headDim));
  const pos = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: FLOAT }), g.int64([2])]);
  const freqs = g.op('Mul', [pos, g.float(invFreq)]);
  const emb = g.op('Concat', [freqs, freqs], { axis: -1 });
  const cos = g.op('Unsqueeze', [g.op('Cos', [emb]), g.int64([1])]);
  const sin = g.op('Unsqueeze', [g.op('Sin', [emb]), g.int64([1])]);

  const eps = g.float([shape.rmsNormEps], []);
  const rmsNorm = (v: string, weight: string): string => {
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [v, v])], { axes: [-1], keepdims: 1 });
    return g.op('Mul', [g.op('Div', [v, g.op('Sqrt', [g.op('Add', [meanSquare, eps])])]), w(weight)]);
  };
  const half = g.int64([headDim / 2]);
  const rope = (v: string): string => {
    const x1 = g.op('Slice', [v, g.int64([0]), half, g.int64([-1])]);
    const x2 = g.op('Slice', [v, half, g.int64([headDim]), g.int64([-1])]);
    const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 });
    return g.op('Add', [g.op('Mul', [v, cos]), g.op('Mul', [rotated, sin])]);
  };
  /** [B,S,n·D] → [B,n,S,D] */
  const splitHeads = (v: string, n: number): string => g.op('Reshape', [v, g.int64([0, 0, n, headDim])]);
  const toHeadsFirst = (v: string): string => g.op('Transpose', [v], { perm: [0, 2, 1, 3] });
  /** HF repeat_kv: [B,KV,T,D] → [B,KV·rep,T,D], each KV head repeated rep times in a row. */
  const repeatKv = (v: string): string => heads === kvHeads ? v : g.op('Reshape', [
    g.op('Expand', [g.op('Unsqueeze', [v, g.int64([2])]), g.int64([1, 1, heads / kvHeads, 1, 1])]),
    g.int64([0, heads, -1, headDim]),
  ]);
  const scale = g.float([1 / Math.sqrt(headDim)], []);

  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    const h = rmsNorm(x, `${p}input_layernorm.weight`);
    const q = rope(toHeadsFirst(rmsNorm(splitHeads(linear(h, `${p}self_attn.q_proj.weight`), heads), `${p}self_attn.q_norm.weight`)));
    const k = rope(toHeadsFirst(rmsNorm(splitHeads(linear(h, `${p}self_attn.k_proj.weight`), kvHeads), `${p}self_attn.k_norm.weight`)));
    const v = toHeadsFirst(splitHeads(linear(h, `${p}self_attn.v_proj.weight`), kvHeads));
    const presentK = g.op('Concat', [`past_key_values.${i}.key`, k], { axis: 2 }, `present.${i}.key`);
    const presentV = g.op('Concat', [`past_key_values.${i}.value`, v], { axis: 2 }, `present.${i}.value`);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [repeatKv(presentK)], { perm: [0, 1, 3, 2] })]), scale]), bias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), repeatKv(presentV)]);
    const merged = g.op('Reshape', [toHeadsFirst(context), g.int64([0, 0, heads * headDim])]);
    x = g.op('Add', [x, linear(merged, `${p}self_attn.o_proj.weight`)]);

    const h2 = rmsNorm(x, `${p}post_attention_layernorm.weight`);
    const gate = linear(h2, `${p}mlp.gate_proj.weight`);
    const up = linear(h2, `${p}mlp.up_proj.weight`);
    const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
    x = g.op('Add', [x, linear(act, `${p}mlp.down_proj.weight`)]);
  }

  // Tied lm_head: logits = h · Eᵀ (ORT folds the Transpose; E is stored once).
  const final = rmsNorm(x, 'model.norm.weight');
  g.op('MatMul', [final, g.op('Transpose', [embed], { perm: [1, 0] })], {}, 'logits');

  g.output('logits', FLOAT, ['batch_size', 'sequence_length', vocab]);
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) g.output(`present.${i}.${kv}`, FLOAT, ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  }
  return g.graph;
}

function addWeight(g: GraphBuilder, weights: Weights, name: string, dtype: StoredDtype): string {
  const t = weights.get(name)!;
  return g.weight(name, t.shape, t.data, dtype, toHalf);
}

function addLinearWeight(g: GraphBuilder, weights: Weights, name: string, dtype: StoredDtype): string {
  const t = weights.get(name)!;
  const [rows, cols] = t.shape as [number, number];
  return g.weight(`${name}.T`, [cols, rows], transpose(t.data, rows, cols), dtype, toHalf);
}

/** Row-major [rows, cols] → [cols, rows], in 64×64 tiles (a plain loop thrashes the cache on Qwen3-0.6B). */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  const TILE = 64;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c]!;
    }
  }
  return out;
}
