import { join } from 'node:path';
import { AutoModelForCausalLM } from '@huggingface/transformers';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLogits } from '../../tools/export-check/compare';
import type { LogitsRequest } from '../../tools/export-check/protocol';
import { adapterFacts, requestLogits, serveExportCheck, type ExportCheckServer } from '../../tools/export-check/serve-page';
import { EXPORT_TOLERANCE, withinTolerance } from '../../tools/export-check/tolerance';
import { buildModelFolder } from '../../tools/model-builder/index';
import { forcedLogits } from '../tools/model-builder/decode';
import { promptAndTrace, readTokenizerFiles, requireTrained } from '../tools/model-builder/trained-model';
import { localModelRoot, useLocalModels } from '../tools/model-builder/transformers-env';
import { launchChromium } from './browser';

// The onnx-community export of the bundled tiny reasoner on Chromium's WebGPU (the SwiftShader
// software adapter here: no shader-f16): the fp32 and q4 files, with standard and with fused
// operators (the fused export keeps its weights in external .onnx_data files), give the CPU's fp32
// logits within the stated tolerance. The fp16 files need shader-f16: tools/gpu-check-f16.ts
// checks them on a real GPU; here the libraries refuse them, which is why the engine loads q4.
describe('onnx-community export on WebGPU (SwiftShader)', () => {
  let browser: Browser;
  let server: ExportCheckServer;
  let trace: { prompt: number[]; ids: number[] };
  let reference: Float32Array[];
  const request = (model: string, dtype: LogitsRequest['dtype']): LogitsRequest =>
    ({ model, dtype, device: 'webgpu', ids: trace.ids, prefill: trace.prompt.length });

  beforeAll(async () => {
    const trained = requireTrained();
    const root = localModelRoot('export-webgpu');
    const tokenizer = { files: readTokenizerFiles(trained) };
    await buildModelFolder({ outDir: join(root, 'standard'), tokenizer, weights: { model: trained }, layout: 'onnx-community' });
    await buildModelFolder({ outDir: join(root, 'fused'), tokenizer, weights: { model: trained }, layout: 'onnx-community', fused: true, onnx: { inlineLimitBytes: 0 } });
    trace = await promptAndTrace(root, 'standard', 'What is 47 + 38?', 6);
    useLocalModels(root);
    const cpu = await AutoModelForCausalLM.from_pretrained('standard', { dtype: 'fp32' });
    try { reference = await forcedLogits(cpu, trace.ids, trace.prompt.length); } finally { await cpu.dispose(); }
    server = await serveExportCheck({ standard: join(root, 'standard'), fused: join(root, 'fused') });
    browser = await launchChromium({ webgpu: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['standard', 'fp32'], ['standard', 'q4'], ['fused', 'fp32'], ['fused', 'q4'],
  ] as const)('%s operators, %s: float32 logits within the tolerance of the CPU fp32 at every position', async (model, dtype) => {
    const reply = await requestLogits(browser, server.url, request(model, dtype));
    if (!reply.ok) throw new Error(`${model} ${dtype} failed on WebGPU: ${reply.error}`);
    expect(reply.logitsType).toBe('float32');
    expect(reply.kvType).toBe('float32');
    const c = compareLogits(reference, reply.rows);
    console.info(`WebGPU ${model} ${dtype} vs CPU fp32: ${JSON.stringify(c)}, load ${reply.loadMs.toFixed(0)} ms, ${reply.msPerStep.toFixed(0)} ms/step`);
    expect(c.positions).toBe(7);
    expect(withinTolerance(dtype, c), `${JSON.stringify(c)} vs ${JSON.stringify(EXPORT_TOLERANCE[dtype])}`).toBe(true);
  });

  it('without shader-f16, transformers.js refuses the fp16 file and onnxruntime fails the q4f16 one', async () => {
    expect((await adapterFacts(browser, server.url))?.shaderF16).toBe(false);
    const fp16 = await requestLogits(browser, server.url, request('standard', 'fp16'));
    expect(fp16.ok ? 'loaded' : fp16.error).toMatch(/does not support fp16/);
    const q4f16 = await requestLogits(browser, server.url, request('standard', 'q4f16'));
    expect(q4f16.ok ? 'loaded' : q4f16.error).toMatch(/f16/);
  });
});
