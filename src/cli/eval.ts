import { appendFileSync, existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseQuestionSet, QuestionSetError, type Question } from '../core/eval/question-set';
import { parseResults, recogniseResults, ResultsFileError, type EvalPlan } from '../core/eval/resume';
import { aggregateByMethod, type EvalRecord, type MethodScore } from '../core/eval/score';
import { DEFAULT_MAX_NEW_TOKENS, MAX_NEW_TOKENS_CAP } from '../core/methods/params';
import { Engine } from '../engine/engine';
import { runEval, type EvalProgress } from '../engine/eval/eval-runner';
import { EngineError } from '../protocol/errors';
import type { LaneResult } from '../protocol/run';
import { optionalInt, parseFlags, requireString, seedFlag } from './args';
import { buildLanes, parseMethods } from './lanes';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { textTable } from './report';

export const EVAL_USAGE =
  'lab eval --model <folder-or-name> --set <questions.jsonl> [--methods greedy,sample,top-h,cgrs,ffs] [--seed <n>] [--limit <n>] [--max-tokens <n>] [--param method.field=value …] [--instruction "<text>"] [--no-thinking] [--resume <results.jsonl>] [--traces <traces.jsonl>] [--json]';

export function readQuestionSet(path: string): Question[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new EngineError('bad-input', `Cannot read question set ${path}: ${(e as Error).message}`, { file: path });
  }
  try {
    return parseQuestionSet(text, path);
  } catch (e) {
    if (e instanceof QuestionSetError) throw new EngineError('bad-input', e.message, { file: path });
    throw e;
  }
}

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

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

export interface EvalSummaryRow extends MethodScore {
  /** Results computed by this invocation and taken from the resume file. */
  readonly computed: number;
  readonly resumed: number;
}

export function evalTable(rows: readonly EvalSummaryRow[]): string {
  const header = ['method', 'problems', 'accuracy', 'correct', 'answered', 'truncated', 'thinking tok', 'total tok', 'wall ms', 'computed', 'resumed'];
  return textTable(header, rows.map((r) => [
    r.method, String(r.problems), pct(r.accuracy), String(r.correct), String(r.answered), String(r.truncated),
    num(r.meanThinkingTokens), num(r.meanTotalTokens), num(r.meanWallMs, 0), String(r.computed), String(r.resumed),
  ]));
}

/** What `--traces` keeps per computed result: the record plus the trace and the method's own summary. */
export function traceLine(r: EvalRecord, lane: LaneResult) {
  return { ...r, text: lane.text, cgrs: lane.cgrs ?? null, ffs: lane.ffs ?? null };
}

function progressLine(p: EvalProgress, startMs: number): string {
  const elapsed = (performance.now() - startMs) / 1000;
  const remaining = p.total - p.done;
  const eta = p.computed > 0 ? (elapsed / p.computed) * remaining : null;
  const last = p.last
    ? ` ${p.last.questionId} ${p.last.method} ${p.last.correct ? 'correct' : 'wrong'} (${p.last.tokens.total} tok, ${(p.last.wallMs / 1000).toFixed(1)} s)`
    : '';
  const etaText = eta === null ? '' : `, ETA ${eta < 90 ? `${eta.toFixed(0)} s` : `${(eta / 60).toFixed(1)} min`}`;
  return `[${p.done}/${p.total}]${last} | ${p.computed} computed, ${p.resumed} resumed, ${elapsed.toFixed(0)} s${etaText}`;
}

export async function evalCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const flags = parseFlags(argv, {
    model: { type: 'string' },
    set: { type: 'string' },
    methods: { type: 'string' },
    seed: { type: 'string' },
    limit: { type: 'string' },
    'max-tokens': { type: 'string' },
    param: { type: 'string', multiple: true },
    instruction: { type: 'string' },
    'no-thinking': { type: 'boolean' },
    resume: { type: 'string' },
    traces: { type: 'string' },
    json: { type: 'boolean' },
  });
  const { root, spec } = resolveModelArg(requireString(flags, 'model'));
  const setPath = requireString(flags, 'set');
  const methods = parseMethods(flags['methods'] as string | undefined);
  const seed = seedFlag(flags);
  const limit = optionalInt(flags, 'limit', 1, 1_000_000);
  const maxTokensFlag = optionalInt(flags, 'max-tokens', 1, MAX_NEW_TOKENS_CAP);
  const overrides = (flags['param'] as string[] | undefined) ?? [];
  const lanes = buildLanes(methods, maxTokensFlag, overrides); // a bad --param fails here, before the model loads
  const json = flags['json'] === true;
  const warn = (s: string) => void process.stderr.write(`${s}\n`);

  const all = readQuestionSet(setPath);
  const questions = limit === undefined ? all : all.slice(0, limit);
  const resumePath = flags['resume'] as string | undefined;
  const resume = resumePath ? openResumeFile(resumePath, { questions: all, lanes, seed }, warn) : null;
  const inSlice = new Set(questions.map((q) => q.id));
  const done = (resume?.records ?? []).filter((r) => inSlice.has(r.questionId));
  const tracesPath = flags['traces'] as string | undefined;

  const engine = new Engine(nodeHost({ modelRoot: root }));
  await engine.load(spec, () => {});
  const computedByMethod = new Map<string, number>();
  let stop = false;
  const onSigint = () => {
    stop = true;
    warn('lab: stopping after the current problem (Ctrl-C again to abort)');
  };
  process.once('SIGINT', onSigint);
  const start = performance.now();
  const tty = process.stderr.isTTY === true;
  let outcome;
  try {
    outcome = await runEval({
      engine,
      questions,
      lanes,
      seed,
      done,
      ...(typeof flags['instruction'] === 'string' ? { instruction: flags['instruction'] } : {}),
      enableThinking: flags['no-thinking'] !== true,
      shouldStop: () => stop,
      onRecord: (r, lane) => {
        computedByMethod.set(r.method, (computedByMethod.get(r.method) ?? 0) + 1);
        resume?.append(r);
        if (tracesPath) appendFileSync(tracesPath, `${JSON.stringify(traceLine(r, lane))}\n`);
      },
      onProgress: (p) => {
        if (json) return;
        process.stderr.write(tty ? `\r\x1b[K${progressLine(p, start)}` : `${progressLine(p, start)}\n`);
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    if (tty && !json) process.stderr.write('\n');
    await engine.unload();
  }

  const rows: EvalSummaryRow[] = aggregateByMethod(outcome.records, lanes.map((l) => l.lane)).map((s) => {
    const computed = computedByMethod.get(s.method) ?? 0;
    return { ...s, computed, resumed: s.problems - computed };
  });
  if (json) {
    out(JSON.stringify(rows.map((r) => ({
      method: r.method, problems: r.problems, accuracy: r.accuracy, meanThinkingTokens: r.meanThinkingTokens,
      meanTotalTokens: r.meanTotalTokens, meanWallMs: r.meanWallMs, correct: r.correct, answered: r.answered,
      truncated: r.truncated, computed: r.computed, resumed: r.resumed,
    })), null, 2));
    return;
  }
  out(evalTable(rows));
  out(
    `${outcome.computed} results computed, ${outcome.resumed} resumed; ${questions.length} problems × ${lanes.length} methods from ${setPath}; ` +
      `problem i ran with seed ${seed} + i; max new tokens ${maxTokensFlag ?? `${DEFAULT_MAX_NEW_TOKENS}, fitted to the model's context`}` +
      `${outcome.stopped ? '; STOPPED EARLY: partial result' : ''}`,
  );
}
