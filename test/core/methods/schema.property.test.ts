/** Property tests over the one parameter schema: validation, setting text and presets never leak, throw or drift. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS } from '../../../src/core/methods/params';
import { applySettingText, changedSettings, resolveSetting, SettingError } from '../../../src/core/methods/setting-text';
import { validateDecodingParams, validationIssues } from '../../../src/core/methods/validate';
import { anyParams, hostileKey, hostileObject } from '../../support/param-arbitraries';

const pristine = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

describe('schema properties', () => {
  it('every method’s defaults are valid', () => {
    for (const m of METHOD_IDS) expect(validationIssues(defaultParams(m))).toEqual([]);
  });

  it('valid params round-trip: printed as settings text and applied to the defaults, they come back equal', () => {
    fc.assert(fc.property(anyParams, (p) => {
      const back = defaultParams(p.method) as unknown as Record<string, unknown>;
      for (const [key, text] of changedSettings(p)) applySettingText(back, resolveSetting(key), text);
      expect(back).toEqual(JSON.parse(JSON.stringify(p)));
      expect(validateDecodingParams(p)).toEqual(p);
    }), { numRuns: 400 });
  });

  it('validation of anything returns issues and never throws or touches a prototype', () => {
    const before = pristine();
    fc.assert(fc.property(hostileObject, fc.constantFrom(...METHOD_IDS, 'beam'), (obj, method) => {
      const candidate = typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? { ...obj, method } : obj;
      const issues = validationIssues(candidate);
      expect(Array.isArray(issues)).toBe(true);
      for (const i of issues) expect(i.message).toBe(`${i.field} ${i.problem}`);
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), (v) => void validationIssues(JSON.parse(JSON.stringify({ method: 'sample', maxNewTokens: 5, sampling: { temperature: 1, __proto__x: v } })))));
    expect(pristine()).toBe(before);
    expect(({} as Record<string, unknown>)['minP']).toBeUndefined();
  });

  it('settings text: random keys and values throw only SettingError, and never pollute', () => {
    fc.assert(fc.property(
      fc.oneof(fc.string(), fc.tuple(fc.constantFrom(...METHOD_IDS), fc.array(fc.oneof(hostileKey, fc.constantFrom('sampling', 'topH', 'alpha', 'cgrs', 'delta', 'ffs', 'n')), { maxLength: 4 })).map(([m, ks]) => [m, ...ks].join('.'))),
      fc.string(),
      (key, text) => {
        try {
          const ref = resolveSetting(key);
          const params = defaultParams(ref.method) as unknown as Record<string, unknown>;
          applySettingText(params, ref, text);
        } catch (e) {
          expect(e).toBeInstanceOf(SettingError);
        }
      },
    ), { numRuns: 1000 });
    expect(({} as Record<string, unknown>)['minP']).toBeUndefined();
    expect(({} as Record<string, unknown>)['temperature']).toBeUndefined();
  });
});
