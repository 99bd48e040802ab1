/** Loading: config checks, EOS ids from both config files, the device choice on a software adapter, the parameter count. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/engine/model/load-model';
import { decoderParameters } from '../../../src/engine/model/model-config';
import { EngineError } from '../../../src/protocol/errors';
import type { AdapterInfo } from '../../../src/protocol/model';
import { buildTestModel, testHost, TINY_REASONER, TINY_REASONER_ROOT } from '../fixtures';

let root: string;
let id: string;

beforeAll(async () => {
  ({ root, id } = await buildTestModel());
});

async function loadError(config: string): Promise<EngineError> {
  const built = await buildTestModel();
  writeFileSync(join(built.root, built.id, 'config.json'), config);
  try {
    await loadModel(testHost(built.root), { id: built.id, source: 'local' }, () => {});
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('the load succeeded');
}

describe('loadModel', () => {
  it.each([
    ['{}', /config\.json is not a decoder model config: it has no numeric "num_hidden_layers"/],
    ['null', /config\.json is not a decoder model config/],
    ['[1,2]', /config\.json is not a decoder model config/],
    ['{"model_type":"bert","hidden_size":8}', /no numeric "num_hidden_layers", "num_attention_heads", "vocab_size"/],
  ])('names config.json when it holds %s, not a missing weights file', async (config, message) => {
    const e = await loadError(config);
    expect(e.code).toBe('model-file-corrupt');
    expect(e.file).toBe('config.json');
    expect(e.message).toMatch(message);
  });

  it('stops rows on every EOS id of config.json and generation_config.json', async () => {
    const built = await buildTestModel();
    const file = join(built.root, built.id, 'generation_config.json');
    const gen = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const configEos = (await loadModel(testHost(built.root), { id: built.id, source: 'local' }, () => {})).info.eosIds;
    writeFileSync(file, JSON.stringify({ ...gen, eos_token_id: [...configEos, 7, 9] }));
    const info = (await loadModel(testHost(built.root), { id: built.id, source: 'local' }, () => {})).info;
    expect(info.eosIds).toEqual([...new Set([...configEos, 7, 9])]);
  });

  it('on a software adapter picks the CPU backend and says why; without an adapter too', async () => {
    const software: AdapterInfo = {
      vendor: 'google', architecture: 'swiftshader', description: '', shaderF16: false,
      maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 30, isFallback: true,
    };
    const host = { ...testHost(root), devices: ['webgpu', 'cpu'] as const, adapter: async () => software };
    const info = (await loadModel(host, { id, source: 'local' }, () => {})).info;
    expect(info.device).toBe('cpu');
    expect(info.notices.join('\n')).toMatch(/software renderer \(google · swiftshader\).*far slower than WASM/);
    const none = { ...host, adapter: async () => null };
    const info2 = (await loadModel(none, { id, source: 'local' }, () => {})).info;
    expect(info2.device).toBe('cpu');
    expect(info2.notices.join('\n')).toMatch(/no WebGPU adapter/);
  });

  it('counts parameters with the norms: the tiny reasoner’s own config gives its exported count', async () => {
    const info = (await loadModel(testHost(TINY_REASONER_ROOT), { id: TINY_REASONER, source: 'local' }, () => {})).info;
    const config = JSON.parse(readFileSync(join(TINY_REASONER_ROOT, TINY_REASONER, 'config.json'), 'utf8')) as Record<string, number>;
    expect(info.parameters).toBe(decoderParameters({
      layers: config['num_hidden_layers']!, hidden: config['hidden_size']!, heads: config['num_attention_heads']!,
      kvHeads: config['num_key_value_heads']!, headDim: config['head_dim']!, inter: config['intermediate_size']!,
      vocabSize: config['vocab_size']!, tied: true, qkNorm: true, qkvBias: false,
    }));
    // Qwen3-0.6B's published shape: 596,049,920 parameters (0.44 B without the tied embedding).
    expect(decoderParameters({ layers: 28, hidden: 1024, heads: 16, kvHeads: 8, headDim: 128, inter: 3072, vocabSize: 151_936, tied: true, qkNorm: true, qkvBias: false })).toBe(596_049_920);
  });
});

describe('required files', () => {
  it('include the external data chunks the config names, as transformers.js resolves them', async () => {
    const { externalDataChunks, requiredModelFiles } = await import('../../../src/core/model-layout');
    expect(requiredModelFiles('q4')).toEqual(['config.json', 'tokenizer_config.json', 'tokenizer.json', 'onnx/model_q4.onnx']);
    expect(requiredModelFiles('fp32', { 'model.onnx': 3 }).slice(3)).toEqual(['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1', 'onnx/model.onnx_data_2']);
    expect(externalDataChunks(true, 'model_q4.onnx')).toBe(1);
    expect(externalDataChunks({ model_q4: 2 }, 'model_q4.onnx')).toBe(2);
    expect(externalDataChunks({ 'model_fp16.onnx': 1 }, 'model_q4.onnx')).toBe(0);
    expect(externalDataChunks(undefined, 'model.onnx')).toBe(0);
  });
});
