/**
 * Decode-loop benchmark (Node, onnxruntime-node CPU). For each model — the tiny reasoner in
 * public/models/tiny-reasoner (a random tiny model when absent) and a random model with the real
 * Qwen3 vocabulary (151,936 logits per row) — it measures, warm-up excluded, medians over repeats:
 *  1. our greedy loop vs transformers.js `generate()` (greedy, same model, same run, same token count):
 *     decode tok/s from the first to the last generated token, and end-to-end ms; and our loop with per-token
 *     statistics on (RunRequest.tokenStats) vs off;
 *  2. one decode forward with 1, 2, 4, 8 rows (KV expanded from one prefill): batch efficiency;
 *  3. FFS n = 4 time-to-answer vs one single sample with the same sampler (T 0.6, top-p 0.95);
 *  4. CGRS wall time over its baseline sampler, sequential probes vs probe-as-row.
 *
 *   npx tsx tools/bench-decode.ts [--json] [--tokens N] [--repeats N] [--seeds N] [--models reasoner,qwen3-vocab]
 *     [--reasoner <model folder>]   (default public/models/tiny-reasoner)
 *
 * Other processes share the CPU: rerun if medians look noisy. A browser/WebGPU variant would run the same
 * lanes in the Vite-built worker under headless Chromium (see test/browser) and read the same metrics.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultParams, type DecodingParams } from '../src/core/methods/params';
import { buildPrompt } from '../src/engine/model/chat';
import { nodeHost } from '../src/node/host';
import type { EngineHost } from '../src/engine/host';
import { median } from '../src/engine/bench/bench';
import { benchLoop } from '../src/engine/bench/loop-bench';
import { KvBatch } from '../src/engine/decode/kv-batch';
import type { DecodeHooks } from '../src/engine/decode/lane-env';
import { loadModel, type LoadedModel } from '../src/engine/model/load-model';
import { runComparison } from '../src/engine/decode/run-comparison';
import type { LaneResult } from '../src/protocol/run';
import { warmUp } from '../src/engine/model/warmup';
import { buildModelFolder } from './model-builder/index';
import { DEFAULT_KEEP_WORDS, PRESETS } from './model-builder/presets';

const PROMPT = 'What is 47 + 38?';
const SAMPLER = { temperature: 0.6, topP: 0.95 };

interface Options { json: boolean; tokens: number; repeats: number; seeds: number; models: string[]; reasoner: string }

function parseOptions(argv: string[]): Options {
  const o: Options = { json: false, tokens: 128, repeats: 3, seeds: 4, models: ['reasoner', 'qwen3-vocab'], reasoner: 'public/models/tiny-reasoner' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const int = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--json') o.json = true;
    else if (a === '--tokens') o.tokens = int();
    else if (a === '--repeats') o.repeats = int();
    else if (a === '--seeds') o.seeds = int();
    else if (a === '--models') o.models = (argv[++i] ?? '').split(',');
    else if (a === '--reasoner') o.reasoner = argv[++i] ?? '';
    else throw new Error(`unknown argument ${a}; usage: npx tsx tools/bench-decode.ts [--json] [--tokens N] [--repeats N] [--seeds N] [--models reasoner,qwen3-vocab] [--reasoner <model folder>]`);
  }
  return o;
}


interface Subject { name: string; host: EngineHost; model: LoadedModel; maxNewTokens: number }

/** A random model in the temp dir whose template opens the think block (so CGRS has a thinking phase). */
async function randomModel(preset: 'tiny' | 'tiny-qwen3-vocab'): Promise<{ root: string; id: string }> {
  const root = mkdtempSync(join(tmpdir(), 'bench-decode-'));
  await buildModelFolder({
    outDir: join(root, 'model'), shape: PRESETS[preset].shape, weights: { seed: 1 }, dtype: 'fp32',
    tokenizer: preset === 'tiny' ? { derived: { merges: 2000, keepWords: DEFAULT_KEEP_WORDS } } : 'qwen3',
  });
  const file = join(root, 'model', 'tokenizer_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { chat_template: string };
  config.chat_template = config.chat_template.replace("{{- '<|im_start|>assistant\\n' }}", "{{- '<|im_start|>assistant\\n<think>\\n' }}");
  writeFileSync(file, JSON.stringify(config));
  return { root, id: 'model' };
}

async function subject(name: string, root: string, id: string, maxNewTokens: number): Promise<Subject> {
  const host = nodeHost({ modelRoot: root });
  const model = await loadModel(host, { id, source: 'local' }, () => {});
  await warmUp(model);
  return { name, host, model, maxNewTokens };
}

async function lane(s: Subject, params: DecodingParams, seed: number, hooks: DecodeHooks = {}): Promise<LaneResult> {
  const req = { runId: 'bench', prompt: PROMPT, seed, lanes: [{ lane: params.method, params }] };
  const result = await runComparison(s.host, s.model, req, () => {}, () => false, hooks);
  return result.lanes[0]!;
}

function promptIds(s: Subject): number[] {
  return buildPrompt(s.model.tokenizer, PROMPT, { template: s.model.template, enableThinking: true }).ids;
}

/** Our loop vs a bare forward + argmax loop vs transformers.js generate(): the engine's loop benchmark (the same code bench:browser runs in the worker). */
async function oursVsGenerate(s: Subject, o: Options) {
  const r = await benchLoop(s.host, s.model, { prompt: PROMPT, tokens: o.tokens, repeats: o.repeats }, () => {});
  return {
    tokens: r.tokens, sameTokens: r.sameTokens, oursDecodeTps: r.ours.decodeTokensPerSecond, bareDecodeTps: r.bare.decodeTokensPerSecond,
    generateDecodeTps: r.generate.decodeTokensPerSecond, vsBare: r.ours.decodeTokensPerSecond / r.bare.decodeTokensPerSecond,
    speedup: r.ours.decodeTokensPerSecond / r.generate.decodeTokensPerSecond,
    tokenStatsDecodeTps: r.oursTokenStats.decodeTokensPerSecond,
    /** Share of decode throughput that recording per-token statistics costs (greedy: the worst case, it adds a softmax). */
    tokenStatsCost: 1 - r.oursTokenStats.decodeTokensPerSecond / r.ours.decodeTokensPerSecond,
  };
}

async function batchEfficiency(s: Subject, o: Options) {
  const ids = promptIds(s);
  const steps = 32;
  const rows: { rows: number; msPerStep: number; vsOneRow: number }[] = [];
  for (const n of [1, 2, 4, 8]) {
    const times: number[] = [];
    for (let r = 0; r < o.repeats; r++) {
      const batch = new KvBatch(s.model.model, s.model.info.vocabSize);
      await batch.extend(ids);
      await batch.select(Array<number>(n).fill(0));
      for (let w = 0; w < 2; w++) await batch.step(Array<number>(n).fill(ids[w]!));
      const t = performance.now();
      for (let k = 0; k < steps; k++) await batch.step(Array<number>(n).fill(ids[k % ids.length]!));
      times.push((performance.now() - t) / steps);
      batch.dispose();
    }
    const ms = median(times);
    rows.push({ rows: n, msPerStep: ms, vsOneRow: ms / (rows[0]?.msPerStep ?? ms) });
  }
  return rows;
}

async function ffsVsSingle(s: Subject, o: Options) {
  const ffs = { ...defaultParams('ffs'), maxNewTokens: s.maxNewTokens, sampling: SAMPLER };
  const single: DecodingParams = { method: 'sample', maxNewTokens: s.maxNewTokens, sampling: SAMPLER };
  const f: LaneResult[] = [];
  const g: LaneResult[] = [];
  for (let seed = 1; seed <= o.seeds; seed++) {
    f.push(await lane(s, ffs, seed));
    g.push(await lane(s, single, seed));
  }
  const trace = (l: LaneResult): number => l.metrics.tokens.thinking + l.metrics.tokens.answer;
  const ffsMs = median(f.map((l) => l.metrics.wallMs));
  const singleMs = median(g.map((l) => l.metrics.wallMs));
  return {
    ffsWallMs: ffsMs, singleWallMs: singleMs, ratio: ffsMs / singleMs,
    ffsTokens: median(f.map(trace)), singleTokens: median(g.map(trace)),
    ffsTotalTokens: median(f.map((l) => l.metrics.tokens.total)), ffsFinished: f.filter((l) => l.stopReason === 'eos').length,
  };
}

async function cgrsOverhead(s: Subject, o: Options) {
  const c = defaultParams('cgrs');
  const base: DecodingParams = { method: 'sample', maxNewTokens: s.maxNewTokens, sampling: SAMPLER };
  const modes = {
    baseline: base,
    sequential: { ...c, maxNewTokens: s.maxNewTokens, sampling: SAMPLER },
    batched: { ...c, maxNewTokens: s.maxNewTokens, sampling: SAMPLER, cgrs: { ...c.cgrs, batchedProbe: true } },
  };
  const out: Record<string, { wallMs: number; traceTokens: number; msPerTraceToken: number; probeMs: number; checkpoints: number; probeTokens: number }> = {};
  for (const [name, params] of Object.entries(modes)) {
    const runs: LaneResult[] = [];
    for (let seed = 1; seed <= o.seeds; seed++) runs.push(await lane(s, params, seed));
    const trace = runs.map((l) => l.metrics.tokens.thinking + l.metrics.tokens.answer);
    out[name] = {
      wallMs: median(runs.map((l) => l.metrics.wallMs)),
      traceTokens: median(trace),
      msPerTraceToken: median(runs.map((l, i) => l.metrics.wallMs / trace[i]!)),
      probeMs: median(runs.map((l) => l.metrics.probeMs)),
      checkpoints: median(runs.map((l) => l.cgrs?.checkpoints.length ?? 0)),
      probeTokens: median(runs.map((l) => l.metrics.tokens.probe)),
    };
  }
  const over = (m: string): number => out[m]!.wallMs / out['baseline']!.wallMs - 1;
  const overPerToken = (m: string): number => out[m]!.msPerTraceToken / out['baseline']!.msPerTraceToken - 1;
  return { modes: out, overhead: { sequential: over('sequential'), batched: over('batched') }, overheadPerTraceToken: { sequential: overPerToken('sequential'), batched: overPerToken('batched') } };
}

const f1 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(1));
const f2 = (x: number): string => x.toFixed(2);
const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;

function printReport(name: string, r: Awaited<ReturnType<typeof benchSubject>>): void {
  const g = r.oursVsGenerate;
  console.log(`\n## ${name} (vocab ${r.vocab}, ${r.layers} layers × ${r.hidden})`);
  console.log(`greedy, ${g.tokens} tokens (same tokens: ${g.sameTokens}): ours ${f1(g.oursDecodeTps)} tok/s vs bare forward+argmax ${f1(g.bareDecodeTps)} tok/s (${f2(g.vsBare)}×) vs generate() ${f1(g.generateDecodeTps)} tok/s (${f2(g.speedup)}×)`);
  console.log(`per-token statistics (greedy, the worst case: it adds a softmax): ${f1(g.tokenStatsDecodeTps)} tok/s with vs ${f1(g.oursDecodeTps)} without → costs ${pct(g.tokenStatsCost)} of decode throughput`);
  console.log('rows | ms/step | vs 1 row');
  for (const b of r.batch) console.log(`${String(b.rows).padStart(4)} | ${b.msPerStep.toFixed(2).padStart(7)} | ${f2(b.vsOneRow)}×`);
  const f = r.ffs;
  console.log(`FFS n=4 time-to-answer ${f1(f.ffsWallMs)} ms (winner ${f.ffsTokens} tok, total ${f.ffsTotalTokens}, finished ${f.ffsFinished}/${r.seeds}) vs single sample ${f1(f.singleWallMs)} ms (${f.singleTokens} tok) → ${f2(f.ratio)}×`);
  console.log('CGRS mode  | wall ms | trace tok | ms/token | probe ms | checkpoints | probe tok');
  for (const [m, v] of Object.entries(r.cgrs.modes)) {
    console.log(`${m.padEnd(10)} | ${f1(v.wallMs).padStart(7)} | ${String(v.traceTokens).padStart(9)} | ${f2(v.msPerTraceToken).padStart(8)} | ${f1(v.probeMs).padStart(8)} | ${String(v.checkpoints).padStart(11)} | ${v.probeTokens}`);
  }
  console.log(`CGRS wall overhead vs baseline: sequential ${pct(r.cgrs.overhead.sequential)}, batched ${pct(r.cgrs.overhead.batched)}; per trace token: sequential ${pct(r.cgrs.overheadPerTraceToken.sequential)}, batched ${pct(r.cgrs.overheadPerTraceToken.batched)}`);
}

async function benchSubject(s: Subject, o: Options) {
  const info = s.model.info;
  return {
    model: s.name, vocab: info.vocabSize, layers: info.layers, hidden: info.hiddenSize, seeds: o.seeds,
    oursVsGenerate: await oursVsGenerate(s, o),
    batch: await batchEfficiency(s, o),
    ffs: await ffsVsSingle(s, o),
    cgrs: await cgrsOverhead(s, o),
  };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const reports = [];
  for (const which of o.models) {
    let s: Subject;
    if (which === 'reasoner') {
      const dir = resolve(o.reasoner);
      s = existsSync(join(dir, 'onnx', 'model.onnx'))
        ? await subject(`tiny reasoner (${o.reasoner})`, dirname(dir), basename(dir), 256)
        : await randomModel('tiny').then((m) => subject('random tiny (tiny-reasoner absent)', m.root, m.id, o.tokens));
    } else if (which === 'qwen3-vocab') {
      const m = await randomModel('tiny-qwen3-vocab');
      s = await subject('random tiny-qwen3-vocab', m.root, m.id, o.tokens);
    } else {
      throw new Error(`unknown model "${which}" (reasoner, qwen3-vocab)`);
    }
    const r = await benchSubject(s, o);
    reports.push(r);
    if (!o.json) printReport(s.name, r);
    await s.model.model.dispose();
  }
  if (o.json) console.log(JSON.stringify({ cpu: 'node onnxruntime-node', options: o, reports }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
