/**
 * Trains the tiny reasoner end to end (dev only; CI never trains):
 *   held-out problems → training data (chat template + derived tokenizer) → PyTorch training
 *   (/usr/bin/python3, one thread) → ONNX model folder (tools/model-builder) → check logits.
 *
 *   npx tsx tools/train-tiny-reasoner.ts [--seed 1] [--steps 1500] [--out public/models/tiny-reasoner]
 *     [--heldout public/data/tiny-reasoner-heldout.jsonl] [--problems 24000] [--cache .cache/tiny-reasoner]
 *     [--reuse-data] [--dtype fp16|fp32] [--lr 3e-3 --batch-tokens 4096 --hidden 192 --layers 4 --heads 6
 *      --kv-heads 2 --head-dim 32 --intermediate 512 --warmup 100 --tail-weight 1 --tail-temperature 1.5 --tail-top 6]
 *
 * Defaults: tools/tiny-reasoner/config.ts. The same seed and flags give byte-identical files.
 * Intermediate files (dataset, weights) go to --cache. With fp16 the trainer rounds its weights to
 * float16 before the check, so the ONNX graph must reproduce the trainer's logits in both dtypes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildModelFolder } from './model-builder/index';
import type { TokenizerConfigJson, TokenizerJson } from './model-builder/tokenizer';
import { verifyCheck } from './model-builder/verify';
import { buildDataset, type DatasetMeta } from './tiny-reasoner/dataset';
import {
  DEFAULT_DTYPE, DEFAULT_TRAIN_PROBLEMS, DEFAULT_TRAIN_SEED, DEFAULT_TRAIN_STEPS, HELDOUT_COUNT, HELDOUT_PATH, HELDOUT_SEED, heldOutJsonl,
  MODEL_DIR, TOKENIZER_MERGES, TRAIN_FLAGS, VALIDATION_PROBLEMS,
} from './tiny-reasoner/config';
import { heldOutProblems, trainingProblems } from './tiny-reasoner/problems';

const PYTHON_FLAGS = Object.keys(TRAIN_FLAGS) as (keyof typeof TRAIN_FLAGS)[];

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: true,
    options: {
      seed: { type: 'string' }, steps: { type: 'string' }, out: { type: 'string' }, heldout: { type: 'string' },
      problems: { type: 'string' }, cache: { type: 'string' }, 'reuse-data': { type: 'boolean' }, dtype: { type: 'string' },
      ...Object.fromEntries(PYTHON_FLAGS.map((f) => [f, { type: 'string' as const }])),
    },
  });
  const seed = positiveInt('seed', values.seed, DEFAULT_TRAIN_SEED);
  const steps = positiveInt('steps', values.steps, DEFAULT_TRAIN_STEPS);
  const problemCount = positiveInt('problems', values.problems, DEFAULT_TRAIN_PROBLEMS);
  const outDir = values.out ?? MODEL_DIR;
  const heldoutPath = values.heldout ?? HELDOUT_PATH;
  const cache = values.cache ?? '.cache/tiny-reasoner';
  const dtype = values.dtype ?? DEFAULT_DTYPE;
  if (dtype !== 'fp32' && dtype !== 'fp16') throw new Error(`--dtype must be fp32 or fp16, got "${dtype}"`);
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

  const heldOut = heldOutProblems(HELDOUT_SEED, HELDOUT_COUNT);
  mkdirSync(dirname(heldoutPath), { recursive: true });
  writeFileSync(heldoutPath, heldOutJsonl(heldOut));
  console.log(`[${seconds()}s] held-out: ${heldOut.length} problems → ${heldoutPath}`);

  const dataDir = join(cache, `data-seed${seed}-n${problemCount}`);
  let meta: DatasetMeta;
  if (values['reuse-data'] && existsSync(join(dataDir, 'meta.json'))) {
    meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8')) as DatasetMeta;
    console.log(`[${seconds()}s] reusing ${dataDir}`);
  } else {
    meta = await buildDataset({
      outDir: dataDir, seed, problems: trainingProblems(seed, problemCount, heldOut),
      validationProblems: VALIDATION_PROBLEMS, merges: TOKENIZER_MERGES, checkProblem: heldOut[0]!,
    });
  }
  console.log(`[${seconds()}s] data: ${meta.examples} examples, ${meta.tokens} tokens (longest ${meta.longest_example}), ` +
    `tokenizer ${meta.tokenizer_size} tokens → vocab ${meta.vocab_size}`);

  const passThrough = values as Record<string, string | boolean | undefined>;
  const flags = PYTHON_FLAGS.flatMap((f) => [`--${f}`, typeof passThrough[f] === 'string' ? (passThrough[f] as string) : String(TRAIN_FLAGS[f])]);
  const tag = createHash('sha256').update(JSON.stringify([dtype, ...flags])).digest('hex').slice(0, 8);
  const weightsPath = join(cache, `weights-seed${seed}-n${problemCount}-steps${steps}-${tag}.bin`);
  const pyArgs = ['tools/train-tiny-reasoner.py', '--data', dataDir, '--out', weightsPath, '--seed', String(seed), '--steps', String(steps), ...flags];
  if (dtype === 'fp16') pyArgs.push('--round-fp16');
  const python = process.env.TINY_REASONER_PYTHON ?? '/usr/bin/python3';
  console.log(`[${seconds()}s] ${python} ${pyArgs.join(' ')}`);
  const run = spawnSync(python, pyArgs, { stdio: 'inherit', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
  if (run.error) throw new Error(`cannot run ${python}: ${run.error.message} (needs Debian python3-torch)`);
  if (run.status !== 0) throw new Error(`training failed (exit ${run.status})`);

  const tokDir = join(dataDir, 'tokenizer');
  const readJson = (f: string): unknown => JSON.parse(readFileSync(join(tokDir, f), 'utf8'));
  const built = await buildModelFolder({
    outDir,
    tokenizer: { files: { tokenizer: readJson('tokenizer.json') as TokenizerJson, tokenizerConfig: readJson('tokenizer_config.json') as TokenizerConfigJson } },
    weights: { file: weightsPath },
    dtype,
  });
  console.log(`[${seconds()}s] built ${outDir}: ${built.bytes} bytes (${(built.bytes / 2 ** 20).toFixed(2)} MiB)`);
  if (built.check) {
    const c = await verifyCheck(outDir, built.check);
    console.log(`check: max |logit diff| ${c.maxAbsDiff.toExponential(2)}, argmax ${c.argmax} (trainer ${c.referenceArgmax})`);
    if (!(c.maxAbsDiff < 1e-4)) throw new Error(`the ONNX model disagrees with the trainer (max diff ${c.maxAbsDiff})`);
  }
  for (const f of built.files) console.log(`  ${sha256(f).slice(0, 16)}  ${f}`);
  console.log(`sha256 ${join(outDir, 'onnx/model.onnx')}: ${sha256(join(outDir, 'onnx/model.onnx'))}`);
  console.log(`[${seconds()}s] done`);
}

main().catch((e: unknown) => {
  console.error(`train-tiny-reasoner: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
