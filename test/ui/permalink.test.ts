import { describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS } from '../../src/core/methods/params';
import { presetParams } from '../../src/core/methods/presets';
import { decodeHash, diffJson, encodeHash, mergeJson, type SharedSettings } from '../../src/ui/logic/permalink';

const base: SharedSettings = {
  modelId: 'tiny-reasoner', dtype: 'auto', prompt: 'What is 12 + 30? <b>&amp;</b>', seed: 7, thinking: true,
  methods: ['greedy', 'ffs'], params: {},
};

describe('diffJson / mergeJson', () => {
  it('round-trips changes, additions and removals', () => {
    const a = { x: 1, s: { t: 0.6, k: 20, p: 0.95 }, w: ['a', 'b'] };
    const b = { x: 2, s: { t: 0.6, p: 0.9, m: 0.1 }, w: ['a'] };
    const d = diffJson(a, b);
    expect(d).toEqual({ x: 2, s: { k: null, p: 0.9, m: 0.1 }, w: ['a'] });
    expect(mergeJson(a, d)).toEqual(b);
    expect(diffJson(a, structuredClone(a))).toBeUndefined();
  });
});

describe('encodeHash / decodeHash', () => {
  it('round-trips every setting, including params that differ from the defaults', () => {
    const sample = { ...defaultParams('sample'), maxNewTokens: 64, sampling: { temperature: 0.8, minP: 0.05 } };
    const s: SharedSettings = { ...base, dtype: 'q4', thinking: false, methods: ['sample', 'cgrs'], params: { sample, cgrs: presetParams('cgrs-paper'), greedy: defaultParams('greedy') } };
    const hash = encodeHash(s);
    expect(hash).not.toContain('greedy=');
    const { settings, notices } = decodeHash(`#${hash}`);
    expect(notices).toEqual([]);
    expect(settings).toEqual({
      modelId: 'tiny-reasoner', dtype: 'q4', prompt: base.prompt, seed: 7, thinking: false, methods: ['sample', 'cgrs'],
      params: { sample, cgrs: presetParams('cgrs-paper') },
    });
  });

  it('encodes a removed default filter as null so it stays off', () => {
    const sample = { method: 'sample' as const, maxNewTokens: 2048, sampling: { temperature: 0.6, topP: 0.95 } };
    const q = new URLSearchParams(encodeHash({ ...base, params: { sample } }));
    expect(JSON.parse(q.get('sample')!)).toEqual({ sampling: { topK: null } });
    expect(decodeHash(encodeHash({ ...base, params: { sample } })).settings.params?.sample).toEqual(sample);
  });

  it('leaves out methods whose form is invalid', () => {
    const hash = encodeHash({ ...base, params: { ffs: null } });
    expect(new URLSearchParams(hash).has('ffs')).toBe(false);
  });

  it('accepts a hand-written partial diff, merged over the defaults', () => {
    const { settings } = decodeHash('#methods=ffs&ffs=' + encodeURIComponent('{"maxNewTokens":24,"ffs":{"n":3}}'));
    expect(settings.params?.ffs).toEqual({ ...defaultParams('ffs'), maxNewTokens: 24, ffs: { ...defaultParams('ffs').ffs, n: 3 } });
  });

  it('ignores bad values, each with a notice, and keeps the good ones', () => {
    const q = new URLSearchParams({
      v: '9', model: '../etc/passwd', dtype: 'q3', seed: '-4', think: 'maybe', methods: 'greedy,beam,ffs',
      ffs: '{"ffs":{"n":0}}', 'top-h': 'not json', sample: '[1]', cgrs: '{"sampling":{"temperature":0.6,"topH":{"alpha":0.4,"mode":"paper"}}}',
      prompt: 'ok',
    });
    const { settings, notices } = decodeHash(q.toString());
    expect(settings).toEqual({ prompt: 'ok', methods: ['greedy', 'ffs'] });
    const text = notices.join('\n');
    for (const needle of ['version 9', 'model', 'dtype "q3"', 'seed "-4"', 'think "maybe"', '"beam"', 'ffs settings: ffs.n', 'top-h settings (not valid JSON)', 'sample settings (expected a JSON object)', 'cgrs settings (they use a setting']) {
      expect(text).toContain(needle);
    }
    expect(notices).toHaveLength(10);
  });

  it('reads hub ids and rejects anything else as a model', () => {
    expect(decodeHash('model=onnx-community/Qwen3-0.6B-ONNX').settings.modelId).toBe('onnx-community/Qwen3-0.6B-ONNX');
    expect(decodeHash('model=https://evil.example/x').notices).toHaveLength(1);
    expect(decodeHash('model=other-local').settings.modelId).toBeUndefined();
  });

  it('produces a hash every method id can appear in', () => {
    const params = Object.fromEntries(METHOD_IDS.map((m) => [m, { ...defaultParams(m), maxNewTokens: 10 }]));
    const { settings, notices } = decodeHash(encodeHash({ ...base, methods: METHOD_IDS, params }));
    expect(notices).toEqual([]);
    expect(Object.keys(settings.params!)).toEqual([...METHOD_IDS]);
  });
});

describe('max shorthand and unknown keys', () => {
  it('max sets every method’s token budget, under the per-method diffs', () => {
    const { settings, notices } = decodeHash('#max=24&methods=greedy&ffs=' + encodeURIComponent('{"maxNewTokens":30}'));
    expect(notices).toEqual([]);
    expect(settings.params?.greedy).toEqual({ method: 'greedy', maxNewTokens: 24 });
    expect(settings.params?.ffs?.maxNewTokens).toBe(30);
    expect(settings.params?.cgrs?.maxNewTokens).toBe(24);
  });

  it('rejects a bad max and names unknown keys', () => {
    const { settings, notices } = decodeHash('#max=0&colour=red');
    expect(settings.params).toBeUndefined();
    expect(notices).toEqual(['Link: ignored max "0" (an integer in [1, 32768])', 'Link: ignored unknown setting(s) "colour"']);
  });
});
