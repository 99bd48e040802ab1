/**
 * Browser benchmarks in headless Chromium on WebGPU, in the built page's worker (the same engine as
 * in Node). Run `npm run build` first.
 *
 *   npx tsx tools/bench-browser.ts [--contexts 64,256] [--batches 1,2,4,8] [--json]
 *     The page's throughput sweep: prefill tok/s per context, decode ms/step per (context, batch).
 *   npx tsx tools/bench-browser.ts --graphs [--contexts 64] [--batches 1] [--json]
 *     Both graphs of the bundled tiny reasoner, built here from its weights — standard operators and
 *     onnxruntime's fused operators (model:build --fused) — in one run: GPU dispatches per decode
 *     token (counted by the worker), the greedy lane's decode tok/s, and the sweep's decode rows.
 *
 *   npx tsx tools/bench-browser.ts --loop [--tokens 64] [--repeats 5] [--json]
 *     Our decode loop vs a bare forward + argmax loop vs transformers.js generate(), in the page's worker,
 *     on WASM with 1 thread, WASM with the default threads, and WebGPU (tools/bench-browser/loop.ts).
 *
 * CHROMIUM_PATH picks the browser (default /usr/bin/chromium); CHROMIUM_ARGS adds flags.
 * On machines without a GPU, Chromium's WebGPU is the SwiftShader software adapter: the times then
 * say nothing about GPU speed (dispatch counts do not depend on the adapter's speed).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';
import { measureGraph, type GraphMeasure } from './bench-browser/graph-dispatches';
import { LOOP_CONFIGS, loopLine, measureLoop, type LoopRow } from './bench-browser/loop';
import { runPageSweep } from './bench-browser/page-sweep';
import { buildModelFolder } from './model-builder/index';
import { readTokenizerFiles } from './model-builder/tokenizer';

const { values } = parseArgs({
  options: {
    contexts: { type: 'string' }, batches: { type: 'string' }, json: { type: 'boolean', default: false },
    graphs: { type: 'boolean', default: false }, loop: { type: 'boolean', default: false },
    tokens: { type: 'string', default: '64' }, repeats: { type: 'string', default: '5' },
  },
});
const BUNDLED = resolve('public/models/tiny-reasoner');

const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // CHROMIUM_ARGS adds flags, e.g. Vulkan on a Linux machine with a real GPU (tools/gpu-check.ts sets them).
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic',
    ...(process.env.CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)],
});
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
try {
  const baseUrl = server.resolvedUrls!.local[0]!;
  if (values.graphs) await benchGraphs(browser, baseUrl);
  else if (values.loop) await benchLoops(browser, baseUrl);
  else await benchSweep(browser, baseUrl);
} finally {
  await browser.close();
  await server.close();
}

async function benchSweep(b: Browser, baseUrl: string): Promise<void> {
  const page = await b.newPage();
  await page.goto(baseUrl);
  await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 120_000 });
  const adapter = await page.getByTestId('adapter').textContent();
  const report = await runPageSweep(page, values.contexts ?? '64,256', values.batches ?? '1,2,4,8');
  if (values.json) return void out(JSON.stringify({ adapter, report }, null, 2));
  out(`adapter: ${adapter} · ${report.model.id} on ${report.model.device} (${report.model.dtype}) · ${report.warmup}`);
  for (const p of report.prefill) out(`prefill ${p.context} tokens: ${p.ms.toFixed(1)} ms, ${p.tokensPerSecond.toFixed(1)} tok/s`);
  for (const d of report.decode) {
    const one = report.decode.find((x) => x.context === d.context && x.batch === 1);
    const rel = one ? ` (${(d.msPerStep / one.msPerStep).toFixed(2)}× one row)` : '';
    out(`decode ctx ${d.context} × ${d.batch} rows: ${d.msPerStep.toFixed(1)} ms/step${rel}, ${d.tokensPerSecond.toFixed(1)} tok/s`);
  }
}

async function benchGraphs(b: Browser, baseUrl: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-graphs-'));
  const measures: GraphMeasure[] = [];
  for (const fused of [false, true]) {
    const dir = join(root, fused ? 'fused' : 'standard');
    await buildModelFolder({ outDir: dir, tokenizer: { files: readTokenizerFiles(BUNDLED) }, weights: { model: BUNDLED }, fused });
    measures.push(await measureGraph(b, baseUrl, fused ? 'fused' : 'standard', join(dir, 'onnx', 'model.onnx'),
      { shortRun: 8, longRun: 40, contexts: values.contexts ?? '64', batches: values.batches ?? '1' }));
  }
  if (values.json) return void out(JSON.stringify({ model: 'tiny-reasoner', measures }, null, 2));
  out(`adapter: ${measures[0]!.adapter} · bundled tiny reasoner, greedy "What is 47 + 38?" · sweep rows: median step, warm-up excluded`);
  for (const m of measures) {
    const sweep = m.sweep.map((d) => `ctx ${d.context} × ${d.batch}: ${d.msPerStep.toFixed(1)} ms/step, ${d.tokensPerSecond.toFixed(1)} tok/s`).join('; ');
    out(`${m.graph.padEnd(8)} ${m.dispatchesPerDecodeToken.toFixed(1)} dispatches/decode token, ${m.dispatchesOutsideDecode.toFixed(0)} per run besides decode (warm-up, prefill) · ` +
      `lane decode ${m.laneDecodeTokensPerSecond?.toFixed(1) ?? '—'} tok/s · sweep ${sweep} · ${m.modelBytes} bytes`);
  }
}


async function benchLoops(b: Browser, baseUrl: string): Promise<void> {
  const req = { prompt: 'What is 47 + 38?', tokens: positive(values.tokens, '--tokens'), repeats: positive(values.repeats, '--repeats') };
  const rows: LoopRow[] = [];
  for (const config of LOOP_CONFIGS) rows.push(await measureLoop(b, baseUrl, config, req));
  if (values.json) return void out(JSON.stringify({ model: 'tiny-reasoner', request: req, rows }, null, 2));
  out(`bundled tiny reasoner, greedy "${req.prompt}" · median decode tok/s over ${req.repeats} repeats, warm-up excluded · cross-origin isolated: ${rows.every((r) => r.crossOriginIsolated)}`);
  for (const r of rows) out(loopLine(r));
}

function positive(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${String(text)}`);
  return n;
}
