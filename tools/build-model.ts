/**
 * Builds a Qwen3-format model folder (config, tokenizer, onnx/model.onnx).
 *   npx tsx tools/build-model.ts --out <dir> [--preset tiny|qwen3-0.6b|tiny-qwen3-vocab]
 *     [--layers n --hidden n --heads n --kv-heads n --head-dim n --intermediate n --vocab n]
 *     [--tokenizer qwen3|derived:<K>] [--keep-words-file words.json] [--tokenizer-dir <dir>]
 *     [--weights <file> | --from-model <dir> | --seed <n>] [--dtype fp32|fp16]
 *     [--export single|onnx-community] [--fused] [--external-data]
 * With --weights the file's config is the shape (shape flags must agree) and its "check" logits are
 * compared with the built model's (fp32: fails above 1e-4). --from-model reads the weights (and,
 * unless a tokenizer flag is given, the tokenizer) of a folder this tool built, e.g. to write the
 * bundled tiny reasoner again with --fused or --export onnx-community. --export onnx-community
 * writes onnx/model.onnx, model_q4.onnx, model_fp16.onnx and model_q4f16.onnx; --external-data puts
 * every file's weights into `<file>_data`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildModelFolder, type BuildOptions, type TokenizerChoice } from './model-builder/index';
import { DEFAULT_KEEP_WORDS, PRESETS, isPresetName, type ShapeSpec } from './model-builder/presets';
import type { TokenizerConfigJson, TokenizerJson } from './model-builder/tokenizer';

const CHECK_TOLERANCE = 1e-4;
const SHAPE_FLAGS = {
  layers: 'layers', hidden: 'hidden', heads: 'heads', 'kv-heads': 'kvHeads', 'head-dim': 'headDim',
  intermediate: 'intermediate', vocab: 'vocab',
} as const satisfies Record<string, keyof ShapeSpec>;

class UsageError extends Error {}

function parseOptions(argv: string[]): BuildOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' }, preset: { type: 'string' }, tokenizer: { type: 'string' },
      'keep-words-file': { type: 'string' }, 'tokenizer-dir': { type: 'string' },
      weights: { type: 'string' }, seed: { type: 'string' }, dtype: { type: 'string' }, 'from-model': { type: 'string' },
      export: { type: 'string' }, fused: { type: 'boolean' }, 'external-data': { type: 'boolean' },
      ...Object.fromEntries(Object.keys(SHAPE_FLAGS).map((k) => [k, { type: 'string' as const }])),
    },
  });
  const str = (k: string): string | undefined => values[k as keyof typeof values] as string | undefined;
  const flag = (k: string): boolean => values[k as keyof typeof values] === true;
  const int = (k: string): number | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1 && k !== 'seed') throw new UsageError(`--${k} must be a positive integer, got "${v}"`);
    return Number(v);
  };

  const outDir = str('out') ?? fail('--out <dir> is required');
  const presetName = str('preset') ?? 'tiny';
  if (!isPresetName(presetName)) fail(`unknown --preset "${presetName}" (known: ${Object.keys(PRESETS).join(', ')})`);
  const preset = PRESETS[presetName];
  const dtype = str('dtype');
  if (dtype !== undefined && dtype !== 'fp32' && dtype !== 'fp16') fail(`--dtype must be fp32 or fp16, got "${dtype}"`);
  const layout = str('export') ?? 'single';
  if (layout !== 'single' && layout !== 'onnx-community') fail(`--export must be single or onnx-community, got "${layout}"`);
  if (layout === 'onnx-community' && dtype !== undefined) fail('--dtype applies to --export single; onnx-community writes every dtype');
  const fromModel = str('from-model');
  if ([str('weights'), str('seed'), fromModel].filter((v) => v !== undefined).length > 1) fail('give one of --weights, --from-model or --seed');

  const overrides: Partial<ShapeSpec> = {};
  for (const [flag, key] of Object.entries(SHAPE_FLAGS)) {
    const v = int(flag);
    if (v !== undefined) overrides[key] = v;
  }
  const weightsFile = str('weights');
  // With a weights file or model folder, that is the shape: only explicit flags are checked against it.
  const shape: ShapeSpec | undefined = weightsFile !== undefined || fromModel !== undefined
    ? (Object.keys(overrides).length > 0 ? overrides as ShapeSpec : undefined)
    : { ...preset.shape, ...overrides };
  // A rebuilt folder keeps its own tokenizer unless one is asked for.
  const tokenizerDir = str('tokenizer-dir') ?? (fromModel !== undefined && str('tokenizer') === undefined ? fromModel : undefined);

  const opts: BuildOptions = {
    outDir,
    tokenizer: parseTokenizer(str('tokenizer'), str('keep-words-file'), tokenizerDir, preset.tokenizer),
    weights: weightsFile !== undefined ? { file: weightsFile } : fromModel !== undefined ? { model: fromModel } : { seed: int('seed') ?? 0 },
    layout,
    fused: flag('fused'),
  };
  // --from-model keeps the folder's storage (fp16-stored stays fp16) unless --dtype says otherwise.
  if (layout === 'single' && (dtype !== undefined || fromModel === undefined)) opts.dtype = dtype ?? 'fp32';
  if (flag('external-data')) opts.onnx = { inlineLimitBytes: 0 };
  if (shape) opts.shape = shape;
  return opts;
}

function parseTokenizer(spec: string | undefined, keepWordsFile: string | undefined, dir: string | undefined,
  presetDefault: (typeof PRESETS)[keyof typeof PRESETS]['tokenizer']): TokenizerChoice {
  if (dir !== undefined) {
    if (spec !== undefined) fail('give --tokenizer or --tokenizer-dir, not both');
    return {
      files: {
        tokenizer: readJson(join(dir, 'tokenizer.json')) as TokenizerJson,
        tokenizerConfig: readJson(join(dir, 'tokenizer_config.json')) as TokenizerConfigJson,
      },
    };
  }
  const keepWords = keepWordsFile === undefined ? DEFAULT_KEEP_WORDS : readKeepWords(keepWordsFile);
  if (spec === undefined) return presetDefault === 'qwen3' ? 'qwen3' : { derived: { merges: presetDefault.derived.merges, keepWords } };
  if (spec === 'qwen3') return 'qwen3';
  const m = /^derived:(\d+)$/.exec(spec);
  if (!m) fail(`--tokenizer must be qwen3 or derived:<merges>, got "${spec}"`);
  return { derived: { merges: Number(m![1]), keepWords } };
}

function readKeepWords(path: string): string[] {
  const words = readJson(path);
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) fail(`--keep-words-file ${path} must hold a JSON array of strings`);
  return words as string[];
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function fail(message: string): never {
  throw new UsageError(message);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const result = await buildModelFolder(opts);
  const s = result.shape;
  const what = opts.layout === 'onnx-community' ? 'onnx-community (fp32, q4, fp16, q4f16)' : result.stored;
  console.log(`built ${opts.outDir} in ${result.ms.toFixed(0)} ms: ${s.layers} layers, hidden ${s.hidden}, heads ${s.heads}/${s.kvHeads}, ` +
    `head_dim ${s.headDim}, intermediate ${s.intermediate}, vocab ${s.vocab} (${result.tokenizerSize} tokens), ${what}${opts.fused ? ', fused operators' : ''}`);
  for (const f of result.files) console.log(`  ${relative(opts.outDir, f)}${f.endsWith('.onnx') || f.includes('.onnx_data') ? ` (${statSync(f).size} bytes)` : ''}`);
  console.log(`  total ${result.bytes} bytes (${(result.bytes / 2 ** 20).toFixed(2)} MiB)`);
  if (result.check) {
    // Loaded only here: transformers.js + onnxruntime-node add ~1 s to every start.
    const { verifyCheck } = await import('./model-builder/verify');
    const c = await verifyCheck(opts.outDir, result.check);
    console.log(`check: max |logit diff| ${c.maxAbsDiff.toExponential(2)} over ${result.check.input_ids.length} tokens, ` +
      `argmax ${c.argmax} (reference ${c.referenceArgmax})`);
    // onnx/model.onnx is fp32 in the onnx-community layout too.
    if (result.stored === 'fp32' && !(c.maxAbsDiff < CHECK_TOLERANCE)) {
      throw new Error(`check failed: max |logit diff| ${c.maxAbsDiff} ≥ ${CHECK_TOLERANCE} (the ONNX graph disagrees with the trainer)`);
    }
  }
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`build-model: ${message.split('\n')[0]}`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
});
