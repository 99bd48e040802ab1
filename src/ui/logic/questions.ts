/** The bundled question set: JSON lines of `{ id, question, answer }`. */

export interface Question {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
}

/** Parses a JSONL question set; throws naming the first bad line. Blank lines are skipped. */
export function parseQuestions(text: string, file: string): Question[] {
  const out: Question[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${file} line ${i + 1}: not valid JSON`);
    }
    const o = v as { id?: unknown; question?: unknown; answer?: unknown };
    const okAnswer = typeof o.answer === 'string' || typeof o.answer === 'number';
    if (typeof v !== 'object' || v === null || typeof o.question !== 'string' || o.question.trim() === '' || !okAnswer) {
      throw new Error(`${file} line ${i + 1}: expected {"id", "question", "answer"}`);
    }
    out.push({ id: String(o.id ?? i + 1), question: o.question, answer: String(o.answer) });
  });
  return out;
}

/** The first `count` questions, evenly spread over the set, for the example chips. */
export function sampleQuestions(all: readonly Question[], count: number): Question[] {
  if (all.length <= count) return [...all];
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}
