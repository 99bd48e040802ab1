import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/methods/params';
import { applySettingText, changedSettings, resolveSetting, SettingError } from '../../../src/core/methods/setting-text';
import { validationIssues } from '../../../src/core/methods/validate';

function apply(key: string, text: string, base = defaultParams(resolveSetting(key).method) as unknown as Record<string, unknown>) {
  applySettingText(base, resolveSetting(key), text);
  return base;
}

describe('resolveSetting', () => {
  it('resolves a method then a schema path', () => {
    expect(resolveSetting('cgrs.cgrs.delta')).toMatchObject({ method: 'cgrs', field: { path: 'cgrs.delta' } });
    expect(resolveSetting('top-h.sampling.topH.alpha')).toMatchObject({ method: 'top-h', field: { path: 'sampling.topH.alpha' } });
  });

  it.each([
    ['foo.bar', /names no method/],
    ['__proto__.temperature', /names no method/],
    ['sample.__proto__.minP', /not a setting of method 'sample'/],
    ['sample.sampling.__proto__', /not a setting of method 'sample'/],
    ['sample.constructor', /not a setting/],
    ['topH.alpha', /names no method/],
    ['sample.sampling.topH.alpha', /not a setting of method 'sample'/],
    ['greedy.sampling.temperature', /not a setting of method 'greedy'/],
    ['ffs', /names no setting/],
    ['ffs.', /names no setting/],
  ])('refuses %s', (key, why) => {
    expect(() => resolveSetting(key)).toThrow(SettingError);
    expect(() => resolveSetting(key)).toThrow(why);
    expect(({} as Record<string, unknown>)['minP']).toBeUndefined();
  });
});

describe('applySettingText', () => {
  it('parses numbers strictly (decimal, finite)', () => {
    expect(apply('sample.sampling.temperature', '0.7')).toMatchObject({ sampling: { temperature: 0.7 } });
    expect(apply('sample.sampling.temperature', '1e-1')).toMatchObject({ sampling: { temperature: 0.1 } });
    for (const bad of ['0x10', '', ' ', 'abc', '1e999', 'Infinity', '1,5']) {
      if (bad.trim() === '') continue; // empty switches an optional setting off: temperature is required
      expect(() => apply('sample.sampling.temperature', bad), bad).toThrow(/must be a number/);
    }
    expect(() => apply('sample.sampling.temperature', '')).toThrow(/cannot be switched off/);
  });

  it('switches optional settings off with "off" or nothing', () => {
    expect(apply('sample.sampling.topK', 'off')).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { temperature: 0.6, topP: 0.95 } });
    expect(apply('sample.sampling.topP', '')).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { temperature: 0.6, topK: 20 } });
  });

  it('switches an optional group on with its defaults, and off by its key', () => {
    const on = apply('cgrs.sampling.topH.alpha', '0.5');
    expect(on).toMatchObject({ sampling: { topH: { alpha: 0.5, mode: 'paper' } } });
    expect(validationIssues(on)).toEqual([]);
    applySettingText(on, resolveSetting('cgrs.sampling.topH.alpha'), 'off');
    expect(on).toEqual(defaultParams('cgrs'));
  });

  it('reads booleans, enums and word lists', () => {
    expect(apply('ffs.ffs.requireAnswer', 'true')).toMatchObject({ ffs: { requireAnswer: true } });
    expect(() => apply('ffs.ffs.requireAnswer', 'yes')).toThrow(/true or false/);
    expect(apply('cgrs.cgrs.triggerWords', '["Wait"," Hmm"]')).toMatchObject({ cgrs: { triggerWords: ['Wait', ' Hmm'] } });
    expect(() => apply('cgrs.cgrs.triggerWords', '[oops')).toThrow(/JSON list/);
  });

  it('round-trips through changedSettings', () => {
    const p = apply('cgrs.sampling.topK', '7');
    applySettingText(p, resolveSetting('cgrs.cgrs.triggerWords'), '["a, b", "x=y"]');
    applySettingText(p, resolveSetting('cgrs.sampling.topP'), 'off');
    const back = defaultParams('cgrs') as unknown as Record<string, unknown>;
    for (const [key, text] of changedSettings(p as never)) applySettingText(back, resolveSetting(key), text);
    expect(back).toEqual(p);
  });
});
