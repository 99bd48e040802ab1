import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { measureGraph } from '../../tools/bench-browser/graph-dispatches';
import { buildModelFolder } from '../../tools/model-builder/index';
import { readTokenizerFiles, requireTrained } from '../tools/model-builder/trained-model';
import { launchChromium } from './browser';

// The worker counts GPU dispatches (Engine.resources().gpuDispatches), and the fused graph of the
// bundled tiny reasoner meets issue 14's target of at most 100 dispatches per decode token, where
// the standard-op graph needs more than twice that. Both graphs are built here from the bundled
// weights and served in place of its model.onnx (tools/bench-browser/graph-dispatches.ts).
describe('page: GPU dispatches per decode token, standard vs fused graph', () => {
  let browser: Browser;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const trained = requireTrained();
    const root = mkdtempSync(join(tmpdir(), 'dispatches-'));
    for (const fused of [false, true]) {
      const dir = join(root, fused ? 'fused' : 'standard');
      await buildModelFolder({ outDir: dir, tokenizer: { files: readTokenizerFiles(trained) }, weights: { model: trained }, fused });
      files[fused ? 'fused' : 'standard'] = join(dir, 'onnx', 'model.onnx');
    }
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts a whole number of dispatches per decode forward; the fused graph needs ≤ 100, under half the standard graph', async () => {
    const opts = { shortRun: 4, longRun: 8, contexts: '16', batches: '1' };
    const standard = await measureGraph(browser, inject('baseUrl'), 'standard', files.standard!, opts);
    const fused = await measureGraph(browser, inject('baseUrl'), 'fused', files.fused!, opts);
    console.info(`dispatches per decode token: standard ${standard.dispatchesPerDecodeToken}, fused ${fused.dispatchesPerDecodeToken}`);
    for (const m of [standard, fused]) {
      expect(Number.isInteger(m.dispatchesPerDecodeToken), m.graph).toBe(true);
      expect(m.dispatchesPerDecodeToken, m.graph).toBeGreaterThan(0);
      expect(m.sweep).toHaveLength(1);
    }
    expect(fused.dispatchesPerDecodeToken).toBeLessThanOrEqual(100);
    expect(fused.dispatchesPerDecodeToken * 2).toBeLessThan(standard.dispatchesPerDecodeToken);
  });
});
