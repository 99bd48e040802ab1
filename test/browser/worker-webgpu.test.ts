import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage } from './browser';

// Issue 2's end-to-end proof: the built page's worker loads the bundled tiny reasoner on WebGPU
// (the software adapter here), streams tokens to the page, and nothing leaves localhost.
describe('built page, worker on WebGPU', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the tiny reasoner on WebGPU and streams tokens, all requests local', async () => {
    const url = `${inject('baseUrl')}#device=webgpu&max=24&methods=greedy`;
    const { page, requests, errors, context } = await openPage(browser, url);
    const status = page.getByTestId('model-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');
    expect(await status.getAttribute('data-device')).toBe('webgpu');
    const adapter = (await page.getByTestId('adapter').textContent()) ?? '';
    expect(adapter.toLowerCase()).toContain('swiftshader');

    await page.getByTestId('prompt').fill('What is 47 + 38?');
    await page.getByTestId('run').click();
    const lane = page.getByTestId('lane-greedy');
    // Streaming: text appears before the lane is done.
    await expect.poll(async () => ((await lane.textContent()) ?? '').length, { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(() => lane.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect((await lane.textContent()) ?? '').toContain('<think>');

    expect(externalRequests(requests)).toEqual([]);
    expect(requests.some((u) => u.includes('/models/tiny-reasoner/onnx/model.onnx'))).toBe(true);
    expect(requests.some((u) => /ort-wasm.*\.wasm/.test(u))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
