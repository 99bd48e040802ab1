/**
 * Builds a loadable Qwen3-format model folder: config, generation config, tokenizer, and
 * onnx/model.onnx — or, in the onnx-community layout, the four dtype files those exports ship.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generationConfig, modelConfig, onnxCommunityJsConfig, specialIds } from './config';
import { buildQwen3Graph } from './graph';
import { ONNX_COMMUNITY_VARIANTS, variantOfStoredDtype } from './graph-variant';
import type { StoredDtype } from './onnx-builder';
import { writeOnnxModel, type OnnxWriteOptions } from './onnx-file';
import { checkShapeSpec, resolveShape, type ModelShape, type ShapeSpec } from './presets';
import { deriveQwen3Tokenizer, loadQwen3Tokenizer, tokenizerSize, writeTokenizerFiles, type TokenizerFiles } from './tokenizer';
import { readWeightsFile, type WeightsCheck } from './weights-file';
import { readBuiltModel } from './weights-onnx';
import { randomWeights, type Weights } from './weights';

export type TokenizerChoice = 'qwen3' | { derived: { merges: number; keepWords: readonly string[] } } | { files: TokenizerFiles };
/** Seeded random weights, the trainer's weights file, or the weights of a folder this builder wrote. */
export type WeightsChoice = { seed: number } | { file: string } | { model: string };
export type ExportLayout = 'single' | 'onnx-community';

export interface BuildOptions {
  outDir: string;
  /** Required with random weights; with a weights file the file's config is the shape (a given shape must agree). */
  shape?: ShapeSpec;
  tokenizer: TokenizerChoice;
  weights: WeightsChoice;
  /**
   * Single layout only: 'fp16' stores FLOAT16 weights + Cast: half the file, same fp32 IO; load
   * both with dtype 'fp32'. Default: the storage of a `weights.model` folder, else 'fp32'.
   */
  dtype?: StoredDtype;
  /**
   * 'single' (default): onnx/model.onnx. 'onnx-community': onnx/model.onnx (fp32), model_q4.onnx
   * (4-bit MatMulNBits, fp32 IO), model_fp16.onnx and model_q4f16.onnx (fp16 IO and KV).
   */
  layout?: ExportLayout;
  /** onnxruntime's fused operators (GroupQueryAttention, SkipSimplifiedLayerNormalization, RotaryEmbedding) in every file. */
  fused?: boolean;
  /** Where the weights go: inline, or external `<file>_data` chunks (inlineLimitBytes: 0 forces external). */
  onnx?: OnnxWriteOptions;
}

export interface BuildResult {
  files: string[];
  bytes: number;
  ms: number;
  shape: ModelShape;
  tokenizerSize: number;
  /** How onnx/model.onnx stores its weights (the single layout; the onnx-community layout's model.onnx is fp32). */
  stored: StoredDtype;
  /** The weights file's reference logits, when it has them (see verifyCheck). */
  check?: WeightsCheck;
}

export async function buildModelFolder(opts: BuildOptions): Promise<BuildResult> {
  const start = performance.now();
  const layout = opts.layout ?? 'single';
  if (layout === 'onnx-community' && opts.dtype !== undefined) {
    throw new Error('dtype applies to the single-file layout; the onnx-community layout writes every dtype');
  }
  if (opts.shape && 'seed' in opts.weights) checkShapeSpec(opts.shape);
  const tok = resolveTokenizer(opts.tokenizer);
  const size = tokenizerSize(tok.tokenizer);
  let shape: ModelShape;
  let weights: Weights;
  let check: WeightsCheck | undefined;
  let storedDtype: StoredDtype = 'fp32';
  if ('model' in opts.weights) {
    let stored: StoredDtype;
    ({ shape, weights, stored } = readBuiltModel(opts.weights.model));
    storedDtype = stored; // a rebuilt folder keeps its storage unless a dtype is asked for
    if (opts.shape) assertSameShape(opts.shape, shape, opts.weights.model);
    if (shape.vocab < size) throw new Error(`model folder ${opts.weights.model}: vocab_size ${shape.vocab} is smaller than the tokenizer (${size} tokens)`);
  } else if ('file' in opts.weights) {
    const file = readWeightsFile(opts.weights.file);
    shape = file.shape;
    weights = file.weights;
    check = file.check;
    if (opts.shape) assertSameShape(opts.shape, shape, opts.weights.file);
    if (shape.vocab < size) throw new Error(`weights file ${opts.weights.file}: vocab_size ${shape.vocab} is smaller than the tokenizer (${size} tokens)`);
  } else {
    if (!opts.shape) throw new Error('buildModelFolder: a shape is required with random weights');
    shape = resolveShape(opts.shape, size);
    weights = randomWeights(shape, opts.weights.seed);
  }

  const ids = specialIds(tok.tokenizer);
  const onnxDir = join(opts.outDir, 'onnx');
  mkdirSync(onnxDir, { recursive: true });
  const fused = opts.fused ?? false;
  const onnxFiles: string[] = [];
  let config: Record<string, unknown>;
  if (layout === 'single') {
    const onnx = writeOnnxModel(buildQwen3Graph(shape, weights, variantOfStoredDtype(opts.dtype ?? storedDtype, fused)), join(onnxDir, 'model.onnx'), opts.onnx);
    onnxFiles.push(...onnx.files);
    config = modelConfig(shape, ids, onnx.externalChunks);
  } else {
    // One graph in memory at a time: the qwen3-0.6b shape holds 2.4 GB of fp32 weights per graph.
    const chunks: Record<string, number> = {};
    for (const { file, variant } of ONNX_COMMUNITY_VARIANTS) {
      const onnx = writeOnnxModel(buildQwen3Graph(shape, weights, { ...variant, fused }), join(onnxDir, file), opts.onnx);
      onnxFiles.push(...onnx.files);
      chunks[file] = onnx.externalChunks;
    }
    config = modelConfig(shape, ids, 0, onnxCommunityJsConfig(chunks));
  }
  const files = [join(opts.outDir, 'config.json'), join(opts.outDir, 'generation_config.json')];
  writeFileSync(files[0]!, `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(files[1]!, `${JSON.stringify(generationConfig(ids), null, 2)}\n`);
  files.push(...writeTokenizerFiles(opts.outDir, tok), ...onnxFiles);

  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const result: BuildResult = { files, bytes, ms: performance.now() - start, shape, tokenizerSize: size, stored: layout === 'single' ? opts.dtype ?? storedDtype : 'fp32' };
  if (check) result.check = check;
  return result;
}

function resolveTokenizer(choice: TokenizerChoice): TokenizerFiles {
  if (choice === 'qwen3') return loadQwen3Tokenizer();
  if ('derived' in choice) return deriveQwen3Tokenizer(choice.derived);
  return choice.files;
}

function assertSameShape(given: ShapeSpec, fromFile: ModelShape, path: string): void {
  for (const key of Object.keys(given) as (keyof ShapeSpec)[]) {
    if (given[key] !== undefined && given[key] !== fromFile[key]) {
      throw new Error(`weights file ${path}: its config has ${key} = ${fromFile[key]}, but the requested shape has ${given[key]}`);
    }
  }
}
