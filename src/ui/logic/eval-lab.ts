/**
 * The eval panel's pure parts: the bundled question sets, which (question, method) pairs are still to
 * run, in-page persistence of finished records, and the JSON / CSV exports. Seeds and scoring follow
 * `npm run lab -- eval` exactly (src/core/eval/score.ts), so a page result and a CLI result agree.
 */
import type { Question } from '../../core/eval/question-set';
import { paramsFingerprint, parseEvalRecord, questionSeed, recordKey, type EvalRecord, type MethodScore } from '../../core/eval/score';
import { defaultParams, type DecodingParams, type MethodId } from '../../core/methods/params';
import { csvCell } from './csv';

export interface EvalSetEntry {
  readonly file: string;
  readonly label: string;
  /** Appended after a blank line to each question (the tiny reasoner was trained without one). */
  readonly instruction: string;
}

const BOXED = 'Please reason step by step, and put your final answer within \\boxed{}.';

/** Question sets served from public/data (see public/data/SOURCES.md). */
export const EVAL_SETS: readonly EvalSetEntry[] = [
  { file: 'tiny-reasoner-heldout.jsonl', label: 'Tiny reasoner: held-out arithmetic', instruction: '' },
  { file: 'gsm8k-test-50.jsonl', label: 'GSM8K test, first 50', instruction: BOXED },
  { file: 'math500-50.jsonl', label: 'MATH-500, first 50', instruction: BOXED },
];

export interface EvalLane {
  readonly lane: string;
  readonly params: DecodingParams;
}

/** One lane per method with its defaults and the chosen token budget. */
export function evalLanes(methods: readonly MethodId[], maxNewTokens: number): EvalLane[] {
  return methods.map((m) => ({ lane: m, params: { ...defaultParams(m), maxNewTokens } }));
}

export interface PendingPair {
  readonly question: Question;
  readonly lane: EvalLane;
  readonly seed: number;
  readonly params: string;
}

/** Pairs not yet in `done` (a record counts only with the same seed and parameters), question-major. */
export function pendingPairs(questions: readonly Question[], lanes: readonly EvalLane[], seed: number, done: readonly EvalRecord[]): PendingPair[] {
  const have = new Map(done.map((r) => [recordKey(r.questionId, r.method), r]));
  const out: PendingPair[] = [];
  questions.forEach((question, i) => {
    const s = questionSeed(seed, i);
    for (const lane of lanes) {
      const params = paramsFingerprint(lane.params);
      const r = have.get(recordKey(question.id, lane.lane));
      if (!r || r.seed !== s || r.params !== params) out.push({ question, lane, seed: s, params });
    }
  });
  return out;
}

/** Records of this selection only (the same questions, methods, seeds and parameters). */
export function selectRecords(questions: readonly Question[], lanes: readonly EvalLane[], seed: number, records: readonly EvalRecord[]): EvalRecord[] {
  const pending = new Set(pendingPairs(questions, lanes, seed, records).map((p) => recordKey(p.question.id, p.lane.lane)));
  const wanted = new Set(questions.flatMap((q) => lanes.map((l) => recordKey(q.id, l.lane))));
  return records.filter((r) => {
    const k = recordKey(r.questionId, r.method);
    return wanted.has(k) && !pending.has(k);
  });
}

/** localStorage key of a set's results for one model and seed. */
export function storageKey(modelId: string, setFile: string, seed: number): string {
  return `decoding-lab:eval:${modelId}:${setFile}:${seed}`;
}

/** Records saved under a storage key; anything unreadable is dropped rather than trusted. */
export function parseSavedRecords(text: string | null): EvalRecord[] {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    try {
      return [parseEvalRecord(v)];
    } catch {
      return [];
    }
  });
}

export const RECORD_CSV_HEADER = [
  'question_id', 'method', 'seed', 'params', 'reference', 'predicted', 'correct', 'prompt_tokens', 'thinking_tokens',
  'answer_tokens', 'probe_tokens', 'discarded_tokens', 'total_tokens', 'wall_ms', 'stop_reason',
] as const;

/** One row per (question, method), RFC 4180 quoting, CRLF line ends. */
export function recordsCsv(records: readonly EvalRecord[]): string {
  const rows = records.map((r) => [
    r.questionId, r.method, r.seed, r.params, r.reference, r.predicted, r.correct, r.tokens.prompt, r.tokens.thinking,
    r.tokens.answer, r.tokens.probe, r.tokens.discarded, r.tokens.total, r.wallMs, r.stopReason,
  ]);
  return [[...RECORD_CSV_HEADER], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const SCORE_CSV_HEADER = ['method', 'problems', 'correct', 'accuracy', 'answered', 'truncated', 'mean_thinking_tokens', 'mean_total_tokens', 'mean_wall_ms'] as const;

export function scoresCsv(scores: readonly MethodScore[]): string {
  const rows = scores.map((s) => [s.method, s.problems, s.correct, s.accuracy, s.answered, s.truncated, s.meanThinkingTokens, s.meanTotalTokens, s.meanWallMs]);
  return [[...SCORE_CSV_HEADER], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface EvalExportMeta {
  readonly model: string;
  readonly device: string;
  readonly set: string;
  readonly seed: number;
  readonly maxNewTokens: number;
  readonly instruction: string;
}

/** The JSON export: the settings, the per-method scores (the CLI's --json objects) and every record. */
export function evalExportJson(meta: EvalExportMeta, scores: readonly MethodScore[], records: readonly EvalRecord[]): string {
  return JSON.stringify({ ...meta, scores, records }, null, 2);
}

/** Scatter points for the chart: mean total tokens (x) against accuracy in % (y), methods with results only. */
export function scatterPoints(scores: readonly MethodScore[]): { method: string; x: number; y: number }[] {
  return scores
    .filter((s) => s.problems > 0 && s.meanTotalTokens !== null && s.accuracy !== null)
    .map((s) => ({ method: s.method, x: s.meanTotalTokens!, y: 100 * s.accuracy! }));
}
