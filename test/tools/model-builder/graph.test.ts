import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AutoModelForCausalLM } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { generationConfig, modelConfig, specialIds } from '../../../tools/model-builder/config';
import { buildModelFolder } from '../../../tools/model-builder/index';
import { DataType, IR_VERSION, OPSET, onnx } from '../../../tools/model-builder/onnx-builder';
import { PRESETS, resolveShape, type ModelShape, type ShapeSpec } from '../../../tools/model-builder/presets';
import { deriveQwen3Tokenizer, loadQwen3Tokenizer } from '../../../tools/model-builder/tokenizer';
import { randomWeights } from '../../../tools/model-builder/weights';
import { writeWeightsFile } from '../../../tools/model-builder/weights-file';
import { ids2d, maxAbsDiff } from './decode';
import { referenceLogits } from './reference-qwen3';
import { localModelRoot, useLocalModels } from './transformers-env';

/** Standard ONNX ops (default domain) the builder may use; anything else is a contract break. */
const ALLOWED_OPS = ['Gather', 'Cast', 'Shape', 'Range', 'Sub', 'LessOrEqual', 'And', 'Where', 'Unsqueeze', 'Mul', 'ReduceMean',
  'Add', 'Sqrt', 'Div', 'MatMul', 'Reshape', 'Transpose', 'Slice', 'Neg', 'Concat', 'Cos', 'Sin', 'Expand', 'Softmax', 'Sigmoid'];

const tokenizer = deriveQwen3Tokenizer({ merges: 400, keepWords: [' Wait'] });
const shape = resolveShape(PRESETS.tiny.shape, tokenizer.size);
const { kvHeads, headDim, vocab } = shape;

/** The decoded model as plain data (protobufjs toObject with defaults and numeric int64s). */
interface Decoded {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  graph: {
    node: { opType: string; domain: string; input: string[] }[];
    initializer: { name: string; dataType: number; dims: number[] }[];
    input: IoInfo[];
    output: IoInfo[];
  };
}
interface IoInfo { name: string; type: { tensorType: { elemType: number; shape: { dim: { dimParam: string; dimValue: number }[] } } } }

const decodeModel = (dir: string): Decoded =>
  onnx.ModelProto.toObject(onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx'))), { longs: Number, defaults: true }) as Decoded;
const dims = (v: IoInfo): (string | number)[] => v.type.tensorType.shape.dim.map((d) => (d.dimParam ? d.dimParam : d.dimValue));
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));

describe('ONNX graph contract', () => {
  let root: string;
  const dirs = { fp32: '', fp16: '' };
  beforeAll(async () => {
    root = localModelRoot('graph');
    for (const dtype of ['fp32', 'fp16'] as const) {
      dirs[dtype] = join(root, dtype);
      await buildModelFolder({ outDir: dirs[dtype], shape, tokenizer: { files: tokenizer }, weights: { seed: 5 }, dtype });
    }
  });

  it('is IR 8, opset 17, default-domain ops from the standard list only', () => {
    for (const dir of Object.values(dirs)) {
      const m = decodeModel(dir);
      expect(Number(m.irVersion)).toBe(IR_VERSION);
      expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', OPSET]]);
      const ops = new Set(m.graph.node.map((n) => n.opType));
      for (const op of ops) expect(ALLOWED_OPS, op).toContain(op);
      expect(m.graph.node.every((n) => !n.domain)).toBe(true);
      expect(ops.has('Softmax') && ops.has('Range') && ops.has('Expand')).toBe(true);
    }
  });

  it('declares the inputs and outputs of platform notes §6 with numeric KV heads and head_dim', () => {
    const g = decodeModel(dirs.fp32).graph;
    const layerNames = (prefix: string) => [0, 1].flatMap((i) => [`${prefix}.${i}.key`, `${prefix}.${i}.value`]);
    expect(g.input.map((v) => v.name)).toEqual(['input_ids', 'attention_mask', 'position_ids', ...layerNames('past_key_values')]);
    expect(g.output.map((v) => v.name)).toEqual(['logits', ...layerNames('present')]);
    const byName = new Map([...g.input, ...g.output].map((v) => [v.name, v]));
    const expectIo = (name: string, type: number, d: (string | number)[]) => {
      expect(byName.get(name)!.type.tensorType.elemType, name).toBe(type);
      expect(dims(byName.get(name)!), name).toEqual(d);
    };
    expectIo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
    expectIo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']);
    expectIo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']);
    expectIo('past_key_values.1.value', DataType.FLOAT, ['batch_size', kvHeads, 'past_sequence_length', headDim]);
    expectIo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', vocab]);
    expectIo('present.0.key', DataType.FLOAT, ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  });

  it('stores weights as FLOAT (fp32) or FLOAT16 + Cast (fp16), with the fp16 file about half the size', () => {
    const types = (dir: string) => decodeModel(dir).graph.initializer.map((t) => ({ name: t.name, type: t.dataType, n: t.dims.reduce((a, b) => a * Number(b), 1) }));
    const fp32 = types(dirs.fp32);
    const fp16 = types(dirs.fp16);
    expect(fp32.filter((t) => t.type === DataType.FLOAT16)).toEqual([]);
    expect(fp32.find((t) => t.name === 'model.embed_tokens.weight')).toMatchObject({ type: DataType.FLOAT, n: vocab * shape.hidden });
    expect(fp16.find((t) => t.name === 'model.embed_tokens.weight_fp16')).toMatchObject({ type: DataType.FLOAT16, n: vocab * shape.hidden });
    // In fp16 the only float32 initializers are small constants (inv_freq, eps, scale, mask values).
    expect(fp16.filter((t) => t.type === DataType.FLOAT).every((t) => t.n <= headDim / 2)).toBe(true);
    const castsToFloat = decodeModel(dirs.fp16).graph.node.filter((n) => n.opType === 'Cast' && n.input[0]?.endsWith('_fp16'));
    expect(castsToFloat).toHaveLength(fp16.filter((t) => t.type === DataType.FLOAT16).length);
    const size = (dir: string) => statSync(join(dir, 'onnx', 'model.onnx')).size;
    expect(size(dirs.fp16) / size(dirs.fp32)).toBeGreaterThan(0.48);
    expect(size(dirs.fp16) / size(dirs.fp32)).toBeLessThan(0.53);
  });

  it('writes config.json and generation_config.json with the tokenizer ids', () => {
    const config = json(join(dirs.fp32, 'config.json'));
    const n = tokenizer.size;
    expect(config).toMatchObject({
      architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', vocab_size: vocab, num_hidden_layers: 2, num_key_value_heads: kvHeads,
      head_dim: headDim, tie_word_embeddings: true, 'transformers.js_config': { dtype: 'fp32', use_external_data_format: false },
      bos_token_id: n - 5, eos_token_id: n - 3, pad_token_id: n - 5,
    });
    expect(json(join(dirs.fp32, 'generation_config.json'))).toEqual({ bos_token_id: n - 5, eos_token_id: [n - 3, n - 5], pad_token_id: n - 5, do_sample: false, max_new_tokens: 256 });
    const real = specialIds(loadQwen3Tokenizer().tokenizer);
    expect(real).toEqual({ endOfText: 151643, imEnd: 151645 });
    expect(generationConfig(real)).toMatchObject({ eos_token_id: [151645, 151643], pad_token_id: 151643 });
    expect(modelConfig({ ...shape, vocab: 151_936 }, real)).toMatchObject({ eos_token_id: 151645, vocab_size: 151_936 });
  });

  it('puts large weights into model.onnx_data chunks that transformers.js loads (use_external_data_format = chunk count)', async () => {
    const dir = join(root, 'external');
    const r = await buildModelFolder({ outDir: dir, shape, tokenizer: { files: tokenizer }, weights: { seed: 5 }, dtype: 'fp32', onnx: { inlineLimitBytes: 0, chunkBytes: 300_000 } });
    const chunks = readdirSync(join(dir, 'onnx')).filter((f) => f.startsWith('model.onnx_data')).sort();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]).toBe('model.onnx_data');
    expect(r.files.filter((f) => f.includes('model.onnx_data'))).toHaveLength(chunks.length);
    expect((json(join(dir, 'config.json'))['transformers.js_config'] as Record<string, unknown>).use_external_data_format).toBe(chunks.length);
    expect(statSync(join(dir, 'onnx', 'model.onnx')).size).toBeLessThan(100_000);

    useLocalModels(root);
    const ids = [[1, 2, 3, 300, 5]];
    const run = async (name: string) => {
      const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' });
      try {
        return (await model.forward({ input_ids: ids2d(ids), attention_mask: ids2d([[1, 1, 1, 1, 1]]) })).logits.data as Float32Array;
      } finally { await model.dispose(); }
    };
    expect(maxAbsDiff(await run('external'), await run('fp32'))).toBe(0);
  });
});

describe('any Qwen3 shape', () => {
  const SHAPES: [string, Partial<ShapeSpec>][] = [
    ['no GQA, heads·head_dim ≠ hidden', { layers: 1, hidden: 48, heads: 3, kvHeads: 3, headDim: 32, intermediate: 80 }],
    ['8 query heads on 1 KV head, 3 layers', { layers: 3, hidden: 32, heads: 8, kvHeads: 1, headDim: 8, intermediate: 64, ropeTheta: 10_000 }],
  ];
  it.each(SHAPES)('%s: every position matches the float64 reference', async (name, spec) => {
    const root = localModelRoot('shape');
    const s: ModelShape = resolveShape({ ...PRESETS.tiny.shape, ...spec }, tokenizer.size);
    const weights = randomWeights(s, 9);
    weights.get('model.embed_tokens.weight')!.data.forEach((v, i, a) => { a[i] = v * 10; });
    const file = join(root, 'w.bin');
    writeWeightsFile(file, { shape: s, weights });
    await buildModelFolder({ outDir: join(root, 'm'), tokenizer: { files: tokenizer }, weights: { file }, dtype: 'fp32' });
    const ids = [3, 290, 77, 12, 401, 8, 150];
    const model = await AutoModelForCausalLM.from_pretrained('m', { dtype: 'fp32' });
    try {
      const out = await model.forward({ input_ids: ids2d([ids]), attention_mask: ids2d([ids.map(() => 1)]) });
      expect(out.logits.dims).toEqual([1, ids.length, s.vocab]);
      const data = out.logits.data as Float32Array;
      referenceLogits(s, weights, ids).forEach((ref, t) => {
        expect(maxAbsDiff(data.subarray(t * s.vocab, (t + 1) * s.vocab), Float32Array.from(ref)), `${name} @${t}`).toBeLessThan(1e-4);
      });
    } finally { await model.dispose(); }
  });
});
