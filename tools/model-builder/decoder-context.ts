/** What a decoder body (standard or fused operators) builds on: the graph, shape, weights and inputs. */
import type { FloatType, GraphBuilder } from './onnx-builder';
import type { ModelShape } from './presets';
import type { WeightValues } from './weight-values';

export interface DecoderContext {
  g: GraphBuilder;
  shape: ModelShape;
  w: WeightValues;
  /** Element type of activations and KV (FLOAT or FLOAT16). */
  type: FloatType;
  inputIds: string;
  mask: string;
  positionIds: string;
  /** Token embeddings [B, S, hidden], the residual stream into layer 0. */
  embeddings: string;
  /** Graph input names of layer i's past key / value. */
  pastKey: (i: number) => string;
  pastValue: (i: number) => string;
  /** Graph output names of layer i's present key / value. */
  presentKey: (i: number) => string;
  presentValue: (i: number) => string;
}

/** SwiGLU: down(silu(gate(x)) · up(x)), SiLU as x · Sigmoid(x). */
export function mlp(c: DecoderContext, i: number, x: string): string {
  const p = `model.layers.${i}.mlp.`;
  const gate = c.w.linear(x, `${p}gate_proj.weight`);
  const up = c.w.linear(x, `${p}up_proj.weight`);
  const act = c.g.op('Mul', [c.g.op('Mul', [gate, c.g.op('Sigmoid', [gate])]), up]);
  return c.w.linear(act, `${p}down_proj.weight`);
}
