/** Drives the built page's throughput sweep panel and returns its exported report. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { BenchReport } from '../../src/protocol/bench';

export async function runPageSweep(page: Page, contexts: string, batches: string): Promise<BenchReport> {
  await page.locator('#sweep-contexts').fill(contexts);
  await page.locator('#sweep-batches').fill(batches);
  await page.getByTestId('sweep-run').click();
  await page.getByTestId('sweep-status').filter({ hasText: /^(Done|Sweep failed)/ }).waitFor({ timeout: 900_000 });
  const status = (await page.getByTestId('sweep-status').textContent()) ?? '';
  if (!status.startsWith('Done')) throw new Error(status);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-export').click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as BenchReport;
}
