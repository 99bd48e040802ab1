/**
 * Sampler micro-benchmark: median / p95 ms per row step at V = 151,936 of the floor (a plain max-reduction, and
 * max + Σ Math.exp), both softmax passes, every filter stage and every whole sampler, against a straightforward
 * full-sort implementation of the same rule, in the same run.
 *
 *   npx tsx tools/bench-samplers.ts [--json] [--iterations N] [--baseline-iterations N] [--rows N] [--temperatures 0.6,1,1.5]
 *
 * Rows are Zipf-like logits (bench-samplers-rows.ts); each timed call gets the next of `rows` such rows. Whole
 * samplers run `RowSampler.next`, the engine's path (bounded pass), timed in pairs with the max-reduction on the
 * same row: `floorRatio` is their ratio of medians. Stages are timed on the exact pass's buffer from a cold
 * canonical order (`forgetOrder`). Warm-up calls are excluded. Other processes share the CPU: rerun if medians look
 * noisy, and compare rows of the same run only.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { RowRng } from '../src/core/rng';
import { Candidates } from '../src/core/sampling/candidates';
import type { Sampler } from '../src/core/sampling/chain';
import { createRowSampler } from '../src/core/sampling/row-sampler';
import { minP } from '../src/core/sampling/stages/min-p';
import { topH } from '../src/core/sampling/stages/top-h';
import { topK } from '../src/core/sampling/stages/top-k';
import { topP } from '../src/core/sampling/stages/top-p';
import { TokenStats } from '../src/core/sampling/token-stats';
import type { SamplingParams } from '../src/core/sampling/types';
import * as naive from './bench-samplers-naive';
import { makeRows, time, timePaired, VALID, VOCAB, type Timing } from './bench-samplers-rows';

const NO_DRAW = { rng: { uniform: (): number => 0.5 }, position: 0 };

interface Options {
  json: boolean;
  iterations: number;
  baselineIterations: number;
  rows: number;
  temperatures: number[];
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, iterations: 300, baselineIterations: 12, rows: 24, temperatures: [0.6, 1.0, 1.5] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--json') opts.json = true;
    else if (a === '--iterations') opts.iterations = next();
    else if (a === '--baseline-iterations') opts.baselineIterations = next();
    else if (a === '--rows') opts.rows = next();
    else if (a === '--temperatures') {
      opts.temperatures = String(argv[++i]).split(',').map(Number);
      if (!opts.temperatures.every((t) => t > 0 && t < Infinity)) throw new Error('--temperatures needs a comma-separated list of T > 0');
    } else {
      throw new Error(`unknown argument ${a}; usage: npx tsx tools/bench-samplers.ts [--json] [--iterations N] [--baseline-iterations N] [--rows N] [--temperatures 0.6,1,1.5]`);
    }
  }
  return opts;
}

interface Row {
  stage: string;
  temperature: number;
  ours: Timing;
  /** The naive full-sort implementation of the same rule. */
  baseline?: Timing;
  speedup?: number;
  /** ours / the max-reduction floor, medians of paired timings (whole samplers). */
  floorRatio?: number;
  meanKept?: number;
  /** Share of steps whose bounded pass could not decide and also ran the exact pass. */
  exactFallbacks?: number;
  /** Share of steps that ran the exact pass alone (the row's bounded passes kept falling back; pass-policy.ts). */
  exactOnly?: number;
  /** Mean ms per step in each stage of the chain (a separate clocked run; the softmax pass is a stage here). */
  stages?: { name: string; ms: number }[];
}

const STAGES: { name: string; make: () => Sampler; rule: naive.Rule }[] = [
  { name: 'top-k 20', make: () => topK(20), rule: { kind: 'top-k', k: 20 } },
  { name: 'top-p 0.95', make: () => topP(0.95), rule: { kind: 'top-p', p: 0.95 } },
  { name: 'min-p 0.1', make: () => minP(0.1), rule: { kind: 'min-p', minP: 0.1 } },
  { name: 'top-H paper α0.4', make: () => topH({ alpha: 0.4, mode: 'paper' }), rule: { kind: 'top-h', alpha: 0.4, mode: 'paper', topN: Infinity } },
  { name: 'top-H reference α0.4', make: () => topH({ alpha: 0.4, mode: 'reference', topN: 100 }), rule: { kind: 'top-h', alpha: 0.4, mode: 'reference', topN: 100 } },
];

const METHODS: { name: string; params: (t: number) => SamplingParams; rules: naive.Rule[] }[] = [
  { name: 'temperature', params: (t) => ({ temperature: t }), rules: [] },
  { name: 'top-k 20', params: (t) => ({ temperature: t, topK: 20 }), rules: [{ kind: 'top-k', k: 20 }] },
  { name: 'top-p 0.95', params: (t) => ({ temperature: t, topP: 0.95 }), rules: [{ kind: 'top-p', p: 0.95 }] },
  { name: 'min-p 0.1', params: (t) => ({ temperature: t, minP: 0.1 }), rules: [{ kind: 'min-p', minP: 0.1 }] },
  {
    name: 'top-H paper α0.4',
    params: (t) => ({ temperature: t, topH: { alpha: 0.4, mode: 'paper' } }),
    rules: [{ kind: 'top-h', alpha: 0.4, mode: 'paper', topN: Infinity }],
  },
];

/** The exact pass's time next to the bounded pass's, with every stage from a cold order. */
function benchPassesAndStages(t: number, rows: Float32Array[], opts: Options): Row[] {
  const out: Row[] = [];
  const c = new Candidates(VOCAB);
  const load = (i: number, mode: 'exact' | 'bounded' = 'exact'): void => {
    c.beginRow(rows[i % rows.length]!, mode);
    c.restrictTo(VALID);
    c.setTemperature(t);
    c.normalise();
  };
  const scratch = naive.scratch(VOCAB);
  const naiveLoad = (i: number): void => naive.softmax(rows[i % rows.length]!, t, VALID, scratch);
  const base = time(opts.baselineIterations * 4, () => {}, naiveLoad);
  for (const mode of ['exact', 'bounded'] as const) {
    const ours = time(opts.iterations, () => {}, (i) => load(i, mode));
    out.push({ stage: `softmax pass: ${mode}`, temperature: t, ours, baseline: base, speedup: base.median / ours.median });
  }
  for (const s of STAGES) {
    const stage = s.make();
    const mine = time(opts.iterations, (i) => (load(i), c.forgetOrder()), () => stage.apply(c, NO_DRAW));
    let keptSum = 0;
    for (let i = 0; i < rows.length; i++) {
      load(i);
      stage.apply(c, NO_DRAW);
      keptSum += c.keptSize;
    }
    const ref = time(opts.baselineIterations, naiveLoad, () => naive.applyRules(scratch, [s.rule]));
    out.push({ stage: s.name, temperature: t, ours: mine, baseline: ref, speedup: ref.median / mine.median, meanKept: keptSum / rows.length });
  }
  return out;
}

/** Mean ms per step of each chain stage over the rows (fallbacks and the machine's spikes included), from a clocked sampler. */
function stageBreakdown(params: SamplingParams, rows: Float32Array[], stats: boolean): { name: string; ms: number }[] {
  const sampler = createRowSampler(params, { vocabSize: VOCAB, validTokens: VALID, now: () => performance.now() });
  const rng = new RowRng(7, 0);
  const record = stats ? new TokenStats() : null;
  const steps = rows.length * 4;
  for (let i = 0; i < steps; i++) {
    if (i === rows.length) sampler.chain.resetTimings(); // the first pass over the rows warms up
    sampler.next(rows[i % rows.length]!, { rng, position: i }, record);
  }
  const timed = steps - rows.length;
  return sampler.chain.timings().map((s) => ({ name: s.name, ms: s.ms / timed }));
}

function benchSampler(name: string, params: SamplingParams, rules: naive.Rule[] | null, stats: boolean, t: number, rows: Float32Array[], opts: Options): Row {
  const sampler = createRowSampler(params, { vocabSize: VOCAB, validTokens: VALID });
  const rng = new RowRng(7, 0);
  const record = stats ? new TokenStats() : null;
  const row = (i: number): Float32Array => rows[i % rows.length]!;
  const paired = timePaired(opts.iterations, (i) => naive.maxReduction(row(i), VALID), (i) => sampler.next(row(i), { rng, position: i }, record));
  const calls = opts.iterations + Math.max(2, Math.ceil(opts.iterations / 10));
  const result: Row = {
    stage: name,
    temperature: t,
    ours: paired.ours,
    floorRatio: paired.ours.median / paired.floor.median,
    exactFallbacks: sampler.exactFallbacks / calls,
    exactOnly: sampler.exactSteps / calls,
    stages: stageBreakdown(params, rows, stats),
  };
  if (rules) {
    const scratch = naive.scratch(VOCAB);
    const greedy = params.temperature === 0;
    const ref = time(opts.baselineIterations, () => {}, (i) => {
      naive.softmax(row(i), greedy ? 1 : params.temperature, VALID, scratch);
      naive.applyRules(scratch, rules);
      naive.draw(scratch, rng.uniform('sample', i));
    });
    result.baseline = ref;
    result.speedup = ref.median / paired.ours.median;
  }
  return result;
}

function benchTemperature(t: number, rows: Float32Array[], opts: Options): Row[] {
  const out: Row[] = [];
  const floor = time(opts.iterations, () => {}, (i) => naive.maxReduction(rows[i % rows.length]!, VALID));
  out.push({ stage: 'floor: max-reduction', temperature: t, ours: floor });
  const exp = time(opts.baselineIterations * 4, () => {}, (i) => naive.maxAndExpSum(rows[i % rows.length]!, VALID, t));
  out.push({ stage: 'floor: max + Σ Math.exp', temperature: t, ours: exp, floorRatio: exp.median / floor.median });
  out.push(...benchPassesAndStages(t, rows, opts));
  for (const m of METHODS) {
    out.push(benchSampler(`sampler: ${m.name}`, m.params(t), m.rules, false, t, rows, opts));
    out.push(benchSampler(`sampler: ${m.name} + token stats`, m.params(t), null, true, t, rows, opts));
  }
  out.push(benchSampler('sampler: greedy', { temperature: 0 }, [], false, t, rows, opts));
  out.push(benchSampler('sampler: greedy + token stats (T=1)', { temperature: 0 }, null, true, t, rows, opts));
  return out;
}

function describeRows(rows: Float32Array[], temperatures: number[]): string {
  const c = new Candidates(VOCAB);
  const parts = temperatures.map((t) => {
    let pMax = 0;
    let h = 0;
    for (const row of rows) {
      c.beginRow(row);
      c.restrictTo(VALID);
      c.setTemperature(t);
      c.normalise();
      pMax += c.maxProbability;
      h += c.entropy;
    }
    return `T=${t}: mean p_max ${(pMax / rows.length).toFixed(2)}, mean H ${(h / rows.length).toFixed(2)} nats`;
  });
  return parts.join('; ');
}

function printTable(results: Row[]): void {
  const header = ['stage', 'T', 'median', 'p95', '× floor', 'baseline median', 'speed-up', 'mean kept', 'fallbacks / exact only'];
  const lines = results.map((r) => [
    r.stage,
    r.temperature.toFixed(1),
    r.ours.median.toFixed(3),
    r.ours.p95.toFixed(3),
    r.floorRatio === undefined ? '' : `${r.floorRatio.toFixed(2)}x`,
    r.baseline ? r.baseline.median.toFixed(2) : '',
    r.speedup === undefined ? '' : `${r.speedup.toFixed(1)}x`,
    r.meanKept === undefined ? '' : r.meanKept.toFixed(1),
    r.exactFallbacks === undefined ? '' : `${(100 * r.exactFallbacks).toFixed(0)} % / ${(100 * (r.exactOnly ?? 0)).toFixed(0)} %`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const rows = makeRows(opts.rows);
  const loadBefore = loadavg()[0]!; // loadavg(): always the 1, 5 and 15 min averages
  const results = opts.temperatures.flatMap((t) => benchTemperature(t, rows, opts));
  const load = { before: loadBefore, after: loadavg()[0]! };
  if (opts.json) {
    console.log(JSON.stringify({ vocab: VOCAB, validTokens: VALID, node: process.version, options: opts, load, results }, null, 2));
    return;
  }
  console.log(`V=${VOCAB} (valid ${VALID}), ${opts.rows} Zipf-like rows; ${describeRows(rows, opts.temperatures)}`);
  console.log(
    `ms per row step; ours: ${opts.iterations} timed calls, baseline: ${opts.baselineIterations} (x4 for the pass rows).` +
      ' Baseline = Math.exp softmax, then a full sort of the vocabulary before the rule (none for the pass rows).' +
      ' Samplers run next() (the engine path); × floor = ratio to a max-reduction timed in pairs with them.',
  );
  printTable(results);
  console.log(`1-min load average: ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after (other work on the CPUs inflates medians)`);
}

main();
