/**
 * The real-model path end to end, with no hub: an onnx-community export of a Qwen3-shaped model with the
 * real Qwen3 tokenizer, on a same-origin mirror laid out like the hub (<mirror>/<owner>/<name>/resolve/main/
 * <file>). Chosen by id with host=, sized before the download, downloaded with a progress bar, run (greedy,
 * CGRS, FFS on q4), reloaded from the cache with the mirror gone, deleted from the cache, asked for q4f16
 * on the software adapter, and finally opened as a folder from disk.
 */
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildModelFolder } from '../../tools/model-builder/index';
import { PRESETS } from '../../tools/model-builder/presets';
import { localModelRoot } from '../tools/model-builder/transformers-env';
import { externalRequests, launchChromium, openPage } from './browser';
import { laneState } from './page-helpers';

const ID = 'acme/tiny-qwen3';
const MIRROR_DIR = resolve('dist/mirror');
const MODEL_DIR = join(MIRROR_DIR, ID, 'resolve', 'main');

async function waitLoaded(page: Page, timeout = 180_000): Promise<string> {
  const status = page.getByTestId('model-status');
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]').waitFor({ timeout });
  return (await status.textContent()) ?? '';
}

describe('a real-model path on a same-origin mirror', () => {
  let browser: Browser;
  let exportDir: string;
  let hash: string;

  beforeAll(async () => {
    exportDir = join(localModelRoot('hub-mirror'), 'tiny-qwen3');
    await buildModelFolder({ outDir: exportDir, shape: PRESETS['tiny-qwen3-vocab'].shape, tokenizer: 'qwen3', weights: { seed: 3 }, layout: 'onnx-community' });
    rmSync(MIRROR_DIR, { recursive: true, force: true });
    mkdirSync(MODEL_DIR, { recursive: true });
    cpSync(exportDir, MODEL_DIR, { recursive: true });
    const q = new URLSearchParams({
      v: '2', model: ID, host: `${inject('baseUrl')}mirror/`, device: 'wasm', dtype: 'q4', methods: 'greedy,cgrs,ffs', max: '8',
      prompt: 'What is 2 + 3?', 'ffs.ffs.n': '2', 'cgrs.cgrs.probeMaxTokens': '3',
    });
    hash = `#${q.toString()}`;
    browser = await launchChromium({ webgpu: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(MIRROR_DIR, { recursive: true, force: true });
    rmSync(`${MIRROR_DIR}-gone`, { recursive: true, force: true });
  });

  it('downloads with a size and a progress bar, runs greedy, CGRS and FFS on q4, reloads from the cache, and deletes it', async () => {
    const { page, context, requests } = await openPage(browser, `${inject('baseUrl')}${hash}`);
    const size = page.getByTestId('model-size');
    await expect.poll(async () => (await size.textContent()) ?? '', { timeout: 30_000 }).toMatch(/Download \(q4\): [\d.]+ MB in 5 files \(measured on the host\) · not cached/);
    await page.getByRole('button', { name: 'Download and load' }).click();
    await expect.poll(async () => (await page.getByTestId('model-progress').textContent()) ?? '', { timeout: 60_000 }).toMatch(/MB of [\d.]+ MB · \d of \d files/);
    expect(await waitLoaded(page)).toContain(`${ID} · wasm · q4 · ready`);
    expect(await page.getByTestId('model-triggers').textContent()).toMatch(/CGRS triggers: 14 of 14 words are single tokens/);
    expect(await page.getByTestId('model-triggers').getAttribute('title')).toContain('" Wait" 13824');
    await page.getByTestId('run').click();
    for (const m of ['greedy', 'cgrs', 'ffs']) await expect.poll(() => laneState(page, m), { timeout: 240_000 }).toBe('done');
    expect(requests.filter((u) => u.includes('/mirror/') && u.includes('model_q4.onnx')).length).toBeGreaterThan(0);
    expect(externalRequests(requests)).toEqual([]);
    await expect.poll(async () => (await size.textContent()) ?? '', { timeout: 10_000 }).toMatch(/cached: \d+ files/);

    // The mirror goes away; the model loads from the Cache API.
    renameSync(MIRROR_DIR, `${MIRROR_DIR}-gone`);
    try {
      const before = requests.length;
      await page.reload();
      await page.getByRole('button', { name: /^(Load|Reload)$/ }).click();
      expect(await waitLoaded(page)).toContain(`${ID} · wasm · q4 · ready`);
      const modelFetches = requests.slice(before).filter((u) => u.includes('/mirror/') && /\/(onnx\/|tokenizer|config)/.test(u));
      expect(modelFetches.filter((u) => u.includes('model_q4.onnx'))).toEqual([]);

      // Delete from cache: the cache state and the storage estimate drop.
      const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
      const used = await usage();
      await page.getByRole('button', { name: 'Delete from cache' }).click();
      await expect.poll(async () => (await size.textContent()) ?? '', { timeout: 30_000 }).toMatch(/not cached/);
      await expect.poll(usage, { timeout: 30_000 }).toBeLessThan(used - 30e6);
    } finally {
      renameSync(`${MIRROR_DIR}-gone`, MIRROR_DIR);
      await context.close();
    }
  }, 400_000);

  it('asked for q4f16 on the software adapter (no shader-f16), loads q4 and says why', async () => {
    const { page, context } = await openPage(browser, `${inject('baseUrl')}${hash.replace('dtype=q4', 'dtype=q4f16').replace('device=wasm', 'device=webgpu')}`);
    await page.getByRole('button', { name: /load/i }).first().click();
    expect(await waitLoaded(page)).toContain(`${ID} · webgpu · q4 · ready`);
    expect((await page.getByTestId('model-notices').allTextContents()).join('\n')).toContain('This GPU has no shader-f16: using q4 (fp32 compute) instead of q4f16');
    await context.close();
  });

  it('opens the same export as a folder from disk, with no network, and runs', async () => {
    const { page, context, requests } = await openPage(browser, `${inject('baseUrl')}#methods=greedy&max=6&device=wasm&dtype=q4`);
    await waitLoaded(page);
    const before = requests.length;
    await page.getByTestId('model-folder-input').setInputFiles(exportDir);
    await expect.poll(async () => (await page.getByTestId('model-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/^tiny-qwen3 · wasm · q4 · ready/);
    expect(await page.getByTestId('model-size').textContent()).toMatch(/Opened from this computer: \d+ files/);
    expect(requests.slice(before).filter((u) => !u.startsWith('blob:') && !u.endsWith('/favicon.svg')), 'requests made while loading the folder').toEqual([]);
    await page.getByTestId('run').click();
    await expect.poll(() => laneState(page, 'greedy'), { timeout: 120_000 }).toBe('done');
    await context.close();
  });
});
