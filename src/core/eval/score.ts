/**
 * Scoring an evaluation: one record per (question, method), aggregated per method.
 *
 * Token figures follow the metrics vocabulary (spec §7): thinking = trace tokens from <think> through
 * </think>; total = thinking + answer + discarded (losing FFS rows) + probe (CGRS probes). Wall time is the
 * lane's request → result time.
 */
import type { TokenBreakdown } from '../ledger';
import { extractAnswer } from './extract';
import { answersEqual, type AnswerKind } from './normalize';
import type { Question } from './question-set';

/** The parts of an engine lane result that scoring reads (structurally a subset of LaneResult). */
export interface LaneOutcome {
  readonly answer: string | null;
  readonly text: string;
  readonly stopReason: string;
  readonly metrics: {
    readonly tokens: Readonly<TokenBreakdown>;
    readonly wallMs: number;
  };
}

export type EvalTokens = Readonly<TokenBreakdown>;

/** One question answered by one method: what resumable runs store, one JSON object per line. */
export interface EvalRecord {
  readonly questionId: string;
  /** The lane name (the method id unless a method appears twice). */
  readonly method: string;
  /** The run seed this question was decoded with. */
  readonly seed: number;
  /** paramsFingerprint of the lane's decoding parameters: resuming with other parameters is refused. */
  readonly params: string;
  readonly reference: string;
  readonly predicted: string | null;
  readonly correct: boolean;
  readonly tokens: EvalTokens;
  readonly wallMs: number;
  readonly stopReason: string;
}

export interface MethodScore {
  readonly method: string;
  readonly problems: number;
  readonly correct: number;
  /** correct / problems in [0, 1]; null with no problems. */
  readonly accuracy: number | null;
  /** Problems whose trace had a parsable answer. */
  readonly answered: number;
  /** Problems cut at maxNewTokens. */
  readonly truncated: number;
  readonly meanThinkingTokens: number | null;
  readonly meanTotalTokens: number | null;
  readonly meanWallMs: number | null;
}

/**
 * The lane's answer under `kind`: its last `\boxed{…}` (the engine's `answer`, which for FFS-k is the vote
 * winner) read as `kind` asks; for 'mcq' without a box, the trace's last `**A`.
 */
export function predictedAnswer(lane: Pick<LaneOutcome, 'answer' | 'text'>, kind: AnswerKind): string | null {
  if (lane.answer !== null) return extractAnswer(`\\boxed{${lane.answer}}`, kind);
  return kind === 'mcq' ? extractAnswer(lane.text, kind) : null;
}

/** Scores one lane against its question. */
export function scoreLane(
  question: Question,
  method: string,
  lane: LaneOutcome,
  run: { seed: number; params: string },
): EvalRecord {
  const predicted = predictedAnswer(lane, question.kind);
  const t = lane.metrics.tokens;
  return {
    questionId: question.id,
    method,
    seed: run.seed,
    params: run.params,
    reference: question.answer,
    predicted,
    correct: answersEqual(predicted, question.answer, question.kind),
    tokens: { prompt: t.prompt, thinking: t.thinking, answer: t.answer, probe: t.probe, discarded: t.discarded, total: t.total },
    wallMs: lane.metrics.wallMs,
    stopReason: lane.stopReason,
  };
}

/** Key of a (question, method) pair, e.g. for resume look-ups. */
export const recordKey = (questionId: string, method: string): string => JSON.stringify([questionId, method]);

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Per-method scores, in `methods` order (default: first appearance). A record for a (question, method)
 * seen twice counts once (the last one), so a resumed run never double-counts.
 */
export function aggregateByMethod(records: readonly EvalRecord[], methods?: readonly string[]): MethodScore[] {
  const latest = new Map<string, EvalRecord>();
  for (const r of records) latest.set(recordKey(r.questionId, r.method), r);
  const order = methods ?? [...new Set(records.map((r) => r.method))];
  return order.map((method) => {
    const rs = [...latest.values()].filter((r) => r.method === method);
    const correct = rs.filter((r) => r.correct).length;
    return {
      method,
      problems: rs.length,
      correct,
      accuracy: rs.length === 0 ? null : correct / rs.length,
      answered: rs.filter((r) => r.predicted !== null).length,
      truncated: rs.filter((r) => r.stopReason === 'max-tokens').length,
      meanThinkingTokens: mean(rs.map((r) => r.tokens.thinking)),
      meanTotalTokens: mean(rs.map((r) => r.tokens.total)),
      meanWallMs: mean(rs.map((r) => r.wallMs)),
    };
  });
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Short, stable fingerprint of decoding parameters (FNV-1a 32-bit over their stable JSON). */
export function paramsFingerprint(params: unknown): string {
  let h = 0x811c9dc5;
  const s = stableJson(params);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Checks a decoded JSON value is an EvalRecord (e.g. a line of a resume file or a saved page result).
 * Throws an Error saying which field is wrong.
 */
export function parseEvalRecord(value: unknown): EvalRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  const r = value as Record<string, unknown>;
  const str = (k: string) => {
    if (typeof r[k] !== 'string') throw new Error(`"${k}" must be a string`);
    return r[k] as string;
  };
  if (typeof r['seed'] !== 'number' || !Number.isInteger(r['seed'])) throw new Error('"seed" must be an integer');
  if (r['predicted'] !== null && typeof r['predicted'] !== 'string') throw new Error('"predicted" must be a string or null');
  if (typeof r['correct'] !== 'boolean') throw new Error('"correct" must be true or false');
  if (!isCount(r['wallMs'])) throw new Error('"wallMs" must be a non-negative number');
  const t = r['tokens'] as Record<string, unknown> | undefined;
  const keys = ['prompt', 'thinking', 'answer', 'probe', 'discarded', 'total'] as const;
  if (typeof t !== 'object' || t === null || !keys.every((k) => isCount(t[k]))) {
    throw new Error(`"tokens" must hold non-negative counts ${keys.join(', ')}`);
  }
  return {
    questionId: str('questionId'),
    method: str('method'),
    seed: r['seed'],
    params: str('params'),
    reference: str('reference'),
    predicted: r['predicted'] as string | null,
    correct: r['correct'],
    tokens: Object.fromEntries(keys.map((k) => [k, t[k] as number])) as unknown as EvalTokens,
    wallMs: r['wallMs'],
    stopReason: str('stopReason'),
  };
}

/**
 * The run seed of the question at `index` (0-based position in its set) in an eval seeded `runSeed`:
 * `(runSeed + index) mod 2³²`. Fixed per question, so `--limit` and resuming never change a question's
 * draws, and `lab compare --seed <runSeed + index>` replays one problem.
 */
export function questionSeed(runSeed: number, index: number): number {
  if (!Number.isInteger(runSeed) || !Number.isInteger(index) || index < 0) {
    throw new Error(`questionSeed: integer seed and index ≥ 0 expected, got ${runSeed}, ${index}`);
  }
  return (runSeed + index) >>> 0;
}
