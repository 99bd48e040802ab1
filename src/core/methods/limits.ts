/**
 * Method ids, bounds and the papers' fixed strings: the constants the schema (./schema.ts) is built from.
 * Kept apart from the types so the schema and the types can both import them without a cycle.
 */

/** The method ids, exactly as they appear in requests, run cards, links and the CLI. */
export type MethodId = 'greedy' | 'sample' | 'top-h' | 'cgrs' | 'ffs' | 'vote' | 'budget' | 'nowait';

/** Every method: the three papers' methods and their baselines, then the papers' own comparison baselines. */
export const METHOD_IDS: readonly MethodId[] = ['greedy', 'sample', 'top-h', 'cgrs', 'ffs', 'vote', 'budget', 'nowait'];

/** What a comparison runs when nobody chose (the page on first open, the CLI without --methods). */
export const DEFAULT_METHOD_IDS: readonly MethodId[] = ['greedy', 'sample', 'top-h', 'cgrs', 'ffs'];

/** Upper bound of maxNewTokens: the longest paper setting (FFS on AIME, 32K) (project decision). */
export const MAX_NEW_TOKENS_CAP = 32_768;
/**
 * Max new tokens when nobody chose: enough for the small models' traces, and lowered to what the loaded
 * model's context leaves after the prompt when a run asks to fit (project decision; the papers use 16k/32k).
 */
export const DEFAULT_MAX_NEW_TOKENS = 2048;
/** Highest temperature accepted anywhere (project decision: the papers go up to 2.0; beyond 10 the distribution is nearly flat). */
export const MAX_TEMPERATURE = 10;
/** Most FFS or vote rows (project decision: KV memory grows n-fold). */
export const MAX_FFS_ROWS = 16;
/** Most probe tokens per checkpoint (project decision; reference code uses 20). */
export const MAX_PROBE_TOKENS = 64;

/** The 14 reflection triggers of the CGRS reference code (spec §4.2). */
export const CGRS_TRIGGER_WORDS: readonly string[] = [
  'Wait', ' Wait', 'wait', ' wait', 'But', ' But', 'but', ' but',
  'Alternatively', ' Alternatively', 'Alternative', ' Alternative', 'Hmm', ' Hmm',
];

/** Probe suffix of the reference code (spec §4.4). */
export const CGRS_PROBE_SUFFIX = '\n**Final Answer**\n\\boxed';

/** Budget forcing's default thinking cap (project decision: s1 sweeps 512–8192; our default max new tokens is 2048). */
export const DEFAULT_THINKING_BUDGET = 1024;
