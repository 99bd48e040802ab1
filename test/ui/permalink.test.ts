import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_IDS } from '../../src/core/methods/params';
import { changedSettings } from '../../src/core/methods/setting-text';
import { decodeHash, encodeHash, type SharedSettings } from '../../src/ui/logic/permalink';
import { anyParams } from '../support/param-arbitraries';

const base: SharedSettings = {
  modelId: 'tiny-reasoner', dtype: 'auto', device: 'auto', host: '', wasmThreads: null, prompt: 'What is 12 + 30? <b>&amp;</b>', seed: 7, thinking: true,
  methods: ['greedy', 'ffs'], maxNewTokens: '', changes: {},
};

describe('encodeHash / decodeHash', () => {
  it('round-trips every setting, including form text that differs from the defaults', () => {
    const s: SharedSettings = {
      ...base, dtype: 'q4', device: 'wasm', host: 'https://models.example.org/', wasmThreads: 1, thinking: false, methods: ['sample', 'cgrs'], maxNewTokens: '64',
      changes: { sample: { 'sampling.topK': '', 'sampling.temperature': '0.8' }, cgrs: { 'cgrs.triggerWords': '["Wait", " a=b&c"]', maxNewTokens: '300' } },
    };
    const hash = encodeHash(s);
    expect(hash).toContain('sample.sampling.topK=off');
    const { settings, notices } = decodeHash(`#${hash}`);
    expect(notices).toEqual([]);
    expect(settings).toEqual(s);
  });

  it('writes settings as the CLI takes them: method.path=value', () => {
    const q = new URLSearchParams(encodeHash({ ...base, changes: { ffs: { 'ffs.n': '3' } } }));
    expect(q.get('ffs.ffs.n')).toBe('3');
    expect(q.has('max')).toBe(false);
  });

  it('ignores bad values, each with a notice, and keeps the good ones', () => {
    const q = new URLSearchParams({
      v: '9', model: '../etc/passwd', dtype: 'q3', device: 'tpu', host: 'javascript:alert(1)', seed: '-4', think: 'maybe', methods: 'greedy,beam,ffs',
      'ffs.ffs.bogus': '1', '__proto__.x': '1', 'sample.__proto__.minP': '0.5', 'top-h': '{"old":"format"}', colour: 'red', prompt: 'ok',
    });
    const { settings, notices } = decodeHash(q.toString());
    expect(settings).toEqual({ prompt: 'ok', methods: ['greedy', 'ffs'] });
    const text = notices.join('\n');
    for (const needle of ['version 9', 'model', 'dtype "q3"', 'device "tpu"', 'host "javascript:alert(1)"', 'seed "-4"', 'think "maybe"', '"beam"', '"ffs.ffs.bogus"', '"__proto__.x"', '"sample.__proto__.minP"', 'top-h settings (written by an older version', '"colour"']) {
      expect(text).toContain(needle);
    }
    expect(notices).toHaveLength(13);
    expect(({} as Record<string, unknown>)['minP']).toBeUndefined();
  });

  it('reads seeds strictly', () => {
    for (const seed of ['', ' ', '0x10', '1e3', '4294967296', '1.5']) expect(decodeHash(`seed=${encodeURIComponent(seed)}`).settings.seed, seed).toBeUndefined();
    expect(decodeHash('seed=4294967295').settings.seed).toBe(4294967295);
  });

  it('reads hub ids and rejects anything else as a model', () => {
    expect(decodeHash('model=onnx-community/Qwen3-0.6B-ONNX').settings.modelId).toBe('onnx-community/Qwen3-0.6B-ONNX');
    expect(decodeHash('model=https://evil.example/x').notices).toHaveLength(1);
    expect(decodeHash('model=other-local').settings.modelId).toBeUndefined();
  });

  it('property: valid params of any method round-trip through a link', () => {
    fc.assert(fc.property(anyParams, fc.string(), fc.integer({ min: 0, max: 0xffffffff }), (p, prompt, seed) => {
      const changes = Object.fromEntries(changedSettings(p).map(([k, v]) => [k.slice(p.method.length + 1), v === 'off' ? '' : v]));
      const s: SharedSettings = { ...base, prompt, seed, methods: [p.method], changes: Object.keys(changes).length ? { [p.method]: changes } : {} };
      const { settings, notices } = decodeHash(encodeHash(s));
      expect(notices).toEqual([]);
      expect({ ...base, changes: {}, ...settings }).toEqual(s);
    }), { numRuns: 300 });
  });

  it('property: any hash decodes to settings and notices, never an exception', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...METHOD_IDS.map((m) => `${m}.sampling.topP`), '__proto__', 'constructor', 'max', 'seed')), fc.string()).map((d) => new URLSearchParams(d).toString())), (hash) => {
      const { notices } = decodeHash(hash);
      expect(Array.isArray(notices)).toBe(true);
    }), { numRuns: 500 });
    expect(({} as Record<string, unknown>)['topP']).toBeUndefined();
  });
});
