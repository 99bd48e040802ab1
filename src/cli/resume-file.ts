import { appendFileSync, existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { parseResults, recogniseResults, ResultsFileError, type EvalPlan } from '../core/eval/resume';
import type { EvalRecord } from '../core/eval/score';
import { EngineError } from '../protocol/errors';

/**
 * Opens a resume file (JSONL, one EvalRecord per line; absent = a new file) under core's one resume rule
 * (src/core/eval/resume.ts): it is resumed only when recognised as this eval's own; otherwise the error
 * names the reason and the file is not touched. In a recognised file a final record cut short by an
 * interrupted write is dropped (that pair is recomputed). Returns the records and an appender.
 */
export function openResumeFile(path: string, plan: EvalPlan, warn: (s: string) => void): { records: EvalRecord[]; append: (r: EvalRecord) => void } {
  let text = '';
  if (existsSync(path)) {
    if (!statSync(path).isFile()) throw new EngineError('bad-input', `--resume ${path} is not a file (a folder?); give a results file path`, { file: path });
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new EngineError('bad-input', `--resume ${path} cannot be read: ${(e as Error).message}`, { file: path });
    }
  }
  let parsed;
  try {
    parsed = parseResults(text, path);
    recogniseResults(parsed, plan, path);
  } catch (e) {
    if (e instanceof ResultsFileError) throw new EngineError('bad-input', e.message, { file: path });
    throw e;
  }
  if (parsed.partialTail !== null) {
    warn(`lab: ${path}: dropping an incomplete last record (an interrupted write); that result is recomputed`);
    truncateSync(path, Buffer.byteLength(text) - Buffer.byteLength(parsed.partialTail));
  }
  let prefix = parsed.needsNewline ? '\n' : '';
  return {
    records: parsed.records,
    append: (r) => {
      appendFileSync(path, `${prefix}${JSON.stringify(r)}\n`);
      prefix = '';
    },
  };
}
