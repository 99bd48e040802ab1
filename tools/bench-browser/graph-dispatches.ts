/**
 * Dispatches per decode token and decode tok/s of one graph of the bundled tiny reasoner, in the
 * built page's worker: the graph's model.onnx is served in place of public/models/tiny-reasoner's
 * (a Playwright route), so both graphs run through the same page, worker and engine.
 *
 * Dispatches per decode token: the worker counts GPUComputePassEncoder dispatches
 * (Engine.resources().gpuDispatches). Two greedy lanes of the same prompt, n₁ and n₂ tokens, run
 * the same warm-up and prefill and n − 1 decode forwards each, so (D₂ − D₁) / (n₂ − n₁) is the
 * count of one decode forward exactly, and D₁ − (n₁ − 1) · that is what a run spends besides its
 * decode steps (the run's warm-up, engine/model/warmup.ts, and the lane's prefill).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { EngineResources } from '../../src/protocol/api';
import type { BenchReport } from '../../src/protocol/bench';
import type { RunResult } from '../../src/protocol/run';
import { runPageSweep } from './page-sweep';

export interface GraphMeasure {
  graph: string;
  modelBytes: number;
  dispatchesPerDecodeToken: number;
  /** A run's dispatches besides its decode steps: the run's warm-up and the lane's prefill. */
  dispatchesOutsideDecode: number;
  /** The greedy lane's decode tok/s (the engine's own measure, sampler and events included). */
  laneDecodeTokensPerSecond: number | null;
  /** The throughput sweep's decode rows (median step, warm-up excluded). */
  sweep: BenchReport['decode'];
  adapter: string;
}

const PROMPT = 'What is 47 + 38?';

/** device=webgpu: on a software adapter the page would otherwise choose WASM (no dispatches to count). */
const pageHash = (max: number): URLSearchParams =>
  new URLSearchParams({ model: 'tiny-reasoner', device: 'webgpu', prompt: PROMPT, seed: '1', methods: 'greedy', max: String(max) });

type Hook = { __decodingLab?: { resources(): Promise<EngineResources>; lastResult: RunResult | null } };

async function greedyRun(page: Page, baseUrl: string, max: number): Promise<{ dispatches: number; tokens: number; decodeTokensPerSecond: number | null }> {
  // A hash change keeps the page and its loaded model; the run reads the new budget.
  await page.goto(`${baseUrl}#${pageHash(max)}`);
  const dispatches = async () => {
    const d = (await page.evaluate(() => (globalThis as unknown as Hook).__decodingLab!.resources())).gpuDispatches;
    if (typeof d !== 'number') throw new Error('the worker reports no GPU dispatch count (no WebGPU?)');
    return d;
  };
  const before = await dispatches();
  await page.getByTestId('run').click();
  await page.locator('[data-testid=lane-greedy][data-state=done]').waitFor({ timeout: 600_000 });
  const after = await dispatches();
  const lane = (await page.evaluate(() => (globalThis as unknown as Hook).__decodingLab!.lastResult))!.lanes[0]!;
  return { dispatches: after - before, tokens: lane.metrics.tokens.total, decodeTokensPerSecond: lane.metrics.decodeTokensPerSecond };
}

export async function measureGraph(browser: Browser, baseUrl: string, graph: string, modelFile: string,
  opts: { shortRun: number; longRun: number; contexts: string; batches: string }): Promise<GraphMeasure> {
  const context = await browser.newContext({ acceptDownloads: true });
  const body = readFileSync(modelFile);
  await context.route('**/models/tiny-reasoner/onnx/model.onnx', (route) => route.fulfill({ body, contentType: 'application/octet-stream' }));
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}#${pageHash(opts.shortRun)}`);
    const status = page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]');
    await status.waitFor({ timeout: 300_000 });
    if ((await status.getAttribute('data-state')) !== 'ready') throw new Error(`${graph}: ${await status.textContent()}`);
    const adapter = (await page.getByTestId('adapter').textContent()) ?? '';
    const short = await greedyRun(page, baseUrl, opts.shortRun);
    const long = await greedyRun(page, baseUrl, opts.longRun);
    if (long.tokens <= short.tokens) throw new Error(`${graph}: the long run made ${long.tokens} tokens, the short one ${short.tokens}`);
    const perToken = (long.dispatches - short.dispatches) / (long.tokens - short.tokens);
    const report = await runPageSweep(page, opts.contexts, opts.batches);
    return {
      graph, modelBytes: body.length, dispatchesPerDecodeToken: perToken,
      dispatchesOutsideDecode: short.dispatches - (short.tokens - 1) * perToken,
      laneDecodeTokensPerSecond: long.decodeTokensPerSecond, sweep: report.decode, adapter,
    };
  } finally {
    await context.close();
  }
}
