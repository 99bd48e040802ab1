import { MAX_NEW_TOKENS_CAP } from '../core/methods/params';
import { Engine } from '../engine/engine';
import { optionalInt, parseFlags, requireString, seedFlag, UsageError } from './args';
import { buildLanes, parseMethods } from './lanes';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { compareTable, laneJson } from './report';

export const COMPARE_USAGE =
  'lab compare --model <folder-or-name> [--dtype fp32|q4|fp16|q4f16] --prompt "<text>" [--methods greedy,sample,top-h,cgrs,ffs|vote|budget|nowait] [--seed <n>] [--max-tokens <n>] [--param method.field=value …] [--no-thinking] [--token-stats] [--json]';

export async function compareCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const flags = parseFlags(argv, {
    model: { type: 'string' },
    dtype: { type: 'string' },
    prompt: { type: 'string' },
    methods: { type: 'string' },
    seed: { type: 'string' },
    'max-tokens': { type: 'string' },
    param: { type: 'string', multiple: true },
    'no-thinking': { type: 'boolean' },
    json: { type: 'boolean' },
    'token-stats': { type: 'boolean' },
  });
  const { root, spec } = resolveModelArg(requireString(flags, 'model'), flags['dtype'] as string | undefined);
  const prompt = flags['prompt'];
  if (typeof prompt !== 'string') throw new UsageError('--prompt is required');
  if (prompt.trim() === '') throw new UsageError('--prompt is empty; give a question, e.g. --prompt "What is 47 + 38?"');
  const methods = parseMethods(flags['methods'] as string | undefined);
  const seed = seedFlag(flags);
  const maxTokens = optionalInt(flags, 'max-tokens', 1, MAX_NEW_TOKENS_CAP);
  const lanes = buildLanes(methods, maxTokens, (flags['param'] as string[] | undefined) ?? []);

  const engine = new Engine(nodeHost({ modelRoot: root }));
  await engine.load(spec, () => {});
  const result = await engine.run(
    { runId: 'cli', prompt, lanes, seed, enableThinking: flags['no-thinking'] !== true, tokenStats: flags['token-stats'] === true },
    () => {},
  );
  await engine.unload();
  out(flags['json'] ? JSON.stringify(result.lanes.map(laneJson), null, 2) : compareTable(result.lanes));
}
