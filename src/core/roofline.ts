/**
 * The memory-bandwidth roofline of decoding (anchors §4, platform notes §9).
 *
 * At batch 1 every decoded token streams the weights used in that step plus the KV cache of the current
 * context out of memory, so `tok/s ≤ bandwidth / (weight bytes per step + KV bytes per position × context)`.
 * With n rows the weights are read once per step for all rows and each row adds its own KV reads, so the
 * aggregate ceiling is `n · bandwidth / (weights + n · KV)`.
 *
 * Units: bandwidth in GB/s with GB = 10⁹ bytes (vendor specifications use decimal units). Biases and norm
 * weights are ignored (under 0.1% of a transformer's parameters). This is a ceiling, never a promise:
 * small models miss it because of fixed per-step costs (dispatches, logits readback, sampling).
 */

/** The model facts the roofline needs (a subset of the engine's ModelInfo). */
export interface RooflineShape {
  readonly layers: number;
  readonly hiddenSize: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocabSize: number;
  /** All parameters, the embedding matrix counted once when tied and twice when not. */
  readonly parameters: number;
  readonly tiedEmbeddings: boolean;
}

/** How weights and the KV cache are stored. */
export interface StorageFormat {
  /** Average bits per weight of the transformer blocks, quantisation scales included (q4 + f16 scale per 32 = 4.5). */
  readonly weightBits: number;
  /** Bits per weight of the lm_head matmul (defaults to weightBits; an f16 head is 16). */
  readonly lmHeadBits?: number;
  /** Bytes per KV-cache element (f16 = 2, f32 = 4). */
  readonly kvBytesPerElement: number;
}

/** The transformers.js dtypes, as strings (src/core imports nothing from the protocol layer). */
export type RooflineDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/**
 * Storage of each dtype as exported by onnx-community (MatMulNBits, block 32):
 * - q4f16: 4-bit weights + an f16 scale per 32 → 4.5 bits; f16 compute, so an f16 KV cache.
 * - q4: 4-bit weights + an f32 scale per 32 → 5 bits; f32 compute, so an f32 KV cache (twice q4f16's).
 * - q8: 8 bits (per-tensor scales are negligible); f32 compute and KV.
 * - fp16 / fp32: 16 / 32 bits, KV of the same width.
 * Whether an export keeps the lm_head unquantised is model-specific: pass `lmHeadBits` when it does.
 */
export function storageFormat(dtype: RooflineDtype, lmHeadBits?: number): StorageFormat {
  const table: Record<RooflineDtype, { weightBits: number; kvBytesPerElement: number }> = {
    q4f16: { weightBits: 4.5, kvBytesPerElement: 2 },
    q4: { weightBits: 5, kvBytesPerElement: 4 },
    q8: { weightBits: 8, kvBytesPerElement: 4 },
    fp16: { weightBits: 16, kvBytesPerElement: 2 },
    fp32: { weightBits: 32, kvBytesPerElement: 4 },
  };
  const f = table[dtype];
  if (!f) throw new Error(`unknown dtype "${String(dtype)}" (known: ${Object.keys(table).join(', ')})`);
  return lmHeadBits === undefined ? f : { ...f, lmHeadBits };
}

function checkShape(s: RooflineShape): void {
  for (const key of ['layers', 'hiddenSize', 'kvHeads', 'headDim', 'vocabSize', 'parameters'] as const) {
    const v = s[key];
    if (!Number.isFinite(v) || v <= 0) throw new Error(`roofline: ${key} must be a positive number, got ${v}`);
  }
  if (s.parameters < s.vocabSize * s.hiddenSize * (s.tiedEmbeddings ? 1 : 2)) {
    throw new Error('roofline: parameters is smaller than the embedding matrices it must include');
  }
}

/** Parameters of the embedding table, read only one row per token. */
const embeddingParams = (s: RooflineShape): number => s.vocabSize * s.hiddenSize;

/**
 * Parameters streamed per decode step, split into the blocks and the lm_head matmul:
 * everything except the embedding table, plus the one embedding row looked up, plus the lm_head (the tied
 * embedding matrix read again as the output projection, or the separate head when untied).
 */
export function paramsReadPerStep(s: RooflineShape): { blocks: number; lmHead: number; embeddingRow: number } {
  checkShape(s);
  const lmHead = embeddingParams(s);
  const blocks = s.parameters - embeddingParams(s) * (s.tiedEmbeddings ? 1 : 2);
  return { blocks, lmHead, embeddingRow: s.hiddenSize };
}

/** Weight bytes streamed per decode step (shared by all rows of a batch). */
export function weightBytesPerStep(s: RooflineShape, f: StorageFormat): number {
  const p = paramsReadPerStep(s);
  const bits = f.weightBits;
  return ((p.blocks + p.embeddingRow) * bits + p.lmHead * (f.lmHeadBits ?? bits)) / 8;
}

/** KV bytes per cached position of one row: layers × 2 (K and V) × kvHeads × headDim × bytes per element. */
export function kvBytesPerPosition(s: RooflineShape, f: Pick<StorageFormat, 'kvBytesPerElement'>): number {
  checkShape(s);
  return s.layers * 2 * s.kvHeads * s.headDim * f.kvBytesPerElement;
}

export interface DecodePoint {
  /** Cached positions each row attends to. */
  readonly context: number;
  /** Rows decoded together (1 = plain decoding, n = FFS rows). */
  readonly batch?: number;
}

function checkPoint(p: DecodePoint): { context: number; batch: number } {
  const batch = p.batch ?? 1;
  if (!Number.isFinite(p.context) || p.context < 0) throw new Error(`roofline: context must be ≥ 0, got ${p.context}`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`roofline: batch must be a positive integer, got ${batch}`);
  return { context: p.context, batch };
}

/** Bytes read by one decode step of `batch` rows at `context`: weights once, KV per row. */
export function bytesPerStep(s: RooflineShape, f: StorageFormat, p: DecodePoint): number {
  const { context, batch } = checkPoint(p);
  return weightBytesPerStep(s, f) + batch * kvBytesPerPosition(s, f) * context;
}

/** Bytes read per generated token (a step's bytes shared by its rows). */
export function bytesPerToken(s: RooflineShape, f: StorageFormat, p: DecodePoint): number {
  return bytesPerStep(s, f, p) / checkPoint(p).batch;
}

function checkBandwidth(gbs: number): void {
  if (!Number.isFinite(gbs) || gbs <= 0) throw new Error(`roofline: bandwidth must be a positive number of GB/s, got ${gbs}`);
}

/** Ceiling on aggregate decode tokens/s (all rows together) at `bandwidthGBs`. */
export function rooflineTokensPerSecond(bandwidthGBs: number, s: RooflineShape, f: StorageFormat, p: DecodePoint): number {
  checkBandwidth(bandwidthGBs);
  return (bandwidthGBs * 1e9) / bytesPerToken(s, f, p);
}

/** Bandwidth actually used: the step's bytes over the measured milliseconds per step. */
export function effectiveBandwidthGBs(bytesPerStepRead: number, msPerStep: number): number {
  if (!(msPerStep > 0)) throw new Error(`roofline: ms per step must be positive, got ${msPerStep}`);
  return bytesPerStepRead / (msPerStep / 1000) / 1e9;
}

export interface RooflineReport {
  readonly context: number;
  readonly batch: number;
  readonly weightBytesPerStep: number;
  readonly kvBytesPerStep: number;
  readonly bytesPerStep: number;
  readonly bytesPerToken: number;
  /** Aggregate tok/s ceiling, or null without a bandwidth. */
  readonly ceilingTokensPerSecond: number | null;
  /** The ceiling's ms per step: no decode step at this point can be faster. */
  readonly floorMsPerStep: number | null;
  /** From the measured aggregate tok/s, or null without a measurement. */
  readonly effectiveGBs: number | null;
  /** measured / ceiling in [0, …] (above 1 means the inputs are wrong), or null. */
  readonly shareOfCeiling: number | null;
}

/** Everything the meters show for one (context, batch) point: bytes, the ceiling, and the share achieved. */
export function rooflineReport(
  s: RooflineShape,
  f: StorageFormat,
  p: DecodePoint,
  opts: { bandwidthGBs?: number | null; measuredTokensPerSecond?: number | null } = {},
): RooflineReport {
  const { context, batch } = checkPoint(p);
  const weights = weightBytesPerStep(s, f);
  const step = bytesPerStep(s, f, p);
  const bw = opts.bandwidthGBs ?? null;
  const ceiling = bw === null ? null : rooflineTokensPerSecond(bw, s, f, p);
  const measured = opts.measuredTokensPerSecond ?? null;
  const hasMeasure = measured !== null && Number.isFinite(measured) && measured > 0;
  return {
    context,
    batch,
    weightBytesPerStep: weights,
    kvBytesPerStep: step - weights,
    bytesPerStep: step,
    bytesPerToken: step / batch,
    ceilingTokensPerSecond: ceiling,
    floorMsPerStep: ceiling === null ? null : (1000 * batch) / ceiling,
    effectiveGBs: hasMeasure ? effectiveBandwidthGBs(step, (1000 * batch) / measured) : null,
    shareOfCeiling: hasMeasure && ceiling !== null ? measured / ceiling : null,
  };
}
