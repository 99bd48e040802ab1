import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage, screenshotDir, type PageSession } from './browser';
import { laneState, laneTextHasOnlyTextNodes, openSettings, pageHash, streamedTokens, waitForModel } from './page-helpers';

// Page controls on the tiny reasoner: stop keeps the model usable, invalid settings block the run,
// markup in a prompt stays text, example questions are one click away, the phone layout.
const MARKUP = 'What is 12 + 30? <img src=x onerror="window.__pwned=1"><b>bold</b> & <script>window.__pwned=2</script>';

describe('page: controls', () => {
  let browser: Browser;
  let session: PageSession;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
    const hash = pageHash({ prompt: MARKUP, methods: ['greedy', 'sample'], max: 400 });
    session = await openPage(browser, `${inject('baseUrl')}${hash}`, { width: 390, height: 844 });
    await waitForModel(session.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a prompt with markup as text, in the prompt box and above the lanes', async () => {
    const { page } = session;
    expect(await page.getByTestId('prompt').inputValue()).toBe(MARKUP);
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('lanes-prompt').textContent(), { timeout: 30_000 }).toBe(`Prompt: ${MARKUP}`);
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('main b').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    }));
    expect(injected).toEqual({ img: 0, bold: 0, scripts: 0, pwned: null });
  });

  it('stops a running comparison, keeps the model loaded, and runs again (Ctrl+Enter)', async () => {
    const { page } = session;
    // Let greedy stream a few tokens of its 400, then stop.
    await expect.poll(async () => {
      const t = await streamedTokens(page, 'greedy');
      return t.thinking + t.answer;
    }, { timeout: 60_000 }).toBeGreaterThan(3);
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Stopped');
    expect(await laneState(page, 'greedy')).toBe('cancelled');
    expect(await laneState(page, 'sample')).toBe('cancelled');
    expect(await page.getByTestId('model-status').getAttribute('data-state')).toBe('ready');
    expect(await page.getByTestId('stop').isDisabled()).toBe(true);
    const boxes = await laneTextHasOnlyTextNodes(page);
    expect(boxes.elementChildren).toBe(0);

    // A short second run through the keyboard shortcut.
    await openSettings(page, 'greedy');
    await page.locator('#greedy-maxNewTokens').fill('6');
    await page.getByTestId('method-sample').uncheck();
    await page.getByTestId('prompt').focus();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => laneState(page, 'greedy'), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('lane-sample').count()).toBe(0);
    const tokens = await streamedTokens(page, 'greedy');
    expect(tokens.thinking + tokens.answer).toBeGreaterThan(0);
    expect(tokens.thinking + tokens.answer).toBeLessThanOrEqual(6);
    expect(await page.getByTestId('result-row-greedy').count()).toBe(1);
  });

  it('shows an invalid parameter’s message next to it and blocks the run until it is fixed', async () => {
    const { page } = session;
    await page.getByTestId('method-sample').check();
    await openSettings(page, 'sample');
    const topP = page.locator('#sample-sampling-topP');
    await topP.fill('1.5');
    expect(await topP.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#sample-sampling-topP-error').textContent()).toBe('must be a number in (0, 1]; got 1.5');
    expect(await page.getByTestId('run').isDisabled()).toBe(true);
    expect(await page.getByTestId('run-blocker').textContent()).toBe('Fix 1 invalid setting in Sampling');
    // The shortcut is blocked too: no new run starts.
    const runBefore = await page.evaluate(() => (window as unknown as { __decodingLab: { lastResult: { runId: string } } }).__decodingLab.lastResult.runId);
    await page.getByTestId('prompt').focus();
    await page.keyboard.press('Control+Enter');
    expect(await laneState(page, 'greedy')).toBe('done');
    await topP.fill('0.9');
    expect(await topP.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    const runAfter = await page.evaluate(() => (window as unknown as { __decodingLab: { lastResult: { runId: string } } }).__decodingLab.lastResult.runId);
    expect(runAfter).toBe(runBefore);
  });

  it('puts example questions from the held-out set one click away', async () => {
    const { page } = session;
    const chips = page.getByTestId('question-chip');
    expect(await chips.count()).toBeGreaterThan(0);
    const first = (await chips.first().textContent()) ?? '';
    await chips.first().click();
    expect(await page.getByTestId('prompt').inputValue()).toBe(first);
    expect(await page.getByTestId('reference').textContent()).toMatch(/reference answer/);
    await page.getByTestId('random-question').click();
    expect((await page.getByTestId('prompt').inputValue()).length).toBeGreaterThan(0);
  });

  it('is laid out for a phone, and nothing left the page', async () => {
    const { page } = session;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshotDir(), 'page-phone.png'), fullPage: true });
    expect(externalRequests(session.requests)).toEqual([]);
  });
});
