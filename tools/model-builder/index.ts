/** Builds a loadable Qwen3-format model folder: config, generation config, tokenizer, onnx/model.onnx. */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generationConfig, modelConfig, specialIds } from './config';
import { buildQwen3Graph } from './graph';
import type { StoredDtype } from './onnx-builder';
import { writeOnnxModel, type OnnxWriteOptions } from './onnx-file';
import { checkShapeSpec, resolveShape, type ModelShape, type ShapeSpec } from './presets';
import { deriveQwen3Tokenizer, loadQwen3Tokenizer, tokenizerSize, writeTokenizerFiles, type TokenizerFiles } from './tokenizer';
import { readWeightsFile, type WeightsCheck } from './weights-file';
import { randomWeights, type Weights } from './weights';

export type TokenizerChoice = 'qwen3' | { derived: { merges: number; keepWords: readonly string[] } } | { files: TokenizerFiles };
export type WeightsChoice = { seed: number } | { file: string };

export interface BuildOptions {
  outDir: string;
  /** Required with random weights; with a weights file the file's config is the shape (a given shape must agree). */
  shape?: ShapeSpec;
  tokenizer: TokenizerChoice;
  weights: WeightsChoice;
  /** 'fp16' stores FLOAT16 weights + Cast: half the file, same fp32 IO; load both with dtype 'fp32'. */
  dtype: StoredDtype;
  onnx?: OnnxWriteOptions;
}

export interface BuildResult {
  files: string[];
  bytes: number;
  ms: number;
  shape: ModelShape;
  tokenizerSize: number;
  /** The weights file's reference logits, when it has them (see verifyCheck). */
  check?: WeightsCheck;
}

export async function buildModelFolder(opts: BuildOptions): Promise<BuildResult> {
  const start = performance.now();
  if (opts.shape && !('file' in opts.weights)) checkShapeSpec(opts.shape);
  const tok = resolveTokenizer(opts.tokenizer);
  const size = tokenizerSize(tok.tokenizer);
  let shape: ModelShape;
  let weights: Weights;
  let check: WeightsCheck | undefined;
  if ('file' in opts.weights) {
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
  const onnx = writeOnnxModel(buildQwen3Graph(shape, weights, opts.dtype), join(onnxDir, 'model.onnx'), opts.onnx);
  const files = [join(opts.outDir, 'config.json'), join(opts.outDir, 'generation_config.json')];
  writeFileSync(files[0]!, `${JSON.stringify(modelConfig(shape, ids, onnx.externalChunks), null, 2)}\n`);
  writeFileSync(files[1]!, `${JSON.stringify(generationConfig(ids), null, 2)}\n`);
  files.push(...writeTokenizerFiles(opts.outDir, tok), ...onnx.files);

  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const result: BuildResult = { files, bytes, ms: performance.now() - start, shape, tokenizerSize: size };
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
