/**
 * Regenerates the README's screenshot: the built page (`npm run build` first) opened as a new user opens it
 * — no settings in the link, the default methods ticked — in Debian's Chromium; one example question (the
 * first chip, or --question's text typed into the prompt), *Run comparison*, every lane to the end.
 *   npx tsx tools/readme-screenshot.ts [--out docs/compare.png] [--question "What is 457 + 386?"]
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'docs/compare.png' }, question: { type: 'string' } },
});
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 120_000 });
  if (values.question) await page.getByTestId('prompt').fill(values.question);
  else await page.getByTestId('question-chip').first().click();
  await page.getByTestId('run').click();
  const lanes = await page.locator('[data-testid^=lane-][data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  for (const lane of lanes) await page.locator(`[data-testid=${lane}][data-state=done]`).waitFor({ timeout: 600_000 });
  // The top of the page: prompt, model, methods and the lanes (the full page is several screens tall).
  await page.screenshot({ path: values.out!, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
  process.stdout.write(`wrote ${values.out} (${lanes.length} lanes: ${lanes.join(', ')})\n`);
} finally {
  await browser.close();
  await server.close();
}
