/**
 * The fused graph (onnxruntime's GroupQueryAttention, SkipSimplifiedLayerNormalization,
 * SimplifiedLayerNormalization, RotaryEmbedding) computes what the standard-op graph computes: on
 * onnxruntime-node's CPU provider and on onnxruntime-web's WASM backend, for the trained tiny
 * reasoner and for odd shapes against the float64 reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoModelForCausalLM, type PreTrainedModel } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLogits } from '../../../tools/export-check/compare';
import { buildModelFolder } from '../../../tools/model-builder/index';
import { MS_DOMAIN, onnx } from '../../../tools/model-builder/onnx-builder';
import { PRESETS, resolveShape, type ModelShape, type ShapeSpec } from '../../../tools/model-builder/presets';
import { deriveQwen3Tokenizer } from '../../../tools/model-builder/tokenizer';
import { randomWeights } from '../../../tools/model-builder/weights';
import { writeWeightsFile } from '../../../tools/model-builder/weights-file';
import { readBuiltModel } from '../../../tools/model-builder/weights-onnx';
import { forcedLogits, greedyCached, greedyCachedBatch, ids2d, maxAbsDiff, presentToPast } from './decode';
import { forcedLogitsWasm, openWasmSession } from './ort-web-wasm';
import { referenceLogits } from './reference-qwen3';
import { promptAndTrace, readTokenizerFiles, requireTrained } from './trained-model';
import { localModelRoot, useLocalModels } from './transformers-env';

/** fp32 fused vs standard ops: the same math in other kernels (measured ≤ 1.5e-5 on the tiny reasoner). */
const TOLERANCE = 1e-4;

const opsOf = (file: string) => onnx.ModelProto.decode(readFileSync(file));

describe('fused operators: the trained tiny reasoner', () => {
  let root: string;
  let trace: { prompt: number[]; ids: number[] };
  const models: Record<string, PreTrainedModel> = {};
  beforeAll(async () => {
    const trained = requireTrained();
    root = localModelRoot('fused');
    const tokenizer = { files: readTokenizerFiles(trained) };
    for (const fused of [false, true]) {
      await buildModelFolder({ outDir: join(root, fused ? 'fused' : 'standard'), tokenizer, weights: { model: trained }, fused });
    }
    trace = await promptAndTrace(root, 'standard', 'What is 47 + 38?', 40);
    useLocalModels(root);
    for (const name of ['standard', 'fused']) models[name] = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' });
  });
  afterAll(async () => { for (const m of Object.values(models)) await m.dispose(); });

  it('uses the onnx-community operator set instead of standard-op attention and norms', () => {
    const m = opsOf(join(root, 'fused', 'onnx', 'model.onnx'));
    const ops = new Map(m.graph!.node!.map((n) => [n.opType!, n.domain ?? '']));
    expect(ops.get('GroupQueryAttention')).toBe(MS_DOMAIN);
    expect(ops.get('SkipSimplifiedLayerNormalization')).toBe(MS_DOMAIN);
    expect(ops.get('RotaryEmbedding')).toBe(MS_DOMAIN);
    expect(ops.get('SimplifiedLayerNormalization')).toBe('');
    for (const gone of ['Softmax', 'Range', 'Expand', 'Sqrt', 'ReduceMean', 'Cos', 'Concat']) expect(ops.has(gone), gone).toBe(false);
    expect(m.opsetImport!.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17], [MS_DOMAIN, 1]]);
    const gqa = m.graph!.node!.filter((n) => n.opType === 'GroupQueryAttention');
    expect(gqa).toHaveLength(4);
    expect(gqa[0]!.output!.slice(1)).toEqual(['present.0.key', 'present.0.value']);
    // Same graph contract (names, types, dims) as the standard-op graph.
    const io = (file: string) => { const g = opsOf(file).graph!; return JSON.stringify([g.input, g.output]); };
    expect(io(join(root, 'fused', 'onnx', 'model.onnx'))).toBe(io(join(root, 'standard', 'onnx', 'model.onnx')));
  });

  it(`gives the standard graph's logits within ${TOLERANCE} at every position of a cached greedy trace (onnxruntime-node CPU)`, async () => {
    const standard = await forcedLogits(models.standard!, trace.ids, trace.prompt.length);
    const fused = await forcedLogits(models.fused!, trace.ids, trace.prompt.length);
    const c = compareLogits(standard, fused);
    expect(c.positions).toBe(41);
    expect(c.maxAbsDiff).toBeLessThan(TOLERANCE);
    expect(c.top1Agreement).toBe(1);
    expect((await greedyCached(models.fused!, trace.prompt, 40)).tokens).toEqual(trace.ids.slice(trace.prompt.length));
  });

  it('decodes rows in one batch as it decodes them alone (the FFS shape: same prompt, one token per row per step)', async () => {
    const prompt = trace.prompt;
    const batch = await greedyCachedBatch(models.fused!, [prompt, prompt, prompt], [0, 1, 2].map(() => prompt.map(() => 1)), 6);
    const single = await greedyCached(models.fused!, prompt, 6);
    for (let row = 0; row < 3; row++) {
      expect(batch.tokens[row]).toEqual(single.tokens);
      for (let s = 0; s < 6; s++) expect(maxAbsDiff(batch.logits[s]![row]!, single.logits[s]!)).toBeLessThan(TOLERANCE);
    }
  });

  it('refuses a multi-token step with a cache on more than one row (GroupQueryAttention; the engine never makes one)', async () => {
    const p = trace.prompt;
    const out = await models.fused!.forward({ input_ids: ids2d([p, p]), attention_mask: ids2d([p.map(() => 1), p.map(() => 1)]) });
    const past = presentToPast(out);
    const twoTokens = ids2d([[5, 6], [7, 8]]);
    const mask = ids2d([[...p, 1, 1].map(() => 1), [...p, 1, 1].map(() => 1)]);
    await expect(models.fused!.forward({ input_ids: twoTokens, attention_mask: mask, past_key_values: past })).rejects.toThrow(/batch_size must be 1/);
    for (const t of Object.values(past)) t.dispose();
  });

  it(`runs on onnxruntime-web's WASM backend with the CPU provider's logits (fp32 within ${TOLERANCE})`, async () => {
    const cpu = await forcedLogits(models.standard!, trace.ids, trace.prompt.length);
    const session = await openWasmSession(join(root, 'fused', 'onnx', 'model.onnx'));
    try {
      const wasm = await forcedLogitsWasm(session, { layers: 4, kvHeads: 2, headDim: 32 }, trace.ids, trace.prompt.length);
      const c = compareLogits(cpu, wasm);
      expect(c.maxAbsDiff).toBeLessThan(TOLERANCE);
      expect(c.top1Agreement).toBe(1);
    } finally {
      await session.release();
    }
  });
});

describe('fused operators: any Qwen3 shape against the float64 reference', () => {
  const tokenizer = deriveQwen3Tokenizer({ merges: 400, keepWords: [' Wait'] });
  const SHAPES: [string, Partial<ShapeSpec>][] = [
    ['no GQA, heads·head_dim ≠ hidden', { layers: 1, hidden: 48, heads: 3, kvHeads: 3, headDim: 32, intermediate: 80 }],
    ['8 query heads on 1 KV head, 3 layers', { layers: 3, hidden: 32, heads: 8, kvHeads: 1, headDim: 8, intermediate: 64, ropeTheta: 10_000 }],
  ];
  it.each(SHAPES)('%s: every position within 1e-4, prefilled at once and decoded through the cache', async (name, spec) => {
    const root = localModelRoot('fused-shape');
    const s: ModelShape = resolveShape({ ...PRESETS.tiny.shape, ...spec }, tokenizer.size);
    const weights = randomWeights(s, 9);
    weights.get('model.embed_tokens.weight')!.data.forEach((v, i, a) => { a[i] = v * 10; });
    const file = join(root, 'w.bin');
    writeWeightsFile(file, { shape: s, weights });
    await buildModelFolder({ outDir: join(root, 'm'), tokenizer: { files: tokenizer }, weights: { file }, fused: true });
    // The weights read back from the fused graph are the ones written.
    expect(maxAbsDiff(readBuiltModel(join(root, 'm')).weights.get('model.layers.0.mlp.up_proj.weight')!.data, weights.get('model.layers.0.mlp.up_proj.weight')!.data)).toBe(0);
    const ids = [3, 290, 77, 12, 401, 8, 150];
    const reference = referenceLogits(s, weights, ids).map((r) => Float32Array.from(r));
    const model = await AutoModelForCausalLM.from_pretrained('m', { dtype: 'fp32' });
    try {
      const out = await model.forward({ input_ids: ids2d([ids]), attention_mask: ids2d([ids.map(() => 1)]) });
      const data = out.logits.data as Float32Array;
      reference.forEach((ref, t) => expect(maxAbsDiff(data.subarray(t * s.vocab, (t + 1) * s.vocab), ref), `${name} @${t}`).toBeLessThan(1e-4));
      const cached = await forcedLogits(model, ids, 3);
      expect(compareLogits(reference.slice(2), cached).maxAbsDiff).toBeLessThan(1e-4);
    } finally { await model.dispose(); }
  });
});
