/**
 * Builds the export-check page (page/) with Vite — the app's bundler, so transformers.js and the
 * onnxruntime-web WebGPU build are the ones the worker ships — and serves it with model folders
 * under /models/. Requests run in a fresh page each: one failed onnxruntime load poisons its realm.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, preview } from 'vite';
import type { AdapterFacts, ExportCheckApi, LogitsReply, LogitsRequest } from './protocol';

const PAGE = fileURLToPath(new URL('./page', import.meta.url));

export interface ExportCheckServer {
  url: string;
  close(): Promise<void>;
}

/** `models`: folder name under /models/ → model folder on disk (copied next to the page). */
export async function serveExportCheck(models: Readonly<Record<string, string>>): Promise<ExportCheckServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'export-check-'));
  await build({ configFile: false, root: PAGE, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 } });
  for (const [name, dir] of Object.entries(models)) cpSync(dir, join(outDir, 'models', name), { recursive: true });
  // 'mpa': a missing file is a 404, not index.html (which transformers.js would try to parse).
  const server = await preview({ configFile: false, root: PAGE, appType: 'mpa', logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

type PageWithApi = { exportCheck: ExportCheckApi };

async function onFreshPage<T>(browser: Browser, url: string, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'exportCheck' in globalThis, null, { timeout: 60_000 });
    return await run(page);
  } finally {
    await context.close();
  }
}

export function adapterFacts(browser: Browser, url: string): Promise<AdapterFacts | null> {
  return onFreshPage(browser, url, (page) => page.evaluate(() => (globalThis as unknown as PageWithApi).exportCheck.adapter()));
}

export function requestLogits(browser: Browser, url: string, req: LogitsRequest): Promise<LogitsReply> {
  return onFreshPage(browser, url, (page) => page.evaluate((r) => (globalThis as unknown as PageWithApi).exportCheck.forcedLogits(r), req));
}
