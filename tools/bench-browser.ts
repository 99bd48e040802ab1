/**
 * The throughput sweep in headless Chromium on WebGPU (the built page's worker, the same engine as in
 * Node): prefill tok/s per context, decode ms/step per (context, batch) and batch efficiency.
 *   npm run build && npx tsx tools/bench-browser.ts [--contexts 64,256] [--batches 1,2,4,8] [--json]
 * On machines without a GPU, Chromium's WebGPU is the SwiftShader software adapter: the numbers then
 * say nothing about GPU speed, only that the path works.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import type { BenchReport } from '../src/protocol/bench';

const { values } = parseArgs({
  options: { contexts: { type: 'string', default: '64,256' }, batches: { type: 'string', default: '1,2,4,8' }, json: { type: 'boolean', default: false } },
});
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage();
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 120_000 });
  const adapter = await page.getByTestId('adapter').textContent();
  await page.locator('#sweep-contexts').fill(values.contexts!);
  await page.locator('#sweep-batches').fill(values.batches!);
  await page.getByTestId('sweep-run').click();
  await page.getByTestId('sweep-status').filter({ hasText: /^(Done|Sweep failed)/ }).waitFor({ timeout: 900_000 });
  const status = (await page.getByTestId('sweep-status').textContent()) ?? '';
  if (!status.startsWith('Done')) throw new Error(status);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-export').click()]);
  const report = JSON.parse(readFileSync((await download.path())!, 'utf8')) as BenchReport;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ adapter, report }, null, 2)}\n`);
  } else {
    process.stdout.write(`adapter: ${adapter} · ${report.model.id} on ${report.model.device} (${report.model.dtype}) · ${report.warmup}\n`);
    for (const p of report.prefill) process.stdout.write(`prefill ${p.context} tokens: ${p.ms.toFixed(1)} ms, ${p.tokensPerSecond.toFixed(1)} tok/s\n`);
    for (const d of report.decode) {
      const one = report.decode.find((x) => x.context === d.context && x.batch === 1);
      const rel = one ? ` (${(d.msPerStep / one.msPerStep).toFixed(2)}× one row)` : '';
      process.stdout.write(`decode ctx ${d.context} × ${d.batch} rows: ${d.msPerStep.toFixed(1)} ms/step${rel}, ${d.tokensPerSecond.toFixed(1)} tok/s\n`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
