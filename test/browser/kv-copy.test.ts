/**
 * FFS's KV expansion on WebGPU copies the prefilled cache to the n rows inside the device. Exactness: the
 * rows decode the same tokens as with the CPU round trip, and the GPU buffers do not leak.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from './browser';
import { pageHash, waitForModel } from './page-helpers';

interface Hook {
  run(req: unknown): Promise<{ lanes: { ffs?: { rows: { text: string }[] }; text: string }[] }>;
  resources(): Promise<{ liveTensors: number; gpuBuffers: number | null }>;
}

describe('FFS KV expansion on the device (WebGPU)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gives every row the same tokens as the CPU route, and leaves no tensor behind', async () => {
    const { page, context } = await openPage(browser, `${inject('baseUrl')}${pageHash({ prompt: 'What is 12 + 34?', methods: ['ffs'], max: 10 })}`);
    const status = await waitForModel(page);
    expect(await status.getAttribute('data-device')).toBe('webgpu');
    const texts = await page.evaluate(async () => {
      const hook = (window as unknown as { __decodingLab: Hook }).__decodingLab;
      const lane = { lane: 'ffs', params: { method: 'ffs', maxNewTokens: 10, sampling: { temperature: 1, topP: 0.95 }, ffs: { n: 3, k: 3, requireAnswer: false, answerKind: 'math' } } };
      const out: string[][] = [];
      for (const kvCopy of ['gpu', 'cpu', 'gpu']) {
        const r = await hook.run({ runId: `kv-${kvCopy}-${out.length}`, prompt: 'What is 12 + 34?', seed: 5, lanes: [lane], kvCopy });
        out.push(r.lanes[0]!.ffs!.rows.map((row) => row.text));
      }
      return out;
    });
    expect(texts[0]!.length).toBe(3);
    expect(texts[0]!.some((t) => t.length > 0)).toBe(true);
    expect(texts[1]).toEqual(texts[0]);
    expect(texts[2]).toEqual(texts[0]);
    const res = await page.evaluate(() => (window as unknown as { __decodingLab: Hook }).__decodingLab.resources());
    expect(res.liveTensors).toBe(0);
    await context.close();
  });
});
