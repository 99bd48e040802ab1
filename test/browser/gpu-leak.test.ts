import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from './browser';
import { pageHash, waitForModel } from './page-helpers';

declare global {
  interface Window {
    __decodingLab?: { resources: () => Promise<{ liveTensors: number; gpuBuffers: number | null }> };
  }
}

// 20 consecutive comparisons (greedy + a 4-row FFS batch, so KV expansion and batched decoding run
// too) must leave no KV tensor alive and must not grow the worker's live GPU buffers.
describe('page: no GPU memory leak across runs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps live KV tensors at 0 and GPU buffers flat over 20 runs', async () => {
    const url = `${inject('baseUrl')}${pageHash({ prompt: 'What is 12 + 34?', methods: ['greedy', 'ffs'], max: 6 })}`;
    const { page, context } = await openPage(browser, url);
    await waitForModel(page);
    const counts: Array<{ liveTensors: number; gpuBuffers: number | null }> = [];
    for (let i = 0; i < 20; i++) {
      await page.getByTestId('run').click();
      await page.locator('[data-testid=lane-ffs][data-state=done]').waitFor({ timeout: 60_000 });
      counts.push(await page.evaluate(() => window.__decodingLab!.resources()));
    }
    expect(counts.every((c) => c.liveTensors === 0)).toBe(true);
    expect(counts[0]!.gpuBuffers).not.toBeNull();
    // After two warm-up runs (ORT allocates its pools), the count must not grow.
    expect(counts[19]!.gpuBuffers!).toBeLessThanOrEqual(counts[2]!.gpuBuffers!);
    await context.close();
  });
});
