import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseQuestionSet, QuestionSetError, type Question } from '../core/eval/question-set';
import { aggregateByMethod, parseEvalRecord, type EvalRecord, type MethodScore } from '../core/eval/score';
import { DEFAULT_MAX_NEW_TOKENS } from '../core/methods/params';
import { Engine } from '../engine/engine';
import { runEval, type EvalProgress } from '../engine/eval/eval-runner';
import { EngineError } from '../protocol/errors';
import type { LaneResult } from '../protocol/run';
import { optionalInt, parseFlags, requireString } from './args';
import { buildLanes, parseMethods } from './compare';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { textTable } from './report';

export const EVAL_USAGE =
  'lab eval --model <folder-or-name> --set <questions.jsonl> [--methods greedy,sample,top-h,cgrs,ffs] [--seed <n>] [--limit <n>] [--max-tokens <n>] [--param method.field=value …] [--instruction "<text>"] [--no-thinking] [--resume <results.jsonl>] [--traces <traces.jsonl>] [--json]';

/**
 * Max new tokens when --max-tokens is not given: the methods' default (2048), but at most 3/4 of the
 * model's context so the prompt still fits (the tiny reasoner's context is 2048 tokens).
 */
export function defaultMaxTokens(contextLength: number): number {
  return Math.max(1, Math.min(DEFAULT_MAX_NEW_TOKENS, Math.floor((contextLength * 3) / 4)));
}

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
 * Records of a resume file (JSONL, one EvalRecord per line; absent = none yet). A last line without its
 * newline is a write cut short by an interrupt: it is dropped from the file, and that pair is recomputed.
 */
export function readResumeFile(path: string, warn: (s: string) => void): EvalRecord[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const partial = lines.pop() ?? '';
  if (partial.trim() !== '') {
    warn(`lab: ${path}: dropping an incomplete last line (an interrupted write); that result is recomputed`);
    truncateSync(path, Buffer.byteLength(text) - Buffer.byteLength(partial));
  }
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [parseEvalRecord(JSON.parse(line))];
    } catch (e) {
      throw new EngineError('bad-input', `${path} line ${i + 1}: not a result record (${(e as Error).message})`, { file: path });
    }
  });
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
  const seed = optionalInt(flags, 'seed', 0, 2 ** 32 - 1) ?? 0;
  const limit = optionalInt(flags, 'limit', 1, 1_000_000);
  const maxTokensFlag = optionalInt(flags, 'max-tokens', 1, 1_000_000);
  const overrides = (flags['param'] as string[] | undefined) ?? [];
  buildLanes(methods, maxTokensFlag, overrides); // a bad --param fails here, before the model loads
  const json = flags['json'] === true;
  const warn = (s: string) => void process.stderr.write(`${s}\n`);

  const all = readQuestionSet(setPath);
  const questions = limit === undefined ? all : all.slice(0, limit);
  const resumePath = flags['resume'] as string | undefined;
  const done = resumePath ? readResumeFile(resumePath, warn) : [];
  const tracesPath = flags['traces'] as string | undefined;

  const engine = new Engine(nodeHost({ modelRoot: root }));
  const info = await engine.load(spec, () => {});
  const maxTokens = maxTokensFlag ?? defaultMaxTokens(info.contextLength);
  const lanes = buildLanes(methods, maxTokens, overrides);
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
        if (resumePath) appendFileSync(resumePath, `${JSON.stringify(r)}\n`);
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
      `problem i ran with seed ${seed} + i; max new tokens ${maxTokens}${maxTokensFlag === undefined ? ' (default)' : ''}` +
      `${outcome.stopped ? '; STOPPED EARLY: partial result' : ''}`,
  );
}
