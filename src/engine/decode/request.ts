import type { DecodingParams } from '../../core/methods/params';
import { ParamError, validateDecodingParams } from '../../core/methods/validate';
import { EngineError } from '../../protocol/errors';
import type { FittedBudget, RunRequest } from '../../protocol/run';
import { DEFAULT_FLUSH_MS } from './emitter';
import type { LoadedModel } from '../model/load-model';

export interface CheckedLane {
  readonly lane: string;
  readonly params: DecodingParams;
  readonly fitToContext: boolean;
  readonly fitted?: FittedBudget;
}

/** A run request after every check that needs no model work. */
export interface CheckedRun {
  readonly runId: string;
  readonly prompt: string;
  readonly lanes: readonly CheckedLane[];
  readonly seed: number;
  readonly enableThinking: boolean;
  readonly systemPrompt: string | undefined;
  readonly flushMs: number;
  readonly kvCopy: 'gpu' | 'cpu';
  readonly tokenStats: boolean;
}

const MAX_SEED = 2 ** 53;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkLane(raw: unknown, index: number, seen: Set<string>, model: LoadedModel): CheckedLane {
  if (!isObject(raw)) throw new EngineError('bad-input', `lanes[${index}] must be an object { lane, params }`);
  const lane = raw['lane'];
  if (typeof lane !== 'string' || lane.trim() === '') throw new EngineError('bad-input', `lanes[${index}].lane must be a non-empty name`);
  if (seen.has(lane)) throw new EngineError('bad-input', `Lane name "${lane}" is used twice; lane names must be unique`);
  seen.add(lane);
  let params: DecodingParams;
  try {
    params = validateDecodingParams(raw['params']);
  } catch (e) {
    if (e instanceof ParamError) throw new EngineError('invalid-params', `Lane "${lane}": ${e.message}`);
    throw e;
  }
  const info = model.info;
  if (params.method === 'cgrs' && (info.thinkEndId === null || info.eosIds.length === 0)) {
    throw new EngineError('invalid-params', `Lane "${lane}": CGRS needs a model with a </think> token and an EOS id; ${info.id} lacks them`);
  }
  if ((params.method === 'ffs' || params.method === 'vote') && info.eosIds.length === 0) {
    throw new EngineError('invalid-params', `Lane "${lane}": ${params.method === 'ffs' ? 'FFS' : 'vote'} needs an EOS id to see a row finish; ${info.id} has none`);
  }
  if ((params.method === 'budget' || params.method === 'nowait') && info.thinkEndId === null) {
    const what = params.method === 'budget' ? 'budget forcing closes the thinking with </think>' : 'NoWait masks triggers while the model thinks';
    throw new EngineError('invalid-params', `Lane "${lane}": ${what}, and ${info.id} has no </think> token`);
  }
  const fit = raw['fitToContext'];
  if (fit !== undefined && typeof fit !== 'boolean') throw new EngineError('bad-input', `Lane "${lane}": fitToContext must be true or false`);
  return { lane, params, fitToContext: fit === true };
}

/**
 * Checks a run request before any model work: prompt, lanes, parameters (core validation), seed
 * and options. Throws EngineError with 'empty-prompt', 'invalid-params' or 'bad-input'.
 */
export function checkRunRequest(req: RunRequest, model: LoadedModel): CheckedRun {
  if (!isObject(req)) throw new EngineError('bad-input', 'The run request must be an object');
  if (typeof req.runId !== 'string' || req.runId === '') throw new EngineError('bad-input', 'runId must be a non-empty string');
  if (typeof req.prompt !== 'string') throw new EngineError('empty-prompt', 'The prompt is missing');
  if (req.prompt.trim() === '') throw new EngineError('empty-prompt', 'The prompt is empty (only whitespace); type a question');
  if (!Array.isArray(req.lanes) || req.lanes.length === 0) throw new EngineError('bad-input', 'A run needs at least one lane');
  const seen = new Set<string>();
  const lanes = req.lanes.map((l, i) => checkLane(l, i, seen, model));
  if (!Number.isInteger(req.seed) || req.seed < 0 || req.seed >= MAX_SEED) {
    throw new EngineError('invalid-params', `seed must be an integer in [0, 2^53); got ${String(req.seed)}`);
  }
  const flushMs = req.flushMs ?? DEFAULT_FLUSH_MS;
  if (typeof flushMs !== 'number' || !Number.isFinite(flushMs) || flushMs < 0) {
    throw new EngineError('bad-input', `flushMs must be a number ≥ 0; got ${String(req.flushMs)}`);
  }
  if (req.enableThinking !== undefined && typeof req.enableThinking !== 'boolean') {
    throw new EngineError('bad-input', 'enableThinking must be true or false');
  }
  if (req.kvCopy !== undefined && req.kvCopy !== 'gpu' && req.kvCopy !== 'cpu') throw new EngineError('bad-input', "kvCopy must be 'gpu' or 'cpu'");
  if (req.tokenStats !== undefined && typeof req.tokenStats !== 'boolean') throw new EngineError('bad-input', 'tokenStats must be true or false');
  if (req.systemPrompt !== undefined && typeof req.systemPrompt !== 'string') {
    throw new EngineError('bad-input', 'systemPrompt must be a string');
  }
  return {
    runId: req.runId,
    prompt: req.prompt,
    lanes,
    seed: req.seed,
    enableThinking: req.enableThinking ?? true,
    systemPrompt: req.systemPrompt,
    flushMs,
    kvCopy: req.kvCopy ?? 'gpu',
    tokenStats: req.tokenStats ?? false,
  };
}

/** Positions a CGRS lane keeps free beyond its trace: one probe's suffix and tokens (0 for other methods). */
export function probeReserve(params: DecodingParams, suffixTokens: (text: string) => number): number {
  return params.method === 'cgrs' ? suffixTokens(params.cgrs.probeSuffix) + params.cgrs.probeMaxTokens : 0;
}

/**
 * Checks every lane against the model's context (prompt + new tokens + a CGRS probe) and returns the
 * lanes to run: a `fitToContext` lane's maxNewTokens is lowered to what fits, and says so; any other lane
 * that does not fit is refused with 'prompt-too-long', naming the most that fits.
 */
export function fitLanes(run: CheckedRun, promptTokens: number, model: LoadedModel): CheckedLane[] {
  const context = model.info.contextLength;
  return run.lanes.map((l) => {
    const reserved = probeReserve(l.params, (t) => model.tokenizer.encode(t).length);
    const room = context - promptTokens - reserved;
    if (l.params.maxNewTokens <= room) return l;
    const probe = reserved > 0 ? ` and one CGRS probe (${reserved})` : '';
    if (room < 1) {
      throw new EngineError('prompt-too-long', `Lane "${l.lane}": the prompt (${promptTokens} tokens)${probe} leaves no room in the model's context of ${context} tokens; shorten the prompt`);
    }
    if (!l.fitToContext) {
      throw new EngineError(
        'prompt-too-long',
        `Lane "${l.lane}": the prompt (${promptTokens} tokens) plus ${l.params.maxNewTokens} new tokens${probe} exceed the model's context of ${context}; at most ${room} new tokens fit (lower max new tokens, or shorten the prompt)`,
      );
    }
    const fitted: FittedBudget = { requested: l.params.maxNewTokens, granted: room, contextLength: context, promptTokens, reserved };
    return { ...l, params: { ...l.params, maxNewTokens: room }, fitted };
  });
}
