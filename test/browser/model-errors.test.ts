import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

// A missing or corrupt model file is reported in the page by name; the page recovers (a new worker
// where onnxruntime cannot) and loads the model once the file is back.
describe('page: broken model files', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function settled(page: Page): Promise<{ state: string | null; text: string }> {
    const status = page.getByTestId('model-status');
    await page
      .locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]')
      .waitFor({ timeout: 120_000 });
    return { state: await status.getAttribute('data-state'), text: (await status.textContent()) ?? '' };
  }

  async function reloadModel(page: Page): Promise<void> {
    await page.getByRole('button', { name: /^(Load|Reload)$/ }).click();
  }

  const cases: Array<[string, string, (body: string) => { status: number; body: string; contentType: string }, RegExp]> = [
    ['missing config.json', '**/models/tiny-reasoner/config.json', () => ({ status: 404, body: 'Not found', contentType: 'text/plain' }), /config\.json/],
    ['config.json served as an HTML page', '**/models/tiny-reasoner/config.json', () => ({ status: 200, body: '<!doctype html><p>hi', contentType: 'application/json' }), /config\.json.*HTML page/],
    ['missing onnx/model.onnx', '**/models/tiny-reasoner/onnx/model.onnx', () => ({ status: 404, body: 'Not found', contentType: 'text/plain' }), /onnx\/model\.onnx/],
    ['corrupt onnx/model.onnx', '**/models/tiny-reasoner/onnx/model.onnx', () => ({ status: 200, body: 'garbage, not a protobuf', contentType: 'application/octet-stream' }), /onnx\/model\.onnx/],
  ];

  for (const [name, pattern, reply, message] of cases) {
    it(`${name}: named in the page, then the model loads once the file is back`, async () => {
      const context = await browser.newContext();
      await context.route(pattern, (route) => {
        const r = reply('');
        return route.fulfill({ status: r.status, body: r.body, contentType: r.contentType });
      });
      const page = await context.newPage();
      await page.goto(inject('baseUrl'));
      const broken = await settled(page);
      expect(broken.state).toBe('error');
      expect(broken.text).toMatch(message);
      expect(broken.text).not.toMatch(/Unexpected token/);

      await context.unroute(pattern);
      await reloadModel(page);
      const fixed = await settled(page);
      expect(fixed.text).not.toMatch(/error/i);
      expect(fixed.state).toBe('ready');
      await context.close();
    });
  }

});
