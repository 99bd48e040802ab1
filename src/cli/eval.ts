import { appendFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseQuestionSet, QuestionSetError, type Question } from '../core/eval/question-set';
import { aggregateByMethod, type EvalRecord, type MethodScore } from '../core/eval/score';
import { DEFAULT_MAX_NEW_TOKENS, MAX_NEW_TOKENS_CAP } from '../core/methods/params';
import { Engine } from '../engine/engine';
import { EngineError } from '../protocol/errors';
import type { EvalProgressEvent, EvalRequest, EvalResult } from '../protocol/eval';
import type { ModelSpec } from '../protocol/model';
import type { LaneResult } from '../protocol/run';
import { openResumeFile } from './resume-file';
import { optionalInt, parseFlags, requireString, seedFlag } from './args';
import { buildLanes, parseMethods } from './lanes';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { textTable } from './report';

export const EVAL_USAGE =
  'lab eval --model <folder-or-name> [--dtype fp32|q4|fp16|q4f16] --set <questions.jsonl> [--methods greedy,sample,top-h,cgrs,ffs|vote|budget|nowait] [--seed <n>] [--limit <n>] [--max-tokens <n>] [--param method.field=value …] [--instruction "<text>"] [--no-thinking] [--resume <results.jsonl>] [--traces <traces.jsonl>] [--json]';

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

function progressLine(p: EvalProgressEvent, startMs: number): string {
  const elapsed = (performance.now() - startMs) / 1000;
  const remaining = p.total - p.done;
  const eta = p.computed > 0 ? (elapsed / p.computed) * remaining : null;
  const r = p.record;
  const last = r ? ` ${r.questionId} ${r.method} ${r.correct ? 'correct' : 'wrong'} (${r.tokens.total} tok, ${(r.wallMs / 1000).toFixed(1)} s)` : '';
  const etaText = eta === null ? '' : `, ETA ${eta < 90 ? `${eta.toFixed(0)} s` : `${(eta / 60).toFixed(1)} min`}`;
  return `[${p.done}/${p.total}]${last} | ${p.computed} computed, ${p.resumed} resumed, ${elapsed.toFixed(0)} s${etaText}`;
}

const EVAL_FLAGS = {
  model: { type: 'string' }, dtype: { type: 'string' }, set: { type: 'string' }, methods: { type: 'string' }, seed: { type: 'string' }, limit: { type: 'string' },
  'max-tokens': { type: 'string' }, param: { type: 'string', multiple: true }, instruction: { type: 'string' },
  'no-thinking': { type: 'boolean' }, resume: { type: 'string' }, traces: { type: 'string' }, json: { type: 'boolean' },
} as const;

interface EvalCommandOptions {
  readonly root: string;
  readonly spec: ModelSpec;
  readonly setPath: string;
  readonly questions: Question[];
  readonly request: Omit<EvalRequest, 'done'>;
  readonly maxTokensFlag: number | undefined;
  readonly resume: ReturnType<typeof openResumeFile> | null;
  readonly tracesPath: string | undefined;
  readonly json: boolean;
}

/** Every flag checked, the question set read and the resume file recognised — before the model loads. */
function evalOptions(argv: string[]): EvalCommandOptions {
  const flags = parseFlags(argv, EVAL_FLAGS);
  const { root, spec } = resolveModelArg(requireString(flags, 'model'), flags['dtype'] as string | undefined);
  const setPath = requireString(flags, 'set');
  const seed = seedFlag(flags);
  const limit = optionalInt(flags, 'limit', 1, 1_000_000);
  const maxTokensFlag = optionalInt(flags, 'max-tokens', 1, MAX_NEW_TOKENS_CAP);
  const lanes = buildLanes(parseMethods(flags['methods'] as string | undefined), maxTokensFlag, (flags['param'] as string[] | undefined) ?? []);
  const all = readQuestionSet(setPath);
  const questions = limit === undefined ? all : all.slice(0, limit);
  const resumePath = flags['resume'] as string | undefined;
  const warn = (s: string) => void process.stderr.write(`${s}\n`);
  const tracesPath = flags['traces'] as string | undefined;
  return {
    root, spec, setPath, questions, maxTokensFlag, tracesPath, json: flags['json'] === true,
    resume: resumePath ? openResumeFile(resumePath, { questions: all, lanes, seed }, warn) : null,
    request: {
      runId: 'lab-eval', questions, lanes, seed, enableThinking: flags['no-thinking'] !== true, withLanes: tracesPath !== undefined,
      ...(typeof flags['instruction'] === 'string' ? { instruction: flags['instruction'] } : {}),
    },
  };
}

/** The engine's one evaluation loop; Ctrl-C stops after the current pair. Records go to the resume and traces files as they come. */
async function evaluate(o: EvalCommandOptions): Promise<{ result: EvalResult; computedByMethod: Map<string, number> }> {
  const engine = new Engine(nodeHost({ modelRoot: o.root }));
  await engine.load(o.spec, () => {});
  const inSlice = new Set(o.questions.map((q) => q.id));
  const computedByMethod = new Map<string, number>();
  const onSigint = () => {
    void engine.cancel(o.request.runId).catch(() => {});
    process.stderr.write('lab: stopping after the current problem\n');
  };
  process.once('SIGINT', onSigint);
  const start = performance.now();
  const tty = process.stderr.isTTY === true;
  try {
    const result = await engine.evaluate({ ...o.request, done: (o.resume?.records ?? []).filter((r) => inSlice.has(r.questionId)) }, (p) => {
      if (p.record) {
        computedByMethod.set(p.record.method, (computedByMethod.get(p.record.method) ?? 0) + 1);
        o.resume?.append(p.record);
        if (o.tracesPath && p.lane) appendFileSync(o.tracesPath, `${JSON.stringify(traceLine(p.record, p.lane))}\n`);
      }
      if (!o.json) process.stderr.write(tty ? `\r\x1b[K${progressLine(p, start)}` : `${progressLine(p, start)}\n`);
    });
    return { result, computedByMethod };
  } finally {
    process.off('SIGINT', onSigint);
    if (tty && !o.json) process.stderr.write('\n');
    await engine.unload();
  }
}

function summaryJson(rows: readonly EvalSummaryRow[]): string {
  return JSON.stringify(rows.map((r) => ({
    method: r.method, problems: r.problems, accuracy: r.accuracy, meanThinkingTokens: r.meanThinkingTokens,
    meanTotalTokens: r.meanTotalTokens, meanWallMs: r.meanWallMs, correct: r.correct, answered: r.answered,
    truncated: r.truncated, computed: r.computed, resumed: r.resumed,
  })), null, 2);
}

export async function evalCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const o = evalOptions(argv);
  const { result, computedByMethod } = await evaluate(o);
  const lanes = o.request.lanes;
  const rows: EvalSummaryRow[] = aggregateByMethod([...result.records], lanes.map((l) => l.lane)).map((s) => {
    const computed = computedByMethod.get(s.method) ?? 0;
    return { ...s, computed, resumed: s.problems - computed };
  });
  if (o.json) {
    out(summaryJson(rows));
    return;
  }
  out(evalTable(rows));
  out(
    `${result.computed} results computed, ${result.resumed} resumed; ${o.questions.length} problems × ${lanes.length} methods from ${o.setPath}; ` +
      `problem i ran with seed ${o.request.seed} + i; max new tokens ${o.maxTokensFlag ?? `${DEFAULT_MAX_NEW_TOKENS}, fitted to the model's context`}` +
      `${result.stopped ? '; STOPPED EARLY: partial result' : ''}`,
  );
}
