/**
 * Public API of src/core: pure decoding logic with no DOM, no clock, no Math.random and no ML runtime.
 */

// ── Method layer: params, validation, presets, registry ──────────────────────────────────────────
export type {
  CgrsMethodParams, CgrsParams, DecodingParams, FfsMethodParams, FfsParams, GreedyParams, MethodId,
  SampleParams, TopHMethodParams,
} from './methods/params';
export {
  CGRS_PROBE_SUFFIX, CGRS_PROBE_SUFFIX_GPQA, CGRS_TRIGGER_WORDS, DEFAULT_MAX_NEW_TOKENS, MAX_FFS_ROWS,
  MAX_NEW_TOKENS_CAP, MAX_PROBE_TOKENS, MAX_TEMPERATURE, METHOD_IDS, defaultCgrsParams, defaultFfsParams,
  defaultParams, rowCount,
} from './methods/params';
export type { ParamIssue } from './methods/validate';
export { ParamError, validateDecodingParams, validationIssues } from './methods/validate';
export type { Preset } from './methods/presets';
export { PRESETS, findPreset, presetParams } from './methods/presets';
export type { MethodInfo } from './methods/registry';
export { CGRS_PAPER_URL, FFS_PAPER_URL, METHODS, TOP_H_PAPER_URL, listMethods } from './methods/registry';

// ── CGRS ──────────────────────────────────────────────────────────────────────────────────────────
export type { CertaintyNorm, CertaintyOptions, ProbePositionStats } from './cgrs/certainty';
export { certainty, firstDisagreement, suppressionProbability } from './cgrs/certainty';
export { BoundaryDetector } from './cgrs/boundary';
export type { CgrsControllerConfig, CgrsDirective, CgrsStats, CgrsStep, ProbeOutcome } from './cgrs/controller';
export { CgrsController } from './cgrs/controller';

// ── FFS ───────────────────────────────────────────────────────────────────────────────────────────
export type { FfsAccounting, FfsDecision, FfsOutcome, FfsRaceConfig, FinishRecord, RowStatus } from './ffs/race';
export { FfsRace } from './ffs/race';
export type { Finisher, VoteGroup, VoteResult } from './ffs/vote';
export { majorityVote } from './ffs/vote';

// ── Answer extraction ─────────────────────────────────────────────────────────────────────────────
export type { AnswerKind } from './eval/normalize';
export { extractAnswer, extractBoxedAnswer } from './eval/extract';
export { answersEqual, normalizeAnswer, numbersEqual, optionLetter, parseNumericAnswer } from './eval/normalize';

// ── Phase tracking, ledger, metrics ───────────────────────────────────────────────────────────────
export type { PhaseCounts, ThinkTokenIds, TracePhase } from './phase';
export { PhaseTracker, promptOpensThinking } from './phase';
export type { RowLedger, RowTraceCounts, TokenBreakdown, TokenCounts } from './ledger';
export { TokenLedger } from './ledger';
export type { RunMetrics, SamplerStepStats } from './metrics';
export { TimingRecorder, percentile95, summarizeRun } from './metrics';

// ── Sampler (src/core/sampling/*, src/core/rng.ts) ────────────────────────────────────────────────
export type { SamplingParams, TopHParams } from './sampling/types';
export { RowRng, seedFor, type RngStream } from './rng';
export { createRowSampler, type RowSampler, type RowSamplerOptions, type SampleResult, type SampleStep } from './sampling/row-sampler';
export { probeStepStats, type ProbeStepStats } from './sampling/probe-stats';
export { topHSelect } from './sampling/top-h-select';
