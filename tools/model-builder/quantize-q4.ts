/**
 * 4-bit block quantization in onnxruntime's MatMulNBits layout (com.microsoft, bits 4), the format
 * of the onnx-community `model_q4.onnx` / `model_q4f16.onnx` exports:
 * - B `uint8 [N, kBlocks, blockSize / 2]`: row n holds output feature n (a Hugging Face Linear
 *   weight is already [out, in] = [N, K]); inside a block, element 2i is the low nibble of byte i.
 * - scales `[N · kBlocks]` in the activation type (float32 for q4, float16 for q4f16).
 * - zero_points `uint8 [N, ceil(kBlocks / 2)]`, packed the same way (even block in the low nibble).
 * Asymmetric per block, with the block's range widened to include 0 (as onnxruntime's MLAS
 * quantizer does): value = (q − zero_point) · scale. Elements past K in the last block hold the
 * zero point, so they dequantize to 0.
 */
import { fromHalfBits, toHalfBits } from './half';

export const Q4_BLOCK = 32;

export interface Q4Matrix {
  n: number;
  k: number;
  blockSize: number;
  kBlocks: number;
  /** N · kBlocks · blockSize / 2 bytes. */
  packed: Uint8Array;
  /** N · kBlocks scales, as the float values used for quantizing (already rounded to fp16 when asked). */
  scales: Float32Array;
  /** N · ceil(kBlocks / 2) bytes. */
  zeroPoints: Uint8Array;
}

/**
 * Quantizes a row-major [n, k] matrix. With `halfScales` each scale is rounded to float16 first
 * and the codes are computed against the rounded scale (what a q4f16 graph will dequantize with).
 */
export function quantizeQ4(w: Float32Array, n: number, k: number, opts: { blockSize?: number; halfScales?: boolean } = {}): Q4Matrix {
  const blockSize = opts.blockSize ?? Q4_BLOCK;
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) throw new Error(`quantizeQ4: block size must be a power of 2 ≥ 16, got ${blockSize}`);
  if (w.length !== n * k) throw new Error(`quantizeQ4: ${w.length} values for a [${n}, ${k}] matrix`);
  const kBlocks = Math.ceil(k / blockSize);
  const blob = blockSize / 2;
  const zpStride = Math.ceil(kBlocks / 2);
  const packed = new Uint8Array(n * kBlocks * blob);
  const scales = new Float32Array(n * kBlocks);
  const zeroPoints = new Uint8Array(n * zpStride);
  for (let row = 0; row < n; row++) {
    for (let b = 0; b < kBlocks; b++) {
      const start = row * k + b * blockSize;
      const end = row * k + Math.min(k, (b + 1) * blockSize);
      let lo = 0;
      let hi = 0;
      for (let i = start; i < end; i++) {
        const v = w[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      let scale = (hi - lo) / 15;
      if (opts.halfScales) scale = fromHalfBits(toHalfBits(scale));
      const zp = scale === 0 ? 8 : Math.min(15, Math.max(0, Math.round(-lo / scale)));
      scales[row * kBlocks + b] = scale;
      zeroPoints[row * zpStride + (b >> 1)]! |= zp << ((b & 1) * 4);
      const base = (row * kBlocks + b) * blob;
      for (let j = 0; j < blockSize; j++) {
        const i = start + j;
        const q = i < end && scale !== 0 ? Math.min(15, Math.max(0, Math.round(w[i]! / scale) + zp)) : zp;
        packed[base + (j >> 1)]! |= q << ((j & 1) * 4);
      }
    }
  }
  return { n, k, blockSize, kBlocks, packed, scales, zeroPoints };
}
