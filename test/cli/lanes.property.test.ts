/** Property tests over the CLI's --methods / --max-tokens / --param parsing (src/cli/lanes.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METHOD_IDS, METHOD_IDS } from '../../src/core/methods/params';
import { changedSettings } from '../../src/core/methods/setting-text';
import { validationIssues } from '../../src/core/methods/validate';
import { UsageError } from '../../src/cli/args';
import { buildLanes, parseMethods } from '../../src/cli/lanes';
import { anyParams, hostileKey } from '../support/param-arbitraries';

const key = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom(...METHOD_IDS, 'foo', '__proto__', 'topH'), fc.array(fc.oneof(hostileKey, fc.constantFrom('sampling', 'topP', 'topH', 'alpha', 'cgrs', 'delta', 'ffs', 'n', 'maxNewTokens')), { maxLength: 3 }))
    .map(([m, ks]) => [m, ...ks].join('.')),
);

describe('CLI parameter parsing', () => {
  it('random --param values either give valid lanes or a UsageError; nothing else, no prototype touched', () => {
    fc.assert(fc.property(fc.subarray([...METHOD_IDS], { minLength: 1 }), fc.option(fc.integer({ min: -5, max: 40_000 }), { nil: undefined }), fc.array(fc.tuple(key, fc.string()), { maxLength: 4 }),
      (methods, max, params) => {
        try {
          const lanes = buildLanes(methods, max, params.map(([k, v]) => `${k}=${v}`));
          for (const l of lanes) expect(validationIssues(l.params)).toEqual([]);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as Error).message.split('\n')).toHaveLength(1);
        }
      }), { numRuns: 800 });
    expect(({} as Record<string, unknown>)['minP']).toBeUndefined();
    expect(({} as Record<string, unknown>)['temperature']).toBeUndefined();
  });

  it('valid params round-trip through --param text (parse ∘ print = identity)', () => {
    fc.assert(fc.property(anyParams, (p) => {
      const overrides = changedSettings(p).filter(([k]) => k !== `${p.method}.maxNewTokens`).map(([k, v]) => `${k}=${v}`);
      const [lane] = buildLanes([p.method], p.maxNewTokens, overrides);
      expect(lane!.params).toEqual(JSON.parse(JSON.stringify(p)));
      expect(lane!.fitToContext).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('--methods: unknown or repeated ids are usage errors', () => {
    expect(() => parseMethods('greedy,greedy')).toThrow(/twice/);
    expect(() => parseMethods('__proto__')).toThrow(/unknown method/);
    expect(parseMethods(undefined)).toEqual([...DEFAULT_METHOD_IDS]);
    expect(parseMethods(METHOD_IDS.join(","))).toEqual([...METHOD_IDS]);
  });
});
