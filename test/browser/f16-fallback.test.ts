import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXPORT_HUB_ID, loadExportAsHubModel } from '../../tools/export-check/hub-load';
import { buildModelFolder } from '../../tools/model-builder/index';
import { readTokenizerFiles, requireTrained } from '../tools/model-builder/trained-model';
import { localModelRoot } from '../tools/model-builder/transformers-env';
import { externalRequests, launchChromium } from './browser';

// The built page asked for an fp16 or q4f16 hub model on an adapter without shader-f16 (SwiftShader):
// the engine loads the q4 file instead, says so in the model panel, and decodes with it. The "hub"
// is the onnx-community export of the bundled tiny reasoner, served by Playwright in place of
// huggingface.co (tools/export-check/hub-load.ts; nothing leaves the machine).
describe('page: q4f16 / fp16 without shader-f16', () => {
  let browser: Browser;
  let exportDir: string;
  beforeAll(async () => {
    const trained = requireTrained();
    exportDir = join(localModelRoot('f16-fallback'), 'export');
    await buildModelFolder({ outDir: exportDir, tokenizer: { files: readTokenizerFiles(trained) }, weights: { model: trained }, layout: 'onnx-community' });
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['q4f16', 'fp16'])('%s: loads model_q4.onnx with a notice naming shader-f16, then decodes', async (dtype) => {
    const context = await browser.newContext();
    try {
      const load = await loadExportAsHubModel(context, inject('baseUrl'), exportDir, dtype, { run: true });
      expect(load.state, load.status).toBe('ready');
      expect(load.status).toContain(`${EXPORT_HUB_ID} · webgpu · q4 · ready`);
      expect(load.notices).toContain(`This GPU has no shader-f16: using q4 (fp32 compute) instead of ${dtype}`);
      expect(load.hubFiles).toContain('onnx/model_q4.onnx');
      expect(load.hubFiles.filter((f) => /model_(q4f16|fp16)\.onnx/.test(f))).toEqual([]);
      expect(load.laneText).toContain('<think>');
      expect(externalRequests(load.otherRequests)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
