/**
 * Hugging Face weights as graph values for one GraphVariant: vectors and the embedding as tensors
 * of the compute type, Linears as MatMul (with the matrix transposed at build time) or as 4-bit
 * MatMulNBits, and the tied lm_head.
 */
import { toHalf } from './half';
import { bytesOf, DataType, type GraphBuilder } from './onnx-builder';
import { computeType, type GraphVariant } from './graph-variant';
import { quantizeQ4 } from './quantize-q4';
import type { Weights } from './weights';

export class WeightValues {
  private readonly type: number;

  constructor(private readonly g: GraphBuilder, private readonly weights: Weights, private readonly variant: GraphVariant) {
    this.type = computeType(variant);
  }

  /** A weight used as is (embedding, norm vectors), as a value of the compute type. */
  tensor(name: string): string {
    const t = this.get(name);
    return this.float(name, t.shape, t.data);
  }

  /** x · Wᵀ for the Linear `name` (HF layout [out, in]). */
  linear(x: string, name: string): string {
    const t = this.get(name);
    const [rows, cols] = t.shape as [number, number];
    if (this.variant.weights === 'q4') return this.matMulNBits(x, name, t.data, rows, cols);
    return this.g.op('MatMul', [x, this.float(`${name}.T`, [cols, rows], transpose(t.data, rows, cols))]);
  }

  /**
   * Tied lm_head: logits = h · Eᵀ. Float variants reuse the embedding value through a Transpose
   * (ORT folds it; E is stored once); q4 quantizes a copy of E, as the onnx-community q4 exports
   * ship a quantized lm_head beside the float embedding.
   */
  lmHead(x: string, embedding: string, output: string): string {
    if (this.variant.weights === 'q4') {
      const e = this.get('model.embed_tokens.weight');
      return this.matMulNBits(x, 'lm_head.weight', e.data, e.shape[0]!, e.shape[1]!, output);
    }
    return this.g.op('MatMul', [x, this.g.op('Transpose', [embedding], { perm: [1, 0] })], {}, output);
  }

  private matMulNBits(x: string, name: string, w: Float32Array, n: number, k: number, output?: string): string {
    const half = this.variant.compute === 'fp16';
    const q = quantizeQ4(w, n, k, { halfScales: half });
    const g = this.g;
    const inputs = [
      x,
      g.tensor(`${name}.q4`, DataType.UINT8, [n, q.kBlocks, q.blockSize / 2], q.packed),
      g.tensor(`${name}.scales`, this.type, [n * q.kBlocks], half ? bytesOf(toHalf(q.scales)) : bytesOf(q.scales)),
      g.tensor(`${name}.zero_points`, DataType.UINT8, [n * Math.ceil(q.kBlocks / 2)], q.zeroPoints),
    ];
    return g.msOp('MatMulNBits', inputs, { K: k, N: n, bits: 4, block_size: q.blockSize }, output);
  }

  /** A float initializer in the compute type; fp16 weights under fp32 compute are stored FLOAT16 + Cast. */
  private float(name: string, dims: number[], data: Float32Array): string {
    const { weights, compute } = this.variant;
    if (compute === 'fp16') return this.g.tensor(name, DataType.FLOAT16, dims, bytesOf(toHalf(data)));
    return this.g.weight(name, dims, data, weights === 'fp16' ? 'fp16' : 'fp32');
  }

  private get(name: string) {
    const t = this.weights.get(name);
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  }
}

/** Row-major [rows, cols] → [cols, rows], in 64×64 tiles (a plain loop thrashes the cache on Qwen3-0.6B). */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
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
