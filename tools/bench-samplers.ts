/**
 * Sampler micro-benchmark: median / p95 ms per row step of every sampling stage at V = 151,936, against a
 * straightforward full-sort implementation of the same rule, in the same run.
 *
 *   npx tsx tools/bench-samplers.ts [--json] [--iterations N] [--baseline-iterations N] [--rows N]
 *
 * Logits are Zipf-like, as an LLM's: l = −a·ln(rank) + N(0, 0.3²) noise, a ∈ [1.0, 2.0], a top-1 boost in [0, 3]
 * and ids shuffled. Each timed call gets the next of `rows` such rows. Stages are timed from a cold canonical
 * order (`forgetOrder`), after an untimed softmax; the softmax row times its own pass. Warm-up calls are excluded.
 * Other processes share the CPU: rerun if medians look noisy.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { RowRng } from '../src/core/rng';
import { Candidates } from '../src/core/sampling/candidates';
import type { FilterStage } from '../src/core/sampling/chain';
import { createRowSampler } from '../src/core/sampling/row-sampler';
import { minP } from '../src/core/sampling/stages/min-p';
import { topH } from '../src/core/sampling/stages/top-h';
import { topK } from '../src/core/sampling/stages/top-k';
import { topP } from '../src/core/sampling/stages/top-p';
import type { SamplingParams } from '../src/core/sampling/types';
import * as naive from './bench-samplers-naive';

const VOCAB = 151_936;
const VALID = 151_669;
const TEMPERATURES = [0.6, 1.0, 1.5];

interface Options {
  json: boolean;
  iterations: number;
  baselineIterations: number;
  rows: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, iterations: 300, baselineIterations: 12, rows: 24 };
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
    else throw new Error(`unknown argument ${a}; usage: npx tsx tools/bench-samplers.ts [--json] [--iterations N] [--baseline-iterations N] [--rows N]`);
  }
  return opts;
}

/** Zipf-like logits with shuffled ids, from a seeded stream. */
function makeRows(count: number): Float32Array[] {
  const rng = new RowRng(20250917, 0);
  let draw = 0;
  const u = (): number => rng.uniform('probe', draw++);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const rows: Float32Array[] = [];
  for (let r = 0; r < count; r++) {
    const perm = new Int32Array(VOCAB);
    for (let i = 0; i < VOCAB; i++) perm[i] = i;
    for (let i = VOCAB - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    const a = 1 + u();
    const boost = 3 * u();
    const row = new Float32Array(VOCAB);
    for (let rank = 0; rank < VOCAB; rank++) row[perm[rank]] = -a * Math.log(rank + 1) + 0.3 * normal() + (rank === 0 ? boost : 0) + 8;
    rows.push(row);
  }
  return rows;
}

interface Timing {
  median: number;
  p95: number;
}

function summarise(samples: number[]): Timing {
  const s = [...samples].sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

/** Times `run(i)` after `setup(i)` (untimed) over n calls, after warm-up calls. */
function time(n: number, setup: (i: number) => void, run: (i: number) => void): Timing {
  const warmup = Math.max(2, Math.ceil(n / 10));
  const samples: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    setup(i);
    const t0 = performance.now();
    run(i);
    const dt = performance.now() - t0;
    if (i >= warmup) samples.push(dt);
  }
  return summarise(samples);
}

interface Row {
  stage: string;
  temperature: number;
  ours: Timing;
  baseline: Timing;
  speedup: number;
  meanKept?: number;
}

const STAGES: { name: string; make: () => FilterStage; rule: naive.Rule }[] = [
  { name: 'top-k 20', make: () => topK(20), rule: { kind: 'top-k', k: 20 } },
  { name: 'top-p 0.95', make: () => topP(0.95), rule: { kind: 'top-p', p: 0.95 } },
  { name: 'min-p 0.1', make: () => minP(0.1), rule: { kind: 'min-p', minP: 0.1 } },
  { name: 'top-H paper α0.4', make: () => topH({ alpha: 0.4, mode: 'paper' }), rule: { kind: 'top-h', alpha: 0.4, mode: 'paper', topN: Infinity } },
  { name: 'top-H reference α0.4', make: () => topH({ alpha: 0.4, mode: 'reference', topN: 100 }), rule: { kind: 'top-h', alpha: 0.4, mode: 'reference', topN: 100 } },
];

const METHODS: { name: string; params: (t: number) => SamplingParams; rules: naive.Rule[] }[] = [
  { name: 'sampler: temperature', params: (t) => ({ temperature: t }), rules: [] },
  { name: 'sampler: top-k 20', params: (t) => ({ temperature: t, topK: 20 }), rules: [{ kind: 'top-k', k: 20 }] },
  { name: 'sampler: top-p 0.95', params: (t) => ({ temperature: t, topP: 0.95 }), rules: [{ kind: 'top-p', p: 0.95 }] },
  { name: 'sampler: min-p 0.1', params: (t) => ({ temperature: t, minP: 0.1 }), rules: [{ kind: 'min-p', minP: 0.1 }] },
  {
    name: 'sampler: top-H paper α0.4',
    params: (t) => ({ temperature: t, topH: { alpha: 0.4, mode: 'paper' } }),
    rules: [{ kind: 'top-h', alpha: 0.4, mode: 'paper', topN: Infinity }],
  },
];

function benchTemperature(t: number, rows: Float32Array[], opts: Options): Row[] {
  const out: Row[] = [];
  const c = new Candidates(VOCAB);
  const load = (i: number): void => {
    c.beginRow(rows[i % rows.length]);
    c.restrictTo(VALID);
    c.setTemperature(t);
    c.normalise();
  };
  const scratch = naive.scratch(VOCAB);
  const naiveLoad = (i: number): void => naive.softmax(rows[i % rows.length], t, VALID, scratch);

  const ours = time(opts.iterations, () => {}, load);
  const base = time(opts.baselineIterations * 4, () => {}, naiveLoad);
  out.push({ stage: 'softmax + entropy', temperature: t, ours, baseline: base, speedup: base.median / ours.median });

  for (const s of STAGES) {
    const stage = s.make();
    let keptSum = 0;
    const mine = time(
      opts.iterations,
      (i) => {
        load(i);
        c.forgetOrder();
      },
      () => stage.apply(c),
    );
    for (let i = 0; i < rows.length; i++) {
      load(i);
      stage.apply(c);
      keptSum += c.keptSize;
    }
    const ref = time(opts.baselineIterations, naiveLoad, () => naive.applyRules(scratch, [s.rule]));
    out.push({ stage: s.name, temperature: t, ours: mine, baseline: ref, speedup: ref.median / mine.median, meanKept: keptSum / rows.length });
  }

  for (const m of METHODS) {
    const sampler = createRowSampler(m.params(t), { vocabSize: VOCAB, validTokens: VALID });
    const rng = new RowRng(7, 0);
    const mine = time(opts.iterations, () => {}, (i) => sampler.sample(rows[i % rows.length], { rng, position: i }));
    const ref = time(opts.baselineIterations, () => {}, (i) => {
      naiveLoad(i);
      naive.applyRules(scratch, m.rules);
      naive.draw(scratch, rng.uniform('sample', i));
    });
    out.push({ stage: m.name, temperature: t, ours: mine, baseline: ref, speedup: ref.median / mine.median });
  }
  const greedy = createRowSampler({ temperature: 0 }, { vocabSize: VOCAB, validTokens: VALID });
  const rng = new RowRng(7, 0);
  const g = time(opts.iterations, () => {}, (i) => greedy.sample(rows[i % rows.length], { rng, position: i }));
  const gRef = time(opts.baselineIterations * 4, () => {}, (i) => naive.softmax(rows[i % rows.length], 1, VALID, scratch));
  out.push({ stage: 'sampler: greedy (+entropy at T=1)', temperature: t, ours: g, baseline: gRef, speedup: gRef.median / g.median });
  return out;
}

function describeRows(rows: Float32Array[]): string {
  const c = new Candidates(VOCAB);
  const parts = TEMPERATURES.map((t) => {
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

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const rows = makeRows(opts.rows);
  const loadBefore = loadavg()[0];
  const results = TEMPERATURES.flatMap((t) => benchTemperature(t, rows, opts));
  const load = { before: loadBefore, after: loadavg()[0] };
  if (opts.json) {
    console.log(JSON.stringify({ vocab: VOCAB, validTokens: VALID, node: process.version, options: opts, load, results }, null, 2));
    return;
  }
  console.log(`V=${VOCAB} (valid ${VALID}), ${opts.rows} Zipf-like rows; ${describeRows(rows)}`);
  console.log(
    `ms per row step; ours: ${opts.iterations} timed calls, baseline: ${opts.baselineIterations} (x4 for the softmax rows).` +
      ' Baseline = Math.exp softmax, then a full sort of the vocabulary before the rule (none for the softmax rows).',
  );
  const header = ['stage', 'T', 'median', 'p95', 'baseline median', 'baseline p95', 'speed-up', 'mean kept'];
  const lines = results.map((r) => [
    r.stage,
    r.temperature.toFixed(1),
    r.ours.median.toFixed(3),
    r.ours.p95.toFixed(3),
    r.baseline.median.toFixed(2),
    r.baseline.p95.toFixed(2),
    `${r.speedup.toFixed(1)}x`,
    r.meanKept === undefined ? '' : r.meanKept.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  console.log(`1-min load average: ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after (other work on the CPUs inflates medians)`);
}

main();
