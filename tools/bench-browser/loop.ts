/**
 * The decode-loop benchmark in the built page's worker: our greedy lane (its token events crossing to the
 * page through the page's frame batcher), a bare forward + argmax loop and transformers.js `generate()`,
 * the same tokens, in one run per configuration (src/engine/bench/loop-bench.ts). Configurations: WASM on
 * one thread, WASM on one thread per logical core (the page is cross-origin isolated), WebGPU.
 */
import { availableParallelism } from 'node:os';
import type { Browser } from 'playwright-core';
import type { LoopBenchReport, LoopBenchRequest } from '../../src/protocol/loop-bench';

export interface LoopConfig {
  readonly name: string;
  /** The page's URL hash (device, threads) on a machine with `cores` logical cores. */
  hash(cores: number): string;
}

/**
 * onnxruntime-web's own default is min(4, ⌈cores / 2⌉) threads (1 on a 2-core machine), so the thread
 * comparison names its counts: one thread against one per logical core.
 */
export const LOOP_CONFIGS: readonly LoopConfig[] = [
  { name: 'wasm, 1 thread', hash: () => 'device=wasm&threads=1' },
  { name: 'wasm, all cores', hash: (cores) => `device=wasm&threads=${cores}` },
  { name: 'webgpu', hash: () => 'device=webgpu' },
];

export interface LoopRow {
  readonly config: string;
  /** The WebGPU adapter as the page shows it (vendor · architecture, software or not). */
  readonly adapter: string;
  readonly crossOriginIsolated: boolean;
  /** WASM threads the worker's onnxruntime-web runs on, as the page shows them (null on WebGPU). */
  readonly wasmThreads: number | null;
  readonly report: LoopBenchReport;
}

export async function measureLoop(b: Browser, baseUrl: string, config: LoopConfig, req: LoopBenchRequest): Promise<LoopRow> {
  const page = await b.newPage();
  try {
    // The browser runs on this machine: its navigator.hardwareConcurrency is Node's availableParallelism().
    await page.goto(`${baseUrl}#${config.hash(availableParallelism())}`);
    const status = page.getByTestId('model-status');
    await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 180_000 });
    const facts = (await status.locator('xpath=..').textContent()) ?? '';
    const threads = /(\d+) WASM threads?/.exec(facts);
    // Strings, not functions: the tools' lib has no DOM types.
    const isolated = (await page.evaluate('crossOriginIsolated')) as boolean;
    const adapter = (await page.getByTestId('adapter').textContent()) ?? '';
    const report = (await page.evaluate(`window.__decodingLab.benchLoop(${JSON.stringify(req)})`)) as LoopBenchReport;
    return { config: config.name, adapter, crossOriginIsolated: isolated, wasmThreads: threads ? Number(threads[1]) : null, report };
  } finally {
    await page.close();
  }
}

export function loopLine(row: LoopRow): string {
  const r = row.report;
  const rate = (x: number): string => x.toFixed(1);
  const threads = row.wasmThreads === null ? '' : ` (${row.wasmThreads} thread${row.wasmThreads === 1 ? '' : 's'})`;
  return `${row.config.padEnd(22)}${threads} ours ${rate(r.ours.decodeTokensPerSecond)} · bare ${rate(r.bare.decodeTokensPerSecond)} · generate ${rate(r.generate.decodeTokensPerSecond)} tok/s · ` +
    `ours/bare ${(r.ours.decodeTokensPerSecond / r.bare.decodeTokensPerSecond).toFixed(2)}× · ours/generate ${(r.ours.decodeTokensPerSecond / r.generate.decodeTokensPerSecond).toFixed(2)}× · ` +
    `${r.tokens} tokens${r.sameTokens ? '' : ' · TOKENS DIFFER'}`;
}
