import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildModelFolder } from '../../tools/model-builder/index';
import { readTokenizerFiles, requireTrained } from '../tools/model-builder/trained-model';
import { localModelRoot } from '../tools/model-builder/transformers-env';
import { externalRequests, launchChromium, openPage } from './browser';

// The built page asked for an fp16 or q4f16 hub model on an adapter without shader-f16 (SwiftShader):
// the engine loads the q4 file instead, says so in the model panel, and decodes with it. The "hub"
// is the onnx-community export of the bundled tiny reasoner, served by Playwright in place of
// huggingface.co (nothing leaves the machine; requests for other files get a 404).
const HUB_ID = 'onnx-community/tiny-reasoner-export';
const HUB_PREFIX = `https://huggingface.co/${HUB_ID}/resolve/main/`;

describe('page: q4f16 / fp16 without shader-f16', () => {
  let browser: Browser;
  let exportDir: string;
  beforeAll(async () => {
    const trained = requireTrained();
    exportDir = join(localModelRoot('f16-fallback'), 'export');
    await buildModelFolder({ outDir: exportDir, tokenizer: { files: readTokenizerFiles(trained) }, weights: { model: trained }, layout: 'onnx-community' });
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Serves the export folder as the hub repo; returns the files the page asked the "hub" for. */
  async function serveHub(context: BrowserContext): Promise<string[]> {
    const asked: string[] = [];
    await context.route(`${HUB_PREFIX}**`, (route) => {
      const file = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(HUB_PREFIX).pathname.length));
      asked.push(file);
      const path = join(exportDir, file);
      if (!existsSync(path)) return route.fulfill({ status: 404, body: 'Not found', contentType: 'text/plain' });
      return route.fulfill({ status: 200, body: readFileSync(path), contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    });
    return asked;
  }

  it.each(['q4f16', 'fp16'])('%s: loads model_q4.onnx with a notice naming shader-f16, then decodes', async (dtype) => {
    const hash = new URLSearchParams({ model: HUB_ID, dtype, prompt: 'What is 47 + 38?', methods: 'greedy', max: '8' });
    // The page loads a hub model only on request, so the route is in place before any hub fetch.
    const session = await openPage(browser, `${inject('baseUrl')}#${hash}`);
    const hubFiles = await serveHub(session.context);
    const { page } = session;
    await page.getByRole('button', { name: /^(Download and load|Load)$/ }).click();
    const status = page.getByTestId('model-status');
    await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]').waitFor({ timeout: 180_000 });
    expect(await status.getAttribute('data-state'), (await status.textContent()) ?? '').toBe('ready');
    expect(await status.textContent()).toContain(`${HUB_ID} · webgpu · q4 · ready`);
    expect(await page.getByTestId('model-notices').textContent()).toContain(`This GPU has no shader-f16: using q4 (fp32 compute) instead of ${dtype}`);
    expect(hubFiles).toContain('onnx/model_q4.onnx');
    expect(hubFiles.filter((f) => /model_(q4f16|fp16)\.onnx/.test(f))).toEqual([]);

    await page.getByTestId('run').click();
    const lane = page.getByTestId('lane-greedy');
    await page.locator('[data-testid=lane-greedy][data-state=done]').waitFor({ timeout: 180_000 });
    expect((await lane.textContent()) ?? '').toContain('<think>');
    expect(externalRequests(session.requests).filter((u) => !u.startsWith(HUB_PREFIX))).toEqual([]);
    await session.context.close();
  });
});
