/**
 * The page's Content-Security-Policy is a response header, so it reaches the engine's worker, which makes
 * every model request: a model host on another origin is blocked in the worker, not only in the page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from './browser';
import { waitForModel } from './page-helpers';

describe('CSP: response header for the page and its worker', () => {
  let browser: Browser;
  let other: Server;
  let otherHits = 0;
  let otherUrl = '';

  beforeAll(async () => {
    other = createServer((_req, res) => {
      otherHits++;
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => other.close(resolve));
  });

  it('is sent with the page and with the worker script', async () => {
    const { page, context } = await openPage(browser, inject('baseUrl'));
    const worker = new Promise<string>((resolve) => page.on('response', (r) => void (r.url().includes('/assets/engine.worker') && resolve(r.headers()['content-security-policy'] ?? ''))));
    const doc = await page.reload();
    expect(doc?.headers()['content-security-policy']).toMatch(/connect-src 'self' https:\/\/huggingface\.co/);
    expect(await worker).toMatch(/connect-src 'self' https:\/\/huggingface\.co/);
    await context.close();
  });

  it('blocks the worker’s fetch of a model host on another origin, names the reason, and keeps the page working', async () => {
    const hash = `#model=${encodeURIComponent('acme/tiny')}&host=${encodeURIComponent(otherUrl)}`;
    const { page, context } = await openPage(browser, `${inject('baseUrl')}${hash}`);
    expect(await page.getByTestId('model-host').inputValue()).toBe(otherUrl);
    await page.getByRole('button', { name: /load/i }).first().click();
    const status = page.getByTestId('model-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('error');
    expect(await status.textContent()).toMatch(/Could not reach the model host .*127\.0\.0\.1.*Content-Security-Policy connect-src/);
    expect(otherHits).toBe(0);
    // The same fetch from the page is blocked too.
    const fromPage = await page.evaluate(async (url) => fetch(url).then(() => 'reached', () => 'blocked'), otherUrl);
    expect(fromPage).toBe('blocked');
    expect(otherHits).toBe(0);
    // The bundled model still loads and runs after the refusal.
    await page.getByTestId('model-select').selectOption('tiny-reasoner');
    await page.getByRole('button', { name: /load/i }).first().click();
    await waitForModel(page);
    await context.close();
  });
});

describe('cross-origin isolation (COOP + COEP)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes the page isolated, so onnxruntime-web runs WASM on the threads asked for, and still runs', async () => {
    const { page, context } = await openPage(browser, `${inject('baseUrl')}#threads=2&methods=greedy&max=8`);
    const doc = await page.reload();
    expect(doc?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(doc?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await waitForModel(page);
    expect(await page.getByTestId('model-facts').textContent()).toMatch(/2 WASM threads/);
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('lane-greedy').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await context.close();
  });
});
