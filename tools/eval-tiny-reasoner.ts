/**
 * Measures the tiny reasoner as the model organism it is built to be (README, "The tiny reasoner is a
 * model organism"), on the engine exactly as `npm run lab -- eval` drives it (Engine + Node host, one
 * single-lane run per question and method, question i with seed `seed + i`), so every method number
 * here equals the one `lab eval` prints for the same parameters:
 *
 *   npx tsx tools/eval-tiny-reasoner.ts [--model public/models/tiny-reasoner]
 *     [--set public/data/tiny-reasoner-heldout.jsonl] [--limit N] [--seed 1] [--seeds 4] [--max-tokens 1024] [--json]
 *
 * Lanes: greedy; sample (defaults: T 0.6, top-k 20, top-p 0.95) with `--seeds` run seeds (seed,
 * seed + 100000, …); sample-p (T 0.6, top-p 0.95: the sampler of CGRS and FFS); cgrs (defaults);
 * cgrs-probe (δ = 1: the same sampler with probes, never suppressing); ffs (defaults); top-h at T 0.6
 * and T 1.5; sample-p at T 1.5. The organism targets (issue 12) are checked and printed with each number.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuestionSet, type Question } from '../src/core/eval/question-set';
import { aggregateByMethod, type EvalRecord, type MethodScore } from '../src/core/eval/score';
import { defaultParams, type DecodingParams } from '../src/core/methods/params';
import { Engine } from '../src/engine/engine';
import { runEval } from '../src/engine/eval/eval-runner';
import { nodeHost } from '../src/node/host';
import type { LaneRequest, LaneResult } from '../src/protocol/run';
import { HELDOUT_PATH, MODEL_DIR } from './tiny-reasoner/config';
import { loadTokenizer } from './tiny-reasoner/dataset';
import { auroc, lengthsWithinQuestions, traceShape, type LengthComparison } from './tiny-reasoner/organism-metrics';

const SEED_STRIDE = 100_000;

function lanes(maxNewTokens: number): LaneRequest[] {
  const lane = (name: string, params: DecodingParams): LaneRequest => ({ lane: name, params: { ...params, maxNewTokens } });
  const sampleP = { temperature: 0.6, topP: 0.95 };
  const cgrs = defaultParams('cgrs');
  const topH = defaultParams('top-h');
  return [
    lane('greedy', defaultParams('greedy')),
    lane('sample', defaultParams('sample')),
    lane('sample-p', { ...defaultParams('sample'), sampling: sampleP }),
    lane('cgrs', cgrs),
    lane('cgrs-probe', { ...cgrs, cgrs: { ...cgrs.cgrs, delta: 1 } }),
    lane('ffs', defaultParams('ffs')),
    lane('top-h-0.6', { ...topH, sampling: { ...topH.sampling, temperature: 0.6 } }),
    lane('top-h-1.5', { ...topH, sampling: { ...topH.sampling, temperature: 1.5 } }),
    lane('sample-p-1.5', { ...defaultParams('sample'), sampling: { ...sampleP, temperature: 1.5 } }),
  ];
}

interface Target { name: string; value: number | null; goal: string; pass: boolean }

interface Options {
  modelDir: string;
  setPath: string;
  questions: Question[];
  seed: number;
  seeds: number;
  maxTokens: number;
  json: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    strict: true,
    options: {
      model: { type: 'string' }, set: { type: 'string' }, limit: { type: 'string' }, seed: { type: 'string' },
      seeds: { type: 'string' }, 'max-tokens': { type: 'string' }, json: { type: 'boolean' },
    },
  });
  const int = (name: string, v: string | undefined, fallback: number, min = 1): number => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
    return Number(v);
  };
  const setPath = values.set ?? HELDOUT_PATH;
  const all: Question[] = parseQuestionSet(readFileSync(setPath, 'utf8'), setPath);
  return {
    modelDir: resolve(values.model ?? MODEL_DIR), setPath, questions: all.slice(0, int('limit', values.limit, all.length)),
    seed: int('seed', values.seed, 1, 0), seeds: int('seeds', values.seeds, 4), maxTokens: int('max-tokens', values['max-tokens'], 1024),
    json: values.json ?? false,
  };
}

type Outcome = { record: EvalRecord; lane: LaneResult };

/** Every lane once at the run seed, then the sample lane at `seeds − 1` more run seeds (keys 'sample#k'). */
async function runLanes(o: Options, laneList: LaneRequest[]): Promise<{ results: Map<string, Outcome[]>; records: EvalRecord[]; seconds: number }> {
  const log = (s: string) => void process.stderr.write(`${s}\n`);
  const engine = new Engine(nodeHost({ modelRoot: dirname(o.modelDir) }));
  await engine.load({ id: basename(o.modelDir), source: 'local', device: 'cpu' }, () => {});
  const started = performance.now();
  const results = new Map<string, Outcome[]>();
  const records: EvalRecord[] = [];
  const run = async (lanesToRun: LaneRequest[], runSeed: number, tag = '') => {
    await runEval({
      engine, questions: o.questions, lanes: lanesToRun, seed: runSeed,
      onRecord: (record, lane) => {
        const key = `${record.method}${tag}`;
        results.set(key, [...(results.get(key) ?? []), { record, lane }]);
        if (tag === '') records.push(record);
      },
      onProgress: (p) => {
        if (p.done % 100 === 0 || p.done === p.total) log(`… ${p.done}/${p.total} ${tag || 'runs'}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      },
    });
  };
  await run(laneList, o.seed);
  const sampleLane = laneList.find((l) => l.lane === 'sample')!;
  for (let k = 1; k < o.seeds; k++) await run([sampleLane], o.seed + k * SEED_STRIDE, `#${k}`);
  await engine.unload();
  return { results, records, seconds: (performance.now() - started) / 1000 };
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((x, y) => x + y, 0) / xs.length);

/** Sampled traces (the sample lane over every seed): how many re-check after the result, and their share of thinking. */
function recheckStats(sampled: Outcome[], tokens: (s: string) => number) {
  let withRecheck = 0;
  let recheckTokens = 0;
  let thinkingTokens = 0;
  let afterResultTokens = 0;
  let withResult = 0;
  for (const { lane } of sampled) {
    const shape = traceShape(lane.text);
    thinkingTokens += lane.metrics.tokens.thinking;
    if (shape.result >= 0) withResult++;
    if (shape.rechecks.length > 0) withRecheck++;
    for (const i of shape.rechecks) recheckTokens += tokens(shape.steps[i]!) + 1;
    for (let i = shape.result + 1; shape.result >= 0 && i < shape.steps.length; i++) afterResultTokens += tokens(shape.steps[i]!) + 1;
  }
  const n = Math.max(1, sampled.length);
  return {
    tracesWithResult: withResult / n, tracesWithRecheck: withRecheck / n,
    recheckTokenShare: recheckTokens / Math.max(1, thinkingTokens), afterResultTokenShare: afterResultTokens / Math.max(1, thinkingTokens),
  };
}

/** The probe's certainty at the first checkpoint after the result step (cgrs-probe: δ = 1, never suppresses). */
function probeStats(outcomes: Outcome[]) {
  const certainty = { right: [] as number[], wrong: [] as number[], resultRight: [] as number[], resultWrong: [] as number[] };
  let misaligned = 0;
  for (const { record, lane } of outcomes) {
    const shape = traceShape(lane.text);
    const checkpoints = lane.cgrs?.checkpoints ?? [];
    if (checkpoints.length !== Math.max(0, shape.steps.length - 1)) misaligned++;
    const c = shape.result >= 0 ? checkpoints[shape.result] : undefined;
    if (!c) continue;
    (record.correct ? certainty.right : certainty.wrong).push(c.certainty);
    (shape.resultValue === record.reference ? certainty.resultRight : certainty.resultWrong).push(c.certainty);
  }
  return {
    traces: certainty.right.length + certainty.wrong.length,
    misalignedCheckpoints: misaligned,
    auroc: auroc(certainty.right, certainty.wrong),
    aurocByResult: auroc(certainty.resultRight, certainty.resultWrong),
    meanCertaintyRight: mean(certainty.right),
    meanCertaintyWrong: mean(certainty.wrong),
    wrongTraces: certainty.wrong.length,
  };
}

function organismStats(results: Map<string, Outcome[]>, questions: Question[], tokens: (s: string) => number) {
  const sampled = [...results.entries()].filter(([k]) => k === 'sample' || k.startsWith('sample#')).flatMap(([, v]) => v);
  // Wrong vs right sampled trace lengths (thinking + answer tokens) for the same question, over the seeds.
  const byQuestion = questions.map((q) => sampled.filter((s) => s.record.questionId === q.id)
    .map((s) => ({ correct: s.record.correct, tokens: s.record.tokens.thinking + s.record.tokens.answer })));
  const lengths: LengthComparison = lengthsWithinQuestions(byQuestion);
  return {
    sampledTraces: sampled.length,
    sampledAccuracy: sampled.filter((s) => s.record.correct).length / Math.max(1, sampled.length),
    ...recheckStats(sampled, tokens),
    probe: probeStats(results.get('cgrs-probe') ?? []),
    lengths,
  };
}
type Organism = ReturnType<typeof organismStats>;

function targetsOf(scores: Map<string, MethodScore>, organism: Organism): Target[] {
  const acc = (m: string) => scores.get(m)?.accuracy ?? null;
  const total = (m: string) => scores.get(m)?.meanTotalTokens ?? null;
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const t = (name: string, value: number | null, goal: string, ok: (v: number) => boolean): Target => ({ name, value, goal, pass: value !== null && ok(value) });
  return [
    t('greedy accuracy', acc('greedy'), '≥ 0.90', (v) => v >= 0.9),
    t('sampled traces that re-check after the result', organism.tracesWithRecheck, '≥ 0.50', (v) => v >= 0.5),
    t('re-check share of thinking tokens', organism.recheckTokenShare, '≥ 0.25', (v) => v >= 0.25),
    t('probe certainty AUROC, right vs wrong final answer', organism.probe.auroc, '≥ 0.75', (v) => v >= 0.75),
    t('wrong minus right sampled trace tokens, same question', organism.lengths.meanWrongMinusRight, '> 0', (v) => v > 0),
    t('CGRS total tokens / its sampler (sample-p)', ratio(total('cgrs'), total('sample-p')), '≤ 0.85', (v) => v <= 0.85),
    t('CGRS accuracy − its sampler (sample-p)', diff(acc('cgrs'), acc('sample-p')), '≥ −0.03', (v) => v >= -0.03),
    t('FFS accuracy − single sampling (sample-p, same sampler)', diff(acc('ffs'), acc('sample-p')), '≥ 0.02', (v) => v >= 0.02),
    t('FFS accuracy − single sampling (sample, defaults)', diff(acc('ffs'), acc('sample')), '≥ 0.02', (v) => v >= 0.02),
    t('Top-H accuracy, T 1.5 − T 0.6', diff(acc('top-h-1.5'), acc('top-h-0.6')), '≥ −0.10', (v) => v >= -0.1),
    t('top-p 0.95 accuracy, T 1.5 − T 0.6', diff(acc('sample-p-1.5'), acc('sample-p')), '≤ −0.20', (v) => v <= -0.2),
  ];
}

interface MethodRow { lane: string; accuracy: number | null; meanThinkingTokens: number | null; meanTotalTokens: number | null; truncated: number }

function printReport(o: Options, seconds: number, methods: MethodRow[], organism: Organism, targets: Target[]): void {
  const { lengths } = organism;
  const f = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));
  console.log(`${o.modelDir}: ${o.questions.length} problems from ${o.setPath}, seed ${o.seed} (+${o.seeds - 1} more for sample), max ${o.maxTokens} tokens, ${seconds.toFixed(0)} s\n`);
  console.log('lane            accuracy  thinking  total  truncated');
  for (const m of methods) console.log(`${m.lane.padEnd(14)}  ${f(m.accuracy).padStart(8)}  ${f(m.meanThinkingTokens, 1).padStart(8)}  ${f(m.meanTotalTokens, 1).padStart(5)}  ${String(m.truncated).padStart(9)}`);
  console.log(`\nsampled traces ${organism.sampledTraces} (accuracy ${f(organism.sampledAccuracy)}); probe: right ${f(organism.probe.meanCertaintyRight)} / wrong ${f(organism.probe.meanCertaintyWrong)} ` +
    `(${organism.probe.wrongTraces} wrong), AUROC by result at that point ${f(organism.probe.aurocByResult)}; lengths: ${lengths.questions} questions with both, ` +
    `right ${f(lengths.meanRight, 1)} / wrong ${f(lengths.meanWrong, 1)}, wrong longer in ${f(lengths.wrongLongerShare)}\n`);
  for (const x of targets) console.log(`${x.pass ? 'PASS' : 'FAIL'}  ${x.name}: ${f(x.value)} (${x.goal})`);
}

async function main(): Promise<void> {
  const o = parseOptions();
  const tokenizer = await loadTokenizer(o.modelDir);
  const tokens = (s: string) => tokenizer.encode(s, { add_special_tokens: false }).length;
  const laneList = lanes(o.maxTokens);
  const { results, records, seconds } = await runLanes(o, laneList);
  const scores = new Map<string, MethodScore>(aggregateByMethod(records, laneList.map((l) => l.lane)).map((s) => [s.method, s]));
  const organism = organismStats(results, o.questions, tokens);
  const targets = targetsOf(scores, organism);
  const methods: MethodRow[] = [...scores.values()].map((s) => ({
    lane: s.method, accuracy: s.accuracy, meanThinkingTokens: s.meanThinkingTokens, meanTotalTokens: s.meanTotalTokens, truncated: s.truncated,
  }));
  if (o.json) {
    console.log(JSON.stringify({ model: o.modelDir, set: o.setPath, problems: o.questions.length, seed: o.seed, seeds: o.seeds, maxTokens: o.maxTokens, seconds, methods, organism, targets }, null, 2));
    return;
  }
  printReport(o, seconds, methods, organism, targets);
}

main().catch((e: unknown) => {
  console.error(`eval-tiny-reasoner: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
