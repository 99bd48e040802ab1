/**
 * The accuracy lab's pure parts: the bundled question sets, in-page persistence of finished records, and
 * the JSON / CSV exports. The evaluation itself runs in the worker through the engine's one evaluation loop
 * (src/engine/eval), the same as `npm run lab -- eval`, so a page result and a CLI result agree.
 */
import { paramsFingerprint, parseEvalRecord, type EvalRecord, type MethodScore } from '../../core/eval/score';
import type { LaneRequest } from '../../protocol/run';
import { csvCell } from './csv';
import type { EvalMeta } from '../store/lab';

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

/**
 * localStorage key of one evaluation's results: the model, the set, the seed and a fingerprint of the lanes
 * (their parameters) and the instruction. Results saved under a key are by construction this evaluation's
 * own, so resuming them passes core's one resume rule; other settings get a key of their own.
 */
export function storageKey(modelId: string, setFile: string, seed: number, lanes: readonly LaneRequest[], instruction: string): string {
  const plan = paramsFingerprint({ lanes: lanes.map((l) => [l.lane, l.params, l.fitToContext === true]), instruction });
  return `decoding-lab:eval:${modelId}:${setFile}:${seed}:${plan}`;
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

/** The JSON export: the settings, the per-method scores (the CLI's --json objects) and every record. */
export function evalExportJson(meta: EvalMeta, scores: readonly MethodScore[], records: readonly EvalRecord[]): string {
  return JSON.stringify({ ...meta, scores, records }, null, 2);
}

/** Scatter points for the chart: mean total tokens (x) against accuracy in % (y), methods with results only. */
export function scatterPoints(scores: readonly MethodScore[]): { method: string; x: number; y: number }[] {
  return scores
    .filter((s) => s.problems > 0 && s.meanTotalTokens !== null && s.accuracy !== null)
    .map((s) => ({ method: s.method, x: s.meanTotalTokens!, y: 100 * s.accuracy! }));
}
