/** The test oracle for tools/model-builder/quantize-q4.ts: what a MatMulNBits node dequantizes to. */
import type { Q4Matrix } from '../../../tools/model-builder/quantize-q4';

/** The row-major [n, k] matrix a MatMulNBits node computes with (for tests and error reports). */
export function dequantizeQ4(q: Q4Matrix): Float32Array {
  const { n, k, blockSize, kBlocks } = q;
  const blob = blockSize / 2;
  const zpStride = Math.ceil(kBlocks / 2);
  const out = new Float32Array(n * k);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < k; col++) {
      const b = Math.floor(col / blockSize);
      const j = col % blockSize;
      const code = (q.packed[(row * kBlocks + b) * blob + (j >> 1)]! >> ((j & 1) * 4)) & 15;
      const zp = (q.zeroPoints[row * zpStride + (b >> 1)]! >> ((b & 1) * 4)) & 15;
      out[row * k + col] = (code - zp) * q.scales[row * kBlocks + b]!;
    }
  }
  return out;
}
