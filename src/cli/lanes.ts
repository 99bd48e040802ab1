/**
 * `--methods`, `--max-tokens` and `--param` → the run's lanes. Every `--param method.path=value` is
 * resolved against core's schema (src/core/methods/setting-text.ts) before anything is set, so an unknown
 * method or setting, `__proto__`, or a setting of a method that is not being run is an error, never a
 * silent default; every message names the flag the user typed.
 */
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_METHOD_IDS, defaultParams, METHOD_IDS, type DecodingParams, type MethodId } from '../core/methods/params';
import { applySettingText, resolveSetting, SettingError, type SettingRef } from '../core/methods/setting-text';
import { validationIssues } from '../core/methods/validate';
import type { LaneRequest } from '../protocol/run';
import { UsageError } from './args';

/** Method list from `--methods a,b,c` (default: the five the page ticks); every id must be known, none twice. */
export function parseMethods(arg: string | undefined): MethodId[] {
  const ids = (arg ?? DEFAULT_METHOD_IDS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--methods is empty');
  const seen = new Set<string>();
  for (const id of ids) {
    if (!(METHOD_IDS as readonly string[]).includes(id)) throw new UsageError(`--methods: unknown method "${id}" (known: ${METHOD_IDS.join(', ')})`);
    if (seen.has(id)) throw new UsageError(`--methods names "${id}" twice`);
    seen.add(id);
  }
  return ids as MethodId[];
}

interface Override {
  readonly text: string;
  readonly ref: SettingRef;
  readonly value: string;
}

function parseOverride(o: string, methods: readonly MethodId[]): Override {
  const eq = o.indexOf('=');
  if (eq < 0) throw new UsageError(`--param "${o}" must look like method.setting=value, e.g. cgrs.cgrs.delta=0.8`);
  const key = o.slice(0, eq).trim();
  let ref: SettingRef;
  try {
    ref = resolveSetting(key);
  } catch (e) {
    if (e instanceof SettingError) throw new UsageError(`--param ${e.message}`);
    throw e;
  }
  if (!methods.includes(ref.method)) {
    throw new UsageError(`--param ${key}: method '${ref.method}' is not being run (--methods ${methods.join(',')}); add it or drop the --param`);
  }
  return { text: o, ref, value: o.slice(eq + 1) };
}

/**
 * Lanes with each method's defaults, then `--max-tokens` (all lanes), then `--param` overrides in order.
 * Without `--max-tokens` (and no method's own maxNewTokens) a lane asks the engine to fit its default
 * max new tokens to the model's context.
 */
export function buildLanes(methods: readonly MethodId[], maxTokens: number | undefined, overrides: readonly string[]): LaneRequest[] {
  const parsed = overrides.map((o) => parseOverride(o, methods));
  return methods.map((method) => {
    const params = defaultParams(method) as unknown as Record<string, unknown>;
    params['maxNewTokens'] = maxTokens ?? DEFAULT_MAX_NEW_TOKENS;
    const own = parsed.filter((o) => o.ref.method === method);
    const flagOf = new Map<string, string>([['maxNewTokens', '--max-tokens']]);
    for (const o of own) {
      flagOf.set(o.ref.field.path, `--param ${method}.${o.ref.field.path}`);
      try {
        applySettingText(params, o.ref, o.value);
      } catch (e) {
        if (e instanceof SettingError) throw new UsageError(`--param ${method}.${o.ref.field.path} ${e.problem}`);
        throw e;
      }
    }
    const problem = validationIssues(params)[0];
    if (problem) {
      const flag = flagOf.get(problem.field) ?? `--param ${method}.${problem.field}`;
      throw new UsageError(`${flag} ${problem.problem}`);
    }
    const fit = maxTokens === undefined && !own.some((o) => o.ref.field.path === 'maxNewTokens');
    return { lane: method, params: params as unknown as DecodingParams, ...(fit ? { fitToContext: true } : {}) };
  });
}
