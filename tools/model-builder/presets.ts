/** Model shapes: the Qwen3 hyper-parameters the graph, the weights and config.json are built from. */

export interface ModelShape {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  vocab: number;
  rmsNormEps: number;
  ropeTheta: number;
  maxPositionEmbeddings: number;
}

/** A shape whose vocab may still be open: the builder fills it from the tokenizer. */
export type ShapeSpec = Omit<ModelShape, 'vocab'> & { vocab?: number };

/** Which tokenizer a preset is meant for (the CLI's default). */
export type PresetTokenizer = 'qwen3' | { derived: { merges: number } };

export interface Preset { shape: ShapeSpec; tokenizer: PresetTokenizer }

const TINY: ShapeSpec = {
  layers: 2, hidden: 64, heads: 4, kvHeads: 2, headDim: 16, intermediate: 192,
  rmsNormEps: 1e-6, ropeTheta: 1_000_000, maxPositionEmbeddings: 4096,
};

export const PRESETS = {
  tiny: { shape: TINY, tokenizer: { derived: { merges: 2000 } } },
  /** The real Qwen3-0.6B shape, for benchmarks only (≈ 2.4 GB fp32 / 1.2 GB fp16: never commit it). */
  'qwen3-0.6b': {
    shape: {
      layers: 28, hidden: 1024, heads: 16, kvHeads: 8, headDim: 128, intermediate: 3072, vocab: 151_936,
      rmsNormEps: 1e-6, ropeTheta: 1_000_000, maxPositionEmbeddings: 40_960,
    },
    tokenizer: 'qwen3',
  },
  /** Tiny layers with the real tokenizer and Qwen3's padded vocab (151,936 rows): realistic logits size. */
  'tiny-qwen3-vocab': { shape: { ...TINY, vocab: 151_936 }, tokenizer: 'qwen3' },
} satisfies Record<string, Preset>;

/** Words a derived tokenizer keeps as Qwen3 tokens by default (reasoning markers, answer format). */
export const DEFAULT_KEEP_WORDS = [' Wait', 'Wait', ' Alternatively', 'Alternatively', ' Hmm', 'Hmm', '**Final', ' Final', ' answer', 'boxed'];

export type PresetName = keyof typeof PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/** Vocab rows for a tokenizer: its size rounded up to a multiple of 64 (ids past the size are padding). */
export function paddedVocab(tokenizerSize: number): number {
  return Math.ceil(tokenizerSize / 64) * 64;
}

/** A complete shape; throws naming the first field that is not valid. */
export function resolveShape(spec: ShapeSpec, tokenizerSize: number): ModelShape {
  const shape: ModelShape = { ...spec, vocab: spec.vocab ?? paddedVocab(tokenizerSize) };
  checkShapeSpec(shape);
  if (shape.vocab < tokenizerSize) throw new Error(`shape.vocab (${shape.vocab}) is smaller than the tokenizer (${tokenizerSize} tokens)`);
  return shape;
}

/** The checks that need no tokenizer (run them before the slow tokenizer work). */
export function checkShapeSpec(shape: ShapeSpec): void {
  for (const key of ['layers', 'hidden', 'heads', 'kvHeads', 'headDim', 'intermediate', 'vocab', 'maxPositionEmbeddings'] as const) {
    const v = shape[key];
    if (key === 'vocab' && v === undefined) continue;
    if (!Number.isInteger(v) || v! < 1) throw new Error(`shape.${key} must be a positive integer, got ${v}`);
  }
  for (const key of ['rmsNormEps', 'ropeTheta'] as const) {
    if (!(shape[key] > 0)) throw new Error(`shape.${key} must be a positive number, got ${shape[key]}`);
  }
  if (shape.heads % shape.kvHeads !== 0) throw new Error(`shape.heads (${shape.heads}) must be a multiple of shape.kvHeads (${shape.kvHeads})`);
  if (shape.headDim % 2 !== 0) throw new Error(`shape.headDim must be even for RoPE, got ${shape.headDim}`);
}
