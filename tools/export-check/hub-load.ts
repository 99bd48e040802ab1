/**
 * Loads an exported model folder into the built app page as if it were a hub model: Playwright
 * answers the page's huggingface.co requests for EXPORT_HUB_ID from the folder (404 for anything
 * else there), so the page, its worker and the engine take the real hub path — dtype choice,
 * shader-f16 check, Cache API — with nothing leaving the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const EXPORT_HUB_ID = 'onnx-community/tiny-reasoner-export';
const HUB_PREFIX = `https://huggingface.co/${EXPORT_HUB_ID}/resolve/main/`;

export interface HubLoad {
  state: string | null;
  /** The model panel's status line, e.g. "onnx-community/… · webgpu · q4 · ready (…)". */
  status: string;
  notices: string;
  /** Files the page asked the "hub" for, relative to the repo root. */
  hubFiles: string[];
  /** The greedy lane's text after a short run (null when not asked to run, or the load failed). */
  laneText: string | null;
  /** Every request the page and its worker made, except those the hub route answered. */
  otherRequests: string[];
}

export async function loadExportAsHubModel(context: BrowserContext, baseUrl: string, exportDir: string, dtype: string,
  opts: { run: boolean; timeoutMs?: number }): Promise<HubLoad> {
  const timeout = opts.timeoutMs ?? 180_000;
  const hubFiles: string[] = [];
  const otherRequests: string[] = [];
  context.on('request', (r) => void (r.url().startsWith(HUB_PREFIX) || otherRequests.push(r.url())));
  await context.route(`${HUB_PREFIX}**`, (route) => {
    const file = decodeURIComponent(route.request().url().slice(HUB_PREFIX.length).split('?')[0]!);
    hubFiles.push(file);
    const path = join(exportDir, file);
    if (!existsSync(path)) return route.fulfill({ status: 404, body: 'Not found', contentType: 'text/plain' });
    return route.fulfill({ status: 200, body: readFileSync(path), contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  const page = await context.newPage();
  // device=webgpu: on a software adapter the page would otherwise choose WASM, where shader-f16 does not arise.
  const hash = new URLSearchParams({ model: EXPORT_HUB_ID, dtype, device: 'webgpu', prompt: 'What is 47 + 38?', methods: 'greedy', max: '8' });
  // A hub model loads only on request, so the route is in place before any hub fetch.
  await page.goto(`${baseUrl}#${hash}`);
  await page.getByRole('button', { name: /^(Download and load|Load)$/ }).click();
  const status = page.getByTestId('model-status');
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]').waitFor({ timeout });
  const state = await status.getAttribute('data-state');
  let laneText: string | null = null;
  if (opts.run && state === 'ready') {
    await page.getByTestId('run').click();
    await page.locator('[data-testid=lane-greedy][data-state=done]').waitFor({ timeout });
    laneText = (await page.getByTestId('lane-greedy').textContent()) ?? '';
  }
  return {
    state, status: (await status.textContent()) ?? '', notices: (await page.getByTestId('model-notices').textContent()) ?? '',
    hubFiles, laneText, otherRequests,
  };
}

