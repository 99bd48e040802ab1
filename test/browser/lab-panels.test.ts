import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage } from './browser';
import { waitForModel } from './page-helpers';

// The lab panels on WebGPU: the bandwidth kernel runs on the adapter, and the engine's throughput
// sweep runs in the worker on the loaded model.
describe('page: throughput lab on WebGPU', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('measures GPU bandwidth and sweeps prefill/decode over contexts and batch sizes', async () => {
    const { page, context, requests } = await openPage(browser, `${inject('baseUrl')}#device=webgpu`);
    await waitForModel(page);

    await page.getByRole('button', { name: 'Measure GPU bandwidth' }).click();
    const bandwidth = page.getByTestId('bandwidth-status');
    await expect.poll(async () => (await bandwidth.textContent()) ?? '', { timeout: 120_000 }).toMatch(/Read [\d.]+ GB\/s, copy [\d.]+ GB\/s/);

    await page.locator('#sweep-contexts').fill('16,48');
    await page.locator('#sweep-batches').fill('1,2');
    await page.getByTestId('sweep-run').click();
    const status = page.getByTestId('sweep-status');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 180_000 }).toMatch(/^Done on webgpu/);
    const rows = await page.getByTestId('sweep-results').locator('table').nth(1).locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    const prefillRows = await page.getByTestId('sweep-results').locator('table').nth(0).locator('tbody tr').count();
    expect(prefillRows).toBe(2);
    expect(externalRequests(requests)).toEqual([]);
    await context.close();
  });
});

describe('page: the labs share the one engine with the comparison', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a sweep at its defaults blocks Run comparison while it runs and can be stopped', async () => {
    const { page, context } = await openPage(browser, inject('baseUrl'));
    await waitForModel(page);
    expect(await page.locator('#sweep-contexts').inputValue()).toBe('');
    await page.getByTestId('sweep-run').click();
    await expect.poll(() => page.getByTestId('run-blocker').textContent(), { timeout: 10_000 }).toBe('A throughput sweep is running');
    expect(await page.getByTestId('run').isDisabled()).toBe(true);
    await page.getByTestId('sweep-stop').click();
    await expect.poll(async () => (await page.getByTestId('sweep-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/^(Stopped|Done) on wasm/);
    await expect.poll(() => page.getByTestId('run').isEnabled(), { timeout: 10_000 }).toBe(true);
    await context.close();
  });

  it('the accuracy lab runs the engine’s evaluation loop and resumes after a reload', async () => {
    const { page, context } = await openPage(browser, inject('baseUrl'));
    await waitForModel(page);
    for (const m of ['sample', 'top-h', 'cgrs', 'ffs']) await page.getByTestId(`eval-method-${m}`).uncheck();
    await page.locator('#eval-limit').fill('2');
    await page.getByTestId('eval-run').click();
    const status = page.getByTestId('eval-status');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 120_000 }).toMatch(/^Done: 2 \/ 2 results · 2 computed now · 0 resumed/);
    expect(await page.getByTestId('eval-table').locator('tbody tr').count()).toBe(1);
    await page.reload();
    await waitForModel(page);
    for (const m of ['sample', 'top-h', 'cgrs', 'ffs']) await page.getByTestId(`eval-method-${m}`).uncheck();
    await page.locator('#eval-limit').fill('3');
    await page.getByTestId('eval-run').click();
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 120_000 }).toMatch(/^Done: 3 \/ 3 results · 1 computed now · 2 resumed/);
    await context.close();
  });
});
