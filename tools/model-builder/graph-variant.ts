/**
 * Which graph to write for a set of weights: how weights are stored, which float type the graph
 * computes and exchanges (inputs, KV cache, logits), and whether it uses onnxruntime's fused
 * operators. The onnx-community exports ship four of these side by side; transformers.js picks one
 * by dtype (platform notes §2).
 */
import { DataType, type FloatType, type StoredDtype } from './onnx-builder';

export interface GraphVariant {
  /**
   * fp32 / fp16 initializers, or q4: every Linear and the lm_head as 4-bit MatMulNBits (block 32,
   * scales in the compute type), embedding and norms kept in the compute type.
   */
  weights: 'fp32' | 'fp16' | 'q4';
  /** Activations, KV cache and logits. fp16 weights with fp32 compute are fp16-*stored* (FLOAT16 + Cast). */
  compute: 'fp32' | 'fp16';
  /**
   * The onnx-community operator set: SimplifiedLayerNormalization, SkipSimplifiedLayerNormalization,
   * RotaryEmbedding and GroupQueryAttention (com.microsoft) instead of standard-op subgraphs.
   */
  fused: boolean;
}

/** The first builder's `dtype`: fp32, or fp16-stored weights with fp32 compute and IO. */
export function variantOfStoredDtype(dtype: StoredDtype, fused = false): GraphVariant {
  return { weights: dtype, compute: 'fp32', fused };
}

export function computeType(v: GraphVariant): FloatType {
  return v.compute === 'fp16' ? DataType.FLOAT16 : DataType.FLOAT;
}

/** transformers.js dtype → the variant its file holds, in the onnx-community layout. */
export const ONNX_COMMUNITY_VARIANTS = [
  { dtype: 'fp32', file: 'model.onnx', variant: { weights: 'fp32', compute: 'fp32' } },
  { dtype: 'q4', file: 'model_q4.onnx', variant: { weights: 'q4', compute: 'fp32' } },
  { dtype: 'fp16', file: 'model_fp16.onnx', variant: { weights: 'fp16', compute: 'fp16' } },
  { dtype: 'q4f16', file: 'model_q4f16.onnx', variant: { weights: 'q4', compute: 'fp16' } },
] as const satisfies readonly { dtype: string; file: string; variant: Omit<GraphVariant, 'fused'> }[];
