/**
 * Regenerates the README's screenshot: the built page (`npm run build` first) runs a five-method
 * comparison on the bundled tiny reasoner in Debian's Chromium (WebGPU on the software adapter).
 *   npx tsx tools/readme-screenshot.ts [--out docs/compare.png] [--prompt "What is 457 + 386?"]
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'docs/compare.png' }, prompt: { type: 'string', default: 'What is 457 + 386?' } },
});
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const hash = new URLSearchParams({ model: 'tiny-reasoner', prompt: values.prompt!, seed: '3', methods: 'greedy,sample,top-h,cgrs,ffs', max: '400' });
  await page.goto(`${server.resolvedUrls!.local[0]}#${hash}`);
  await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 120_000 });
  await page.getByTestId('run').click();
  for (const m of ['greedy', 'sample', 'top-h', 'cgrs', 'ffs']) {
    await page.locator(`[data-testid=lane-${m}][data-state=done]`).waitFor({ timeout: 600_000 });
  }
  await page.screenshot({ path: values.out!, fullPage: true });
  process.stdout.write(`wrote ${values.out}\n`);
} finally {
  await browser.close();
  await server.close();
}
