/**
 * The f16 check for a machine with a real GPU (the dev machines have only SwiftShader, which has no
 * shader-f16). One command:
 *
 *   npm run build && npx tsx tools/gpu-check-f16.ts [--json] [--model <built folder>]
 *     [--chromium <path>] [--chromium-args="<flags>"] [--skip-engine]
 *
 * 1. Builds the onnx-community export of the model (default: the bundled tiny reasoner), once with
 *    standard operators and once with fused operators (weights in external .onnx_data files).
 * 2. Computes the reference: fp32 logits on onnxruntime-node's CPU, teacher-forced over a chat
 *    prompt and a reasoning continuation.
 * 3. Serves the export-check page and launches Chromium on the GPU; loads fp32, q4, fp16 and q4f16
 *    of both exports on WebGPU and compares their logits with the reference (tools/export-check/tolerance.ts).
 * 4. Unless --skip-engine: loads the export through the built app page as a hub model with dtype
 *    q4f16 and checks the engine keeps q4f16 (no shader-f16 notice) and decodes.
 * It prints what it could not run and why (no adapter, a software adapter, no shader-f16, no dist/).
 * Exit code: 0 when everything that ran passed, 1 when something failed, 2 for bad arguments.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AutoModelForCausalLM } from '@huggingface/transformers';
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';
import { chatTrace } from './export-check/chat-trace';
import { compareLogits, type LogitsComparison } from './export-check/compare';
import { forcedLogits } from './export-check/forced-logits';
import { EXPORT_HUB_ID, loadExportAsHubModel } from './export-check/hub-load';
import type { AdapterFacts, LogitsRequest } from './export-check/protocol';
import { adapterFacts, requestLogits, serveExportCheck } from './export-check/serve-page';
import { EXPORT_TOLERANCE, withinTolerance } from './export-check/tolerance';
import { buildModelFolder } from './model-builder/index';
import { readTokenizerFiles } from './model-builder/tokenizer';

/** Flags for Chrome/Chromium on Linux with a discrete GPU and no display; override with --chromium-args. */
const GPU_ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--ignore-gpu-blocklist', '--enable-features=Vulkan', '--use-angle=vulkan',
  '--disable-vulkan-surface', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'];
const DTYPES = ['fp32', 'q4', 'fp16', 'q4f16'] as const;

interface VariantResult {
  graph: 'standard' | 'fused';
  dtype: (typeof DTYPES)[number];
  status: 'passed' | 'failed' | 'not run';
  /** Why it failed or was not run. */
  reason?: string;
  comparison?: LogitsComparison;
  tolerance?: { maxAbsDiff: number; minTop1Agreement: number };
  logitsType?: string;
  kvType?: string;
  loadMs?: number;
  msPerStep?: number;
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false }, model: { type: 'string' }, chromium: { type: 'string' },
    'chromium-args': { type: 'string' }, 'skip-engine': { type: 'boolean', default: false },
  },
});
const modelDir = resolve(values.model ?? 'public/models/tiny-reasoner');
const chromiumPath = values.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = values['chromium-args']?.split(/\s+/).filter(Boolean) ?? GPU_ARGS;
const log = (line: string): void => { if (!values.json) process.stdout.write(`${line}\n`); };

async function main(): Promise<number> {
  for (const [what, path] of [['model folder', join(modelDir, 'config.json')], ['Chromium', chromiumPath]] as const) {
    if (!existsSync(path)) { process.stderr.write(`gpu-check-f16: ${what} not found: ${path}\n`); return 2; }
  }
  const root = mkdtempSync(join(tmpdir(), 'gpu-check-f16-'));
  const tokenizer = { files: readTokenizerFiles(modelDir) };
  const exports = { standard: join(root, 'standard'), fused: join(root, 'fused') };
  await buildModelFolder({ outDir: exports.standard, tokenizer, weights: { model: modelDir }, layout: 'onnx-community' });
  await buildModelFolder({ outDir: exports.fused, tokenizer, weights: { model: modelDir }, layout: 'onnx-community', fused: true, onnx: { inlineLimitBytes: 0 } });
  log(`built the onnx-community exports of ${modelDir} (standard, fused + external data) in ${root}`);

  const trace = await chatTrace(root, 'standard');
  const cpu = await AutoModelForCausalLM.from_pretrained('standard', { dtype: 'fp32' });
  const reference = await forcedLogits(cpu, trace.ids, trace.prompt.length);
  await cpu.dispose();
  log(`reference: fp32 on onnxruntime-node CPU, ${reference.length} positions`);

  const notRun: string[] = [];
  const results: VariantResult[] = [];
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const server = await serveExportCheck(exports);
  let adapter: AdapterFacts | null = null;
  let engine: Record<string, unknown> | null = null;
  try {
    adapter = await adapterFacts(browser, server.url);
    const software = adapter !== null && /swiftshader/i.test(`${adapter.vendor} ${adapter.architecture}`);
    log(`adapter: ${adapter ? `${adapter.vendor} · ${adapter.architecture} · ${adapter.description || '—'} · shader-f16 ${adapter.shaderF16 ? 'yes' : 'NO'}` : 'none'}`);
    if (!adapter) notRun.push('WebGPU: Chromium found no adapter (check the GPU driver, Vulkan, and --chromium-args)');
    if (software) notRun.push('a real GPU: Chromium fell back to the SwiftShader software adapter');
    if (adapter && !adapter.shaderF16) notRun.push(`fp16 and q4f16: the adapter (${adapter.vendor} ${adapter.architecture}) has no shader-f16`);
    for (const graph of ['standard', 'fused'] as const) {
      for (const dtype of DTYPES) {
        const needsF16 = dtype === 'fp16' || dtype === 'q4f16';
        if (!adapter || (needsF16 && !adapter.shaderF16)) {
          results.push({ graph, dtype, status: 'not run', reason: !adapter ? 'no WebGPU adapter' : 'no shader-f16' });
          continue;
        }
        const req: LogitsRequest = { model: graph, dtype, device: 'webgpu', ids: trace.ids, prefill: trace.prompt.length };
        const reply = await requestLogits(browser, server.url, req);
        if (!reply.ok) { results.push({ graph, dtype, status: 'failed', reason: reply.error }); continue; }
        const comparison = compareLogits(reference, reply.rows);
        const ok = withinTolerance(dtype, comparison);
        results.push({
          graph, dtype, status: ok ? 'passed' : 'failed', ...(ok ? {} : { reason: 'outside the tolerance' }), comparison,
          tolerance: EXPORT_TOLERANCE[dtype], logitsType: reply.logitsType, kvType: reply.kvType, loadMs: reply.loadMs, msPerStep: reply.msPerStep,
        });
      }
    }
    engine = await engineCheck(browser, exports.standard, adapter, notRun);
  } finally {
    await server.close();
    await browser.close();
  }

  const failed = results.some((r) => r.status === 'failed') || engine?.status === 'failed';
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ model: modelDir, chromium: { path: chromiumPath, args: chromiumArgs }, adapter, reference: 'fp32, onnxruntime-node CPU', positions: reference.length, results, engine, notRun }, null, 2)}\n`);
  } else {
    for (const r of results) {
      const c = r.comparison;
      log(`${r.graph.padEnd(8)} ${r.dtype.padEnd(5)} ${r.status.padEnd(7)} ${c ? `max|Δ| ${c.maxAbsDiff.toExponential(2)} (≤ ${r.tolerance!.maxAbsDiff}), top-1 ${(c.top1Agreement * 100).toFixed(0)} % (≥ ${r.tolerance!.minTop1Agreement * 100} %), ` +
        `logits ${r.logitsType}, KV ${r.kvType}, load ${r.loadMs!.toFixed(0)} ms, ${r.msPerStep!.toFixed(1)} ms/step` : ''}${r.reason ? ` — ${r.reason}` : ''}`);
    }
    if (engine) log(`engine (app page, hub dtype q4f16): ${JSON.stringify(engine)}`);
    for (const n of notRun) log(`could not run: ${n}`);
  }
  return failed ? 1 : 0;
}

/** The app's own path: a q4f16 hub model on this adapter must stay q4f16 (no fallback notice) and decode. */
async function engineCheck(browser: Browser, exportDir: string, adapter: AdapterFacts | null, notRun: string[]): Promise<Record<string, unknown> | null> {
  if (values['skip-engine']) return null;
  if (!existsSync(resolve('dist/index.html'))) { notRun.push('the app-page q4f16 check: dist/ is missing (run npm run build)'); return null; }
  if (!adapter?.shaderF16) { notRun.push('the app-page q4f16 check: no shader-f16'); return null; }
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const context = await browser.newContext();
  try {
    const load = await loadExportAsHubModel(context, server.resolvedUrls!.local[0]!, exportDir, 'q4f16', { run: true });
    const kept = load.state === 'ready' && load.status.includes(`${EXPORT_HUB_ID} · webgpu · q4f16 · ready`) && !/shader-f16/.test(load.notices);
    const decoded = (load.laneText ?? '').includes('<think>');
    return { status: kept && decoded ? 'passed' : 'failed', modelStatus: load.status, notices: load.notices, laneText: load.laneText, files: load.hubFiles };
  } finally {
    await context.close();
    await server.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`gpu-check-f16: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
