/**
 * The one resume rule of an evaluation (CLI `--resume` and the page's lab): a results file is resumed only
 * when it is recognised as this evaluation's own — every line a result record, every record a question of
 * this set, a method being evaluated, and decoded with this eval's seed and parameters. Anything else is
 * refused with the reason, and the file is left exactly as it was. The one repair allowed is dropping a
 * final record cut short by an interrupted write, and only in a file already recognised.
 */
import { paramsFingerprint, parseEvalRecord, questionSeed, type EvalRecord } from './score';
import type { DecodingParams } from '../methods/params';
import type { Question } from './question-set';

export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
}

/** What an evaluation is: its questions, its lanes with their parameters, and its run seed. */
export interface EvalPlan {
  readonly questions: readonly Question[];
  readonly lanes: readonly { readonly lane: string; readonly params: DecodingParams }[];
  readonly seed: number;
}

export interface ParsedResults {
  readonly records: EvalRecord[];
  /**
   * A final line without its newline that is not a complete record — an interrupted write; null when
   * the text ends cleanly. Dropping it is the caller's choice, after recognition.
   */
  readonly partialTail: string | null;
  /** The text ends with a complete record but no newline: append one before the next record. */
  readonly needsNewline: boolean;
}

/** Parses a results file (JSONL). Throws ResultsFileError on a complete line that is not a record. */
export function parseResults(text: string, source: string): ParsedResults {
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const records: EvalRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(parseEvalRecord(JSON.parse(line)));
    } catch (e) {
      throw new ResultsFileError(`${source} line ${i + 1} is not a result record of lab eval (${(e as Error).message}); the file was left unchanged`);
    }
  });
  if (last.trim() === '') return { records, partialTail: null, needsNewline: false };
  try {
    records.push(parseEvalRecord(JSON.parse(last)));
    return { records, partialTail: null, needsNewline: true };
  } catch {
    return { records, partialTail: last, needsNewline: false };
  }
}

/** Why `r` does not belong to `plan`, or null when it is one of its results. */
export function foreignRecordProblem(r: EvalRecord, plan: EvalPlan): string | null {
  const index = plan.questions.findIndex((q) => q.id === r.questionId);
  if (index < 0) return `question "${r.questionId}" is not in this question set`;
  const lane = plan.lanes.find((l) => l.lane === r.method);
  if (!lane) return `method "${r.method}" is not being evaluated (${plan.lanes.map((l) => l.lane).join(', ')})`;
  const seed = questionSeed(plan.seed, index);
  if (r.seed !== seed) return `question "${r.questionId}" / ${r.method} was run with seed ${r.seed}, this eval uses ${seed}`;
  const params = paramsFingerprint(lane.params);
  if (r.params !== params) return `question "${r.questionId}" / ${r.method} was run with parameters ${r.params}, this eval uses ${params}`;
  return null;
}

/**
 * Checks parsed results against the plan; throws ResultsFileError naming the first foreign record.
 * A partial tail is only tolerated after at least one complete record (an empty or foreign file is refused).
 */
export function recogniseResults(parsed: ParsedResults, plan: EvalPlan, source: string): void {
  for (const r of parsed.records) {
    const problem = foreignRecordProblem(r, plan);
    if (problem) throw new ResultsFileError(`Cannot resume from ${source}: ${problem} (use another --resume file, or the same set, --seed and parameters); the file was left unchanged`);
  }
  if (parsed.partialTail !== null && parsed.records.length === 0) {
    throw new ResultsFileError(`${source} holds no result record of lab eval; the file was left unchanged (give a new file name to start one)`);
  }
}
