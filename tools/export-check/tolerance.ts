/**
 * The stated tolerance of each dtype file against the fp32 graph on the CPU, for the trained tiny
 * reasoner (teacher-forced through the KV cache, every position; its logits span ≈ 35–44 units).
 * Measured for the v2 reasoner (README "How the models are made"): on onnxruntime-node, fp32 with fused
 * operators ≤ 1.6e-5, fp16 ≤ 0.011, q4 / q4f16 ≤ 1.27 with 100 % top-1 (export.test.ts, 61 positions);
 * on SwiftShader WebGPU, fp32 ≤ 6.9e-4 and q4 ≤ 0.95 with 100 % top-1 (export-variants.test.ts, 7
 * positions). The margins leave room for other kernels without letting a wrong graph through: a broken
 * rotary or norm moves logits by whole units and flips most argmaxes.
 */
import type { LogitsComparison } from './compare';

export interface Tolerance { maxAbsDiff: number; minTop1Agreement: number }

export const EXPORT_TOLERANCE = {
  fp32: { maxAbsDiff: 1e-2, minTop1Agreement: 1 },
  fp16: { maxAbsDiff: 0.05, minTop1Agreement: 1 },
  q4: { maxAbsDiff: 2.5, minTop1Agreement: 0.95 },
  q4f16: { maxAbsDiff: 2.5, minTop1Agreement: 0.95 },
} as const satisfies Record<string, Tolerance>;

export type ToleranceDtype = keyof typeof EXPORT_TOLERANCE;

export function withinTolerance(dtype: ToleranceDtype, c: LogitsComparison): boolean {
  const t = EXPORT_TOLERANCE[dtype];
  return c.maxAbsDiff <= t.maxAbsDiff && c.top1Agreement >= t.minTop1Agreement;
}
