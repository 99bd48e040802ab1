/** Fixed choices of the tiny reasoner's data and training, shared by the trainer, the eval and the tests. */
import type { Problem } from './problems';

/** The held-out set is the same for every training seed, so evaluations stay comparable. */
export const HELDOUT_SEED = 20260101;
export const HELDOUT_COUNT = 300;
export const HELDOUT_PATH = 'public/data/tiny-reasoner-heldout.jsonl';
export const MODEL_DIR = 'public/models/tiny-reasoner';

export const DEFAULT_TRAIN_SEED = 1;
/** Training problems (the first VALIDATION_PROBLEMS validate); about one epoch at the default steps. */
export const DEFAULT_TRAIN_PROBLEMS = 24000;
export const DEFAULT_TRAIN_STEPS = 1500;
/** The first training problems form a validation split (never trained on). */
export const VALIDATION_PROBLEMS = 500;
/** Qwen3 merges kept beyond the data's words: enough common English for users' own wording. */
export const TOKENIZER_MERGES = 200;

/**
 * The model shape and optimiser settings `npm run model:train` passes to the Python trainer (each can be
 * overridden with the flag of the same name). fp16-stored weights keep the file under 5 MiB.
 */
export const TRAIN_FLAGS = {
  hidden: 192, layers: 4, heads: 6, 'kv-heads': 2, 'head-dim': 32, intermediate: 512,
  lr: 3e-3, 'batch-tokens': 4096, warmup: 100,
  'tail-weight': 0.5, 'tail-temperature': 1.5, 'tail-top': 6,
} as const;
export const DEFAULT_DTYPE: 'fp32' | 'fp16' = 'fp16';

/** One JSON line per problem: { id, question, answer }. */
export function heldOutJsonl(problems: readonly Problem[]): string {
  return problems.map((p, i) => JSON.stringify({ id: `tr-${String(i + 1).padStart(4, '0')}`, question: p.question, answer: String(p.answer) })).join('\n') + '\n';
}
