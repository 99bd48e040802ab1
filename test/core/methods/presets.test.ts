import { describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS } from '../../../src/core/methods/params';
import { findPreset, PRESETS, presetParams, presetsFor, withOverrides } from '../../../src/core/methods/presets';
import { validationIssues } from '../../../src/core/methods/validate';

describe('PRESETS', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is valid, documented and changes something', (_id, preset) => {
    const params = presetParams(preset.id);
    expect(validationIssues(params)).toEqual([]);
    expect(params.method).toBe(preset.method);
    expect(JSON.stringify(params)).not.toBe(JSON.stringify(defaultParams(preset.method)));
    expect(preset.description.length).toBeGreaterThan(10);
    expect(preset.paperUrl).toMatch(/^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}$/);
  });

  it('has unique ids, and every one is reachable from its method’s menu', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    const reachable = METHOD_IDS.flatMap((m) => presetsFor(m).map((p) => p.id));
    expect(reachable.sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  it('offers no preset equal to the defaults: greedy and sampling have no paper preset', () => {
    expect(presetsFor('greedy')).toEqual([]);
    expect(presetsFor('sample').some((p) => p.id === 'sample-paper')).toBe(false);
    expect(findPreset('top-h-paper')).toBeUndefined();
  });

  it('reproduces the papers’ settings where they differ from ours', () => {
    expect(presetParams('cgrs-paper')).toMatchObject({
      method: 'cgrs', maxNewTokens: 16_384, sampling: { temperature: 0.6, topP: 0.95 }, cgrs: { delta: 0.9, thinkRatio: 0.6 },
    });
    expect(presetParams('ffs-paper')).toMatchObject({ method: 'ffs', maxNewTokens: 32_768, sampling: { temperature: 0.6, topP: 0.95 }, ffs: { n: 4, k: 1 } });
    expect(presetParams('top-h-reference')).toMatchObject({ sampling: { temperature: 1, topH: { alpha: 0.4, mode: 'reference', topN: 100 } } });
  });

  it('has the Top-H high-temperature grid: T ∈ {1, 1.5, 2} × {min-p 0.1, top-p 0.9, Top-H 0.4} (T 1 Top-H is the default)', () => {
    for (const t of ['1.0', '1.5', '2.0']) {
      const temperature = Number(t);
      expect(presetParams(`high-temp-t${t}-min-p`)).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { temperature, minP: 0.1 } });
      expect(presetParams(`high-temp-t${t}-top-p`)).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { temperature, topP: 0.9 } });
      if (t !== '1.0') expect(presetParams(`high-temp-t${t}-top-h`)).toMatchObject({ method: 'top-h', sampling: { temperature, topH: { alpha: 0.4, mode: 'paper' } } });
    }
    expect(findPreset('high-temp-t1.0-top-h')).toBeUndefined();
  });

  it('gives a fresh copy every time, and rejects an unknown id or path', () => {
    const copy = presetParams('cgrs-paper');
    if (copy.method !== 'cgrs') throw new Error('wrong method');
    copy.cgrs.delta = 0.5;
    expect(presetParams('cgrs-paper')).toMatchObject({ cgrs: { delta: 0.9 } });
    expect(() => presetParams('nope')).toThrow(/unknown preset 'nope'.*cgrs-paper/);
    expect(() => withOverrides('sample', { 'sampling.topH.alpha': 0.4 })).toThrow(/not a setting of method 'sample'/);
  });
});
