import { defaultParams, METHOD_IDS, type MethodId } from '../core/methods/params';
import { Engine } from '../engine/engine';
import type { LaneRequest } from '../protocol/run';
import { applyParamOverrides, optionalInt, parseFlags, requireString, UsageError } from './args';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { compareTable, laneJson } from './report';

export const COMPARE_USAGE =
  'lab compare --model <folder-or-name> --prompt "<text>" [--methods greedy,sample,top-h,cgrs,ffs] [--seed <n>] [--max-tokens <n>] [--param method.field=value …] [--no-thinking] [--json]';

/** Method list from `--methods a,b,c`; every id must be known. */
export function parseMethods(arg: string | undefined): MethodId[] {
  const ids = (arg ?? METHOD_IDS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--methods is empty');
  for (const id of ids) {
    if (!(METHOD_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`unknown method "${id}" (known: ${METHOD_IDS.join(', ')})`);
    }
  }
  return ids as MethodId[];
}

/** Lanes with each method's defaults, `--max-tokens` and `--param` overrides (validated by the engine). */
export function buildLanes(methods: readonly MethodId[], maxTokens: number | undefined, overrides: readonly string[]): LaneRequest[] {
  const seen = new Map<string, number>();
  return methods.map((method) => {
    const params = structuredClone(defaultParams(method)) as unknown as Record<string, unknown>;
    if (maxTokens !== undefined) params['maxNewTokens'] = maxTokens;
    applyParamOverrides(params, method, overrides);
    const k = (seen.get(method) ?? 0) + 1;
    seen.set(method, k);
    return { lane: k === 1 ? method : `${method}-${k}`, params: params as unknown as LaneRequest['params'] };
  });
}

export async function compareCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const flags = parseFlags(argv, {
    model: { type: 'string' },
    prompt: { type: 'string' },
    methods: { type: 'string' },
    seed: { type: 'string' },
    'max-tokens': { type: 'string' },
    param: { type: 'string', multiple: true },
    'no-thinking': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const { root, spec } = resolveModelArg(requireString(flags, 'model'));
  const prompt = flags['prompt'];
  if (typeof prompt !== 'string') throw new UsageError('--prompt is required');
  const methods = parseMethods(flags['methods'] as string | undefined);
  const seed = optionalInt(flags, 'seed', 0, 2 ** 32 - 1) ?? 0;
  const maxTokens = optionalInt(flags, 'max-tokens', 1, 1_000_000);
  const lanes = buildLanes(methods, maxTokens, (flags['param'] as string[] | undefined) ?? []);

  const engine = new Engine(nodeHost({ modelRoot: root }));
  await engine.load(spec, () => {});
  const result = await engine.run(
    { runId: 'cli', prompt, lanes, seed, enableThinking: flags['no-thinking'] !== true },
    () => {},
  );
  await engine.unload();
  out(flags['json'] ? JSON.stringify(result.lanes.map(laneJson), null, 2) : compareTable(result.lanes));
}
