/**
 * Question sets: JSONL, one `{"id", "question", "answer"[, "kind"]}` object per line.
 * - `id`: a non-empty string or an integer (kept as its decimal string); unique within the set.
 * - `question`: the prompt text, non-empty.
 * - `answer`: the reference answer, a non-empty string or a finite number (kept as its string).
 * - `kind`: how answers are extracted and compared (src/core/eval/normalize): 'math' (default),
 *   'integer' (0–999, AIME-style) or 'mcq'.
 * Other keys (source, level, …) are allowed and ignored. Blank lines are skipped.
 */
import type { AnswerKind } from './normalize';

export interface Question {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly kind: AnswerKind;
}

const KINDS: readonly AnswerKind[] = ['math', 'integer', 'mcq'];

/** A malformed entry; `line` is 1-based, as an editor shows it. */
export class QuestionSetError extends Error {
  override readonly name = 'QuestionSetError';
  constructor(
    readonly source: string,
    readonly line: number,
    reason: string,
  ) {
    super(line > 0 ? `${source} line ${line}: ${reason}` : `${source}: ${reason}`);
  }
}

function textField(entry: Record<string, unknown>, key: 'id' | 'answer', fail: (why: string) => never): string {
  const v = entry[key];
  if (typeof v === 'string') {
    if (v.trim() === '') fail(`"${key}" is empty`);
    return v;
  }
  if (typeof v === 'number' && Number.isFinite(v) && (key === 'answer' || Number.isInteger(v))) return String(v);
  if (v === undefined) fail(`missing "${key}"`);
  return fail(`"${key}" must be a ${key === 'id' ? 'string or an integer' : 'string or a number'}, got ${JSON.stringify(v)}`);
}

/** Parses one entry (already JSON-decoded) of line `line`. */
function parseEntry(value: unknown, source: string, line: number): Question {
  const fail = (why: string): never => {
    throw new QuestionSetError(source, line, why);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object {"id", "question", "answer"}');
  const entry = value as Record<string, unknown>;
  const id = textField(entry, 'id', fail);
  const question = entry['question'];
  if (question === undefined) fail('missing "question"');
  if (typeof question !== 'string' || question.trim() === '') fail('"question" must be a non-empty string');
  const answer = textField(entry, 'answer', fail);
  const kind = entry['kind'] ?? 'math';
  if (!KINDS.includes(kind as AnswerKind)) fail(`"kind" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  return { id, question: question as string, answer, kind: kind as AnswerKind };
}

/**
 * All questions of a JSONL text, in file order. Throws QuestionSetError naming the first bad line
 * (invalid JSON, missing or mistyped field, unknown kind, duplicate id) or an empty set.
 */
export function parseQuestionSet(text: string, source = 'question set'): Question[] {
  const out: Question[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new QuestionSetError(source, line, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const q = parseEntry(value, source, line);
    const first = seen.get(q.id);
    if (first !== undefined) throw new QuestionSetError(source, line, `duplicate id "${q.id}" (first on line ${first})`);
    seen.set(q.id, line);
    out.push(q);
  });
  if (out.length === 0) throw new QuestionSetError(source, 0, 'no questions (expected one JSON object per line)');
  return out;
}

/**
 * The prompt sent for a question: its text, then `instruction` after a blank line when one is given
 * (e.g. "Please reason step by step, and put your final answer within \boxed{}." for hub models).
 * The CLI eval and the page's eval panel both use it, so their prompts are identical.
 */
export function questionPrompt(question: Pick<Question, 'question'>, instruction?: string): string {
  const extra = instruction?.trim();
  return extra ? `${question.question}\n\n${extra}` : question.question;
}
