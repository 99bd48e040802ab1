/**
 * Method id → what the UI, CLI and engine need to know about it without reading its code.
 */
import type { DecodingParams, MethodId } from './params';
import { defaultParams } from './params';

export interface MethodInfo {
  id: MethodId;
  /** Short name for menus and lane headers. */
  label: string;
  /** One sentence saying what the method does. */
  oneLine: string;
  /** arXiv abstract page of the method's paper; null for the textbook baselines. */
  paperUrl: string | null;
  /** Batch rows decoded per run: 'one', or 'n' (= params.ffs.n, params.vote.n). */
  rows: 'one' | 'n';
  /** Needs KV-cache forks for side continuations (CGRS probes). */
  needsProbe: boolean;
  /** Fresh valid defaults (a new object on every call). */
  defaults: () => DecodingParams;
}

export const TOP_H_PAPER_URL = 'https://arxiv.org/abs/2509.02510';
export const CGRS_PAPER_URL = 'https://arxiv.org/abs/2508.05337';
export const FFS_PAPER_URL = 'https://arxiv.org/abs/2505.18149';
/** The papers' own baselines: self-consistency (FFS compares with it), s1 budget forcing (FFS), NoWait (CGRS). */
export const SELF_CONSISTENCY_URL = 'https://arxiv.org/abs/2203.11171';
export const S1_BUDGET_FORCING_URL = 'https://arxiv.org/abs/2501.19393';
export const NOWAIT_URL = 'https://arxiv.org/abs/2506.08343';

export const METHODS: Readonly<Record<MethodId, MethodInfo>> = {
  greedy: {
    id: 'greedy',
    label: 'Greedy',
    oneLine: 'Always takes the most probable token (ties to the lowest id); deterministic, no randomness.',
    paperUrl: null,
    rows: 'one',
    needsProbe: false,
    defaults: () => defaultParams('greedy'),
  },
  sample: {
    id: 'sample',
    label: 'Sampling',
    oneLine: 'Samples from the tempered distribution after optional top-k, top-p and min-p filters (Qwen3 defaults T 0.6, k 20, p 0.95).',
    paperUrl: null,
    rows: 'one',
    needsProbe: false,
    defaults: () => defaultParams('sample'),
  },
  'top-h': {
    id: 'top-h',
    label: 'Top-H',
    oneLine: 'Keeps the most probable tokens while the kept set’s entropy stays within α times the model’s own entropy (α 0.4).',
    paperUrl: TOP_H_PAPER_URL,
    rows: 'one',
    needsProbe: false,
    defaults: () => defaultParams('top-h'),
  },
  cgrs: {
    id: 'cgrs',
    label: 'CGRS',
    oneLine: 'At each reasoning step boundary, probes how certain the model is of its answer and then suppresses “Wait”/“But”/“Hmm” reflection tokens with a probability rising with that certainty.',
    paperUrl: CGRS_PAPER_URL,
    rows: 'one',
    needsProbe: true,
    defaults: () => defaultParams('cgrs'),
  },
  ffs: {
    id: 'ffs',
    label: 'First Finish Search',
    oneLine: 'Decodes n samples in one batch and returns the first to finish (shorter traces tend to be correct); k@N votes over the first k.',
    paperUrl: FFS_PAPER_URL,
    rows: 'n',
    needsProbe: false,
    defaults: () => defaultParams('ffs'),
  },
  vote: {
    id: 'vote',
    label: 'Majority vote',
    oneLine: 'Self-consistency: decodes n samples in one batch, lets every one finish and returns the most common answer (FFS’s “majority voting” baseline).',
    paperUrl: SELF_CONSISTENCY_URL,
    rows: 'n',
    needsProbe: false,
    defaults: () => defaultParams('vote'),
  },
  budget: {
    id: 'budget',
    label: 'Budget forcing',
    oneLine: 'Caps thinking at a token budget, then forces “</think>” so the model answers (s1; FFS’s “budget forcing” baseline).',
    paperUrl: S1_BUDGET_FORCING_URL,
    rows: 'one',
    needsProbe: false,
    defaults: () => defaultParams('budget'),
  },
  nowait: {
    id: 'nowait',
    label: 'NoWait',
    oneLine: 'Masks “Wait”/“But”/“Hmm” reflection tokens at every thinking step, whatever the model’s certainty (CGRS’s NoWait baseline).',
    paperUrl: NOWAIT_URL,
    rows: 'one',
    needsProbe: false,
    defaults: () => defaultParams('nowait'),
  },
};
