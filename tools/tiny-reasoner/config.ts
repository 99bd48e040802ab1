/** Fixed choices of the tiny reasoner's data, shared by the trainer, the eval and the tests. */
import type { Problem } from './problems';

/** The held-out set is the same for every training seed, so evaluations stay comparable. */
export const HELDOUT_SEED = 20250917;
export const HELDOUT_COUNT = 300;
export const HELDOUT_PATH = 'public/data/tiny-reasoner-heldout.jsonl';
export const MODEL_DIR = 'public/models/tiny-reasoner';

export const DEFAULT_TRAIN_SEED = 1;
export const DEFAULT_TRAIN_PROBLEMS = 30000;
/** ~0.9 epoch of batches of 4096 tokens: about 17 minutes on one contended core (greedy accuracy ~75 %). */
export const DEFAULT_TRAIN_STEPS = 1200;
/** The first training problems form a validation split (never trained on). */
export const VALIDATION_PROBLEMS = 500;
/** Qwen3 merges kept beyond the data's words: enough common English for users' own wording. */
export const TOKENIZER_MERGES = 200;

/** One JSON line per problem: { id, question, answer }. */
export function heldOutJsonl(problems: readonly Problem[]): string {
  return problems.map((p, i) => JSON.stringify({ id: `tr-${String(i + 1).padStart(4, '0')}`, question: p.question, answer: String(p.answer) })).join('\n') + '\n';
}
