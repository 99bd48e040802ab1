import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage } from './browser';
import { laneState, pageHash, streamedTokens, waitForModel } from './page-helpers';

// Without WebGPU the page runs the model on WASM and says so.
describe('page: no WebGPU', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('falls back to WASM with a visible notice, and still runs', async () => {
    const { page, requests, context } = await openPage(browser, `${inject('baseUrl')}${pageHash({ prompt: 'What is 2 + 2?', methods: ['greedy'], max: 5 })}`);
    const status = await waitForModel(page);
    expect(await status.getAttribute('data-device')).toBe('wasm');
    expect(await status.textContent()).toContain('wasm');
    expect(await page.getByTestId('adapter').textContent()).toMatch(/none/i);
    const notices = page.getByTestId('model-notices').locator('li');
    expect(await notices.count()).toBeGreaterThan(0);
    expect(await notices.first().isVisible()).toBe(true);
    expect(((await notices.allTextContents()).join(' '))).toMatch(/WASM/);

    await page.getByTestId('run').click();
    await expect.poll(() => laneState(page, 'greedy'), { timeout: 60_000 }).toBe('done');
    const t = await streamedTokens(page, 'greedy');
    expect(t.thinking + t.answer).toBeGreaterThan(0);
    expect(t.thinking + t.answer).toBeLessThanOrEqual(5);
    expect(externalRequests(requests)).toEqual([]);
    await context.close();
  });
});
