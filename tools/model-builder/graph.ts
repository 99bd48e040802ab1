/**
 * The Qwen3 decoder as an ONNX graph (IR 8, opset 17; com.microsoft contrib ops only in q4 or
 * fused variants) following the graph contract of platform notes §6: inputs input_ids /
 * attention_mask / position_ids / past_key_values.{i}.key|value, outputs logits /
 * present.{i}.key|value; KV heads and head_dim are numbers (transformers.js builds the empty cache
 * from them). position_ids is declared, as in the onnx-community exports: transformers.js fills it
 * from the attention mask (cumsum − 1), so left padding gets the same positions as an unpadded row.
 * KV and logits have the compute type (float16 in the fp16 / q4f16 variants, as in those exports).
 */
import { fusedDecoder } from './decoder-fused';
import { standardDecoder } from './decoder-standard';
import { computeType, variantOfStoredDtype, type GraphVariant } from './graph-variant';
import { DataType, GraphBuilder, type BuiltGraph, type StoredDtype } from './onnx-builder';
import type { ModelShape } from './presets';
import { WeightValues } from './weight-values';
import { validateWeights, type Weights } from './weights';

const { INT64 } = DataType;

/** `variant` may be the first builder's StoredDtype ('fp32', or 'fp16' stored + Cast with fp32 compute). */
export function buildQwen3Graph(shape: ModelShape, weights: Weights, variant: GraphVariant | StoredDtype): BuiltGraph {
  validateWeights(shape, weights);
  const v = typeof variant === 'string' ? variantOfStoredDtype(variant) : variant;
  const { layers, kvHeads, headDim, vocab } = shape;
  const type = computeType(v);
  const g = new GraphBuilder();
  const w = new WeightValues(g, weights, v);

  const inputIds = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', INT64, ['batch_size', 'sequence_length']);
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) g.input(`past_key_values.${i}.${kv}`, type, ['batch_size', kvHeads, 'past_sequence_length', headDim]);
  }

  const embedding = w.tensor('model.embed_tokens.weight');
  const context = {
    g, shape, w, type, inputIds, mask, positionIds,
    embeddings: g.op('Gather', [embedding, inputIds], { axis: 0 }),
    pastKey: (i: number) => `past_key_values.${i}.key`,
    pastValue: (i: number) => `past_key_values.${i}.value`,
    presentKey: (i: number) => `present.${i}.key`,
    presentValue: (i: number) => `present.${i}.value`,
  };
  const final = v.fused ? fusedDecoder(context) : standardDecoder(context);
  w.lmHead(final, embedding, 'logits');

  g.output('logits', type, ['batch_size', 'sequence_length', vocab]);
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) g.output(`present.${i}.${kv}`, type, ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  }
  return g.graph;
}
