import { describe, expect, it } from 'vitest';
import {
  bytesPerStep, bytesPerToken, effectiveBandwidthGBs, kvBytesPerPosition, paramsReadPerStep, rooflineReport,
  rooflineTokensPerSecond, storageFormat, weightBytesPerStep, type RooflineShape,
} from '../../src/core/roofline';

/** A shape with parameters counted the way the engine counts them (src/engine/model.ts). */
function shape(c: { layers: number; hidden: number; heads: number; kvHeads: number; headDim: number; inter: number; vocab: number; tied: boolean }): RooflineShape {
  const perLayer = c.hidden * c.heads * c.headDim * 2 + c.hidden * c.kvHeads * c.headDim * 2 + 3 * c.hidden * c.inter;
  return {
    layers: c.layers, hiddenSize: c.hidden, kvHeads: c.kvHeads, headDim: c.headDim, vocabSize: c.vocab,
    parameters: c.layers * perLayer + c.vocab * c.hidden * (c.tied ? 1 : 2), tiedEmbeddings: c.tied,
  };
}

const QWEN3_06B = shape({ layers: 28, hidden: 1024, heads: 16, kvHeads: 8, headDim: 128, inter: 3072, vocab: 151_936, tied: true });
const R1_15B = shape({ layers: 28, hidden: 1536, heads: 12, kvHeads: 2, headDim: 128, inter: 8960, vocab: 151_936, tied: false });
const Q4F16 = storageFormat('q4f16');
const MB = 1e6;

describe('bytes per decoded token (anchors §4)', () => {
  it('Qwen3-0.6B reads ≈ 596 M parameters: 440 M in the blocks + the 156 M tied lm_head', () => {
    const p = paramsReadPerStep(QWEN3_06B);
    expect(p.blocks / 1e6).toBeCloseTo(440.4, 1);
    expect(p.lmHead / 1e6).toBeCloseTo(155.6, 1);
    expect(p.embeddingRow).toBe(1024);
    expect((p.blocks + p.lmHead + p.embeddingRow) / 1e6).toBeCloseTo(596.0, 1);
  });

  it('Qwen3-0.6B ≈ 335 MB at 4.5 bits, ≈ 560 MB with an f16 lm_head', () => {
    expect(weightBytesPerStep(QWEN3_06B, Q4F16) / MB).toBeCloseTo(335.2, 1);
    expect(Math.round(weightBytesPerStep(QWEN3_06B, storageFormat('q4f16', 16)) / (10 * MB)) * 10).toBe(560);
  });

  it('Qwen3-0.6B KV: 114,688 B per position in f16, twice that under q4 (f32 KV)', () => {
    expect(kvBytesPerPosition(QWEN3_06B, Q4F16)).toBe(114_688);
    expect(kvBytesPerPosition(QWEN3_06B, storageFormat('q4'))).toBe(229_376);
    // at 8 k the KV reads (~940 MB) exceed the weight reads
    expect(bytesPerStep(QWEN3_06B, Q4F16, { context: 8192 }) - weightBytesPerStep(QWEN3_06B, Q4F16)).toBeCloseTo(939.5 * MB, -5);
  });

  it('R1-Distill-Qwen-1.5B (untied) ≈ 1.54 B parameters, ≈ 868 MB, 28.7 KB KV per position', () => {
    const p = paramsReadPerStep(R1_15B);
    expect((p.blocks + p.lmHead + p.embeddingRow) / 1e9).toBeCloseTo(1.54, 2);
    expect(Math.round(weightBytesPerStep(R1_15B, Q4F16) / MB)).toBe(868);
    expect(kvBytesPerPosition(R1_15B, Q4F16)).toBe(28_672);
  });
});

describe('ceiling table (anchors §4)', () => {
  // [GB/s, Qwen3 ctx≈0, @2k, @8k, R1 ctx≈0, @8k], as published (rounded to whole tok/s)
  const rows: Array<[number, number, number, number, number, number]> = [
    [68, 203, 119, 53, 78, 62],
    [100, 298, 175, 78, 115, 91],
    [272, 811, 477, 213, 313, 247],
    [546, 1629, 958, 428, 629, 495],
    [1008, 3007, 1768, 791, 1161, 914],
    [3350, 9993, 5876, 2628, 3858, 3037],
  ];
  for (const [bw, q0, q2k, q8k, r0, r8k] of rows) {
    it(`${bw} GB/s`, () => {
      const tps = (s: RooflineShape, context: number) => rooflineTokensPerSecond(bw, s, Q4F16, { context });
      // the table rounds each cell; allow one unit for rounding of the inputs
      expect(Math.abs(tps(QWEN3_06B, 0) - q0)).toBeLessThanOrEqual(1);
      expect(Math.abs(tps(QWEN3_06B, 2048) - q2k)).toBeLessThanOrEqual(1);
      expect(Math.abs(tps(QWEN3_06B, 8192) - q8k)).toBeLessThanOrEqual(1);
      expect(Math.abs(tps(R1_15B, 0) - r0)).toBeLessThanOrEqual(1);
      expect(Math.abs(tps(R1_15B, 8192) - r8k)).toBeLessThanOrEqual(1);
    });
  }
});

describe('batching: weights once per step, KV per row', () => {
  it('n rows at context 0 raise the aggregate ceiling n-fold', () => {
    const one = rooflineTokensPerSecond(100, QWEN3_06B, Q4F16, { context: 0, batch: 1 });
    expect(rooflineTokensPerSecond(100, QWEN3_06B, Q4F16, { context: 0, batch: 4 })).toBeCloseTo(4 * one, 6);
  });

  it('each extra row adds only its KV reads', () => {
    const w = weightBytesPerStep(QWEN3_06B, Q4F16);
    const kv = kvBytesPerPosition(QWEN3_06B, Q4F16);
    expect(bytesPerStep(QWEN3_06B, Q4F16, { context: 2048, batch: 8 })).toBe(w + 8 * kv * 2048);
    expect(bytesPerToken(QWEN3_06B, Q4F16, { context: 2048, batch: 8 })).toBe((w + 8 * kv * 2048) / 8);
  });
});

describe('measured against the ceiling', () => {
  it('effective GB/s is bytes per step over the time per step', () => {
    expect(effectiveBandwidthGBs(335e6, 10)).toBeCloseTo(33.5, 9);
    expect(() => effectiveBandwidthGBs(1, 0)).toThrow(/positive/);
  });

  it('reports the share of the ceiling a measured rate reaches', () => {
    // 658 tok/s on an M4 Max (546 GB/s) is ~40% of the 1629 ceiling (anchors §4)
    const r = rooflineReport(QWEN3_06B, Q4F16, { context: 0 }, { bandwidthGBs: 546, measuredTokensPerSecond: 658 });
    expect(r.ceilingTokensPerSecond!).toBeCloseTo(1629, -1);
    expect(r.shareOfCeiling!).toBeCloseTo(0.40, 2);
    expect(r.effectiveGBs!).toBeCloseTo(658 * 335.24e6 / 1e9, 0);
    expect(r.floorMsPerStep!).toBeCloseTo(1000 / r.ceilingTokensPerSecond!, 9);
  });

  it('without a bandwidth or a measurement the related fields are null', () => {
    const r = rooflineReport(QWEN3_06B, Q4F16, { context: 128, batch: 2 });
    expect(r.ceilingTokensPerSecond).toBeNull();
    expect(r.shareOfCeiling).toBeNull();
    expect(r.effectiveGBs).toBeNull();
    expect(r.kvBytesPerStep).toBe(2 * 128 * 114_688);
  });

  it('rejects nonsense inputs with a message', () => {
    expect(() => rooflineTokensPerSecond(0, QWEN3_06B, Q4F16, { context: 0 })).toThrow(/bandwidth/);
    expect(() => bytesPerStep(QWEN3_06B, Q4F16, { context: -1 })).toThrow(/context/);
    expect(() => bytesPerStep(QWEN3_06B, Q4F16, { context: 1, batch: 1.5 })).toThrow(/batch/);
    expect(() => weightBytesPerStep({ ...QWEN3_06B, parameters: 10 }, Q4F16)).toThrow(/embedding/);
    expect(() => storageFormat('q3' as never)).toThrow(/unknown dtype/);
  });
});
