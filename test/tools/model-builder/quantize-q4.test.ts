import { describe, expect, it } from 'vitest';
import { fromHalfBits, toHalfBits } from '../../../tools/model-builder/half';
import { quantizeQ4 } from '../../../tools/model-builder/quantize-q4';
import { dequantizeQ4 } from './dequantize-q4';
import { NormalRng } from '../../../tools/model-builder/weights';

const random = (n: number, seed: number): Float32Array => {
  const out = new Float32Array(n);
  new NormalRng(seed).fill(out, 1);
  return out;
};

describe('4-bit block quantization (MatMulNBits layout)', () => {
  it('packs [N, kBlocks, 16] bytes, N·kBlocks scales and N·ceil(kBlocks/2) zero points; error ≤ half a step', () => {
    const [n, k] = [5, 96];
    const w = random(n * k, 1);
    const q = quantizeQ4(w, n, k);
    expect(q.kBlocks).toBe(3);
    expect(q.packed).toHaveLength(n * 3 * 16);
    expect(q.scales).toHaveLength(n * 3);
    expect(q.zeroPoints).toHaveLength(n * 2);
    const back = dequantizeQ4(q);
    for (let i = 0; i < w.length; i++) {
      const scale = q.scales[Math.floor(i / k) * 3 + Math.floor((i % k) / 32)]!;
      expect(Math.abs(back[i]! - w[i]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
    }
  });

  it('stores element 2i in the low nibble and block 2j′s zero point in the low nibble, as onnxruntime reads them', () => {
    // One row, two blocks: block 0 spans [0, 15] (scale 1, zero point 0), block 1 spans [-15, 0] (zero point 15).
    const w = new Float32Array(64);
    for (let j = 0; j < 32; j++) { w[j] = j % 16; w[32 + j] = 0 - (j % 16); }
    const q = quantizeQ4(w, 1, 64);
    expect(Array.from(q.scales)).toEqual([1, 1]);
    expect(q.zeroPoints[0]).toBe(0 | (15 << 4));
    expect(q.packed[0]).toBe(0 | (1 << 4)); // elements 0 and 1
    expect(q.packed[1]).toBe(2 | (3 << 4));
    expect(q.packed[16]).toBe(15 | (14 << 4)); // block 1: codes zp − 0, zp − 1
    expect(Array.from(dequantizeQ4(q))).toEqual(Array.from(w));
  });

  it('pads a last partial block with the zero point (dequantizes to 0) and keeps an all-zero block exact', () => {
    const [n, k] = [3, 40];
    const w = random(n * k, 2);
    w.fill(0, k, 2 * k); // row 1 all zeros
    const q = quantizeQ4(w, n, k);
    expect(q.kBlocks).toBe(2);
    const back = dequantizeQ4(q);
    expect(Array.from(back.subarray(k, 2 * k)).every((v) => v === 0)).toBe(true);
    // The padded half of block 1: bytes 4..15 of every row's second blob hold zp | zp << 4.
    for (let row = 0; row < n; row++) {
      const zp = (q.zeroPoints[row]! >> 4) & 15;
      const blob = q.packed.subarray((row * 2 + 1) * 16, (row * 2 + 2) * 16);
      expect(Array.from(blob.subarray(4)).every((b) => b === (zp | (zp << 4)))).toBe(true);
    }
  });

  it('with half scales, quantizes against the float16-rounded scale the q4f16 graph dequantizes with', () => {
    const w = random(8 * 64, 3);
    const q = quantizeQ4(w, 8, 64, { halfScales: true });
    for (const s of q.scales) expect(fromHalfBits(toHalfBits(s))).toBe(s);
    const back = dequantizeQ4(q);
    for (let i = 0; i < w.length; i++) expect(Math.abs(back[i]! - w[i]!)).toBeLessThanOrEqual(q.scales[Math.floor(i / 32)]! / 2 + 1e-6);
  });
});
