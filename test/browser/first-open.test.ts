/**
 * The page as a new user meets it: the built page opened with no URL hash, nothing touched, Run pressed.
 * On this machine WebGPU is Chromium's software adapter, so the page runs on WASM and says why.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage, type PageSession } from './browser';
import { ALL_METHODS, laneState, waitForModel } from './page-helpers';

describe('page: first open, no URL hash, nothing touched', () => {
  let browser: Browser;
  let session: PageSession;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
    session = await openPage(browser, inject('baseUrl'));
    await waitForModel(session.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('picks WASM on the software adapter and says why', async () => {
    const { page } = session;
    const status = page.getByTestId('model-status');
    expect(await status.getAttribute('data-device')).toBe('wasm');
    const notices = (await page.getByTestId('model-notices').locator('li').allTextContents()).join('\n');
    expect(notices).toMatch(/software renderer .*swiftshader.*far slower than WASM/i);
    expect(await page.getByTestId('adapter').textContent()).toMatch(/software renderer/);
  });

  it('ticks all five methods, and Run is enabled with the defaults', async () => {
    const { page } = session;
    for (const m of ALL_METHODS) expect(await page.getByTestId(`method-${m}`).isChecked(), m).toBe(true);
    await expect.poll(() => page.getByTestId('run').isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('run-blocker').textContent()).toBe('');
    expect(await page.getByTestId('prompt').inputValue()).not.toBe('');
  });

  it('press Run: five lanes finish and five result rows appear, well within 90 s', async () => {
    const { page, requests, errors } = session;
    await page.getByTestId('run').click();
    for (const m of ALL_METHODS) await expect.poll(() => laneState(page, m), { timeout: 90_000 }).toBe('done');
    expect(await page.getByTestId('results-table').locator('tbody tr').count()).toBe(5);
    for (const m of ALL_METHODS) {
      const stop = await page.getByTestId(`result-row-${m}`).locator('[data-col=stop]').textContent();
      expect(['eos', 'max-tokens']).toContain(stop);
    }
    // A bundled question was pre-filled: the ✓ column judges every lane.
    const verdicts = await page.getByTestId('results-table').locator('td[data-col=correct]').allTextContents();
    expect(verdicts.every((v) => v === '✓' || v === '✗')).toBe(true);
    expect(externalRequests(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
