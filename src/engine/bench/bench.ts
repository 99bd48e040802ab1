/**
 * Throughput sweep: prefill tok/s over context lengths and decode tok/s over (context, batch), straight on
 * the runtime's `forward` with a KV cache of the requested length (no sampling, no tokenizer work).
 *
 * Per context L (batch 1 prefill of L synthetic tokens):
 * - 1 untimed warm-up prefill, then `prefillRepeats` timed prefills; the median gives prefill tok/s.
 * - The last prefill's cache is copied to n rows (gatherKvRows, untimed) for each batch n; then
 *   `warmupSteps` untimed decode steps and `decodeSteps` timed ones; the median ms/step gives
 *   decode tok/s = n / step time (aggregate over rows) and per-row tok/s = 1 / step time.
 * A context whose cache plus the decode steps would not fit the model's context window is skipped with a
 * message. Every KV tensor is disposed; the model is unloaded at the end.
 */
import { defaultBenchContexts } from '../../core/bench-contexts';
import { EngineError } from '../../protocol/errors';
import type { BenchReport, BenchRequest, DecodeMeasure, PrefillMeasure } from '../../protocol/bench';
import type { ModelSpec } from '../../protocol/model';
import type { EngineHost } from '../host';
import { loadModel, type LoadedModel } from '../model/load-model';
import { forward } from '../runtime/forward';
import { disposeKv, gatherKvRows, type KvCache } from '../runtime/kv-cache';
import { disposeModel } from '../runtime/setup';

export type { BenchReport } from '../../protocol/bench';

export interface BenchOptions extends BenchRequest {
  readonly onProgress?: (message: string) => void;
  /** Checked between measurements: a cancelled sweep returns what it measured. */
  readonly isCancelled?: () => boolean;
}

export const DEFAULT_BENCH_BATCHES: readonly number[] = [1, 2, 4, 8];
export const MAX_BENCH_BATCH = 64;

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Splits requested contexts into those that fit `contextLength` with `extraSteps` decode steps and the rest. */
export function fitContexts(
  requested: readonly number[],
  contextLength: number,
  extraSteps: number,
): { kept: number[]; skipped: { context: number; reason: string }[] } {
  const usable = contextLength - extraSteps;
  const kept: number[] = [];
  const skipped: { context: number; reason: string }[] = [];
  for (const c of requested) {
    if (c <= usable) kept.push(c);
    else {
      skipped.push({
        context: c,
        reason: `context ${c} is beyond the model's context window of ${contextLength} positions (at most ${usable} here, leaving room for ${extraSteps} decode steps)`,
      });
    }
  }
  return { kept, skipped };
}

/** Deterministic ordinary-token ids (attention cost does not depend on the values). */
function syntheticIds(count: number, tokenizerSize: number): number[] {
  const span = Math.max(1, Math.min(tokenizerSize, 256));
  return Array.from({ length: count }, (_, j) => (j * 31 + 7) % span);
}

function checkOptions(o: BenchOptions): { decodeSteps: number; warmupSteps: number; prefillRepeats: number } {
  const int = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new EngineError('bad-input', `${name} must be an integer in [${min}, ${max}], got ${v}`);
    return v;
  };
  if (o.contexts !== undefined && o.contexts.length === 0) throw new EngineError('bad-input', 'No context lengths to measure');
  if (o.batches.length === 0) throw new EngineError('bad-input', 'No batch sizes to measure');
  for (const c of o.contexts ?? []) int('context', c, 1, 1 << 20);
  for (const b of o.batches) int('batch', b, 1, MAX_BENCH_BATCH);
  return {
    decodeSteps: int('decodeSteps', o.decodeSteps ?? 16, 1, 1000),
    warmupSteps: int('warmupSteps', o.warmupSteps ?? 3, 0, 100),
    prefillRepeats: int('prefillRepeats', o.prefillRepeats ?? 3, 1, 100),
  };
}

async function timedForward(host: EngineHost, m: LoadedModel, ids: number[][], past: KvCache | null, pastLength: number) {
  const mask = ids.map((row) => new Array<number>(pastLength + row.length).fill(1));
  const t0 = host.now();
  const out = await forward(m.model, { ids, mask, past });
  return { ms: host.now() - t0, present: out.present };
}

/** Prefill measurements at `context`; returns the last prefill's cache (the caller disposes it). */
async function measurePrefill(host: EngineHost, m: LoadedModel, context: number, repeats: number): Promise<{ measure: PrefillMeasure; cache: KvCache }> {
  const ids = [syntheticIds(context, m.info.tokenizerSize)];
  disposeKv((await timedForward(host, m, ids, null, 0)).present); // warm-up
  const times: number[] = [];
  let cache: KvCache | null = null;
  for (let r = 0; r < repeats; r++) {
    const run = await timedForward(host, m, ids, null, 0);
    disposeKv(cache);
    cache = run.present;
    times.push(run.ms);
  }
  const ms = median(times);
  return { measure: { context, ms, tokensPerSecond: (context * 1000) / ms }, cache: cache! };
}

async function measureDecode(
  host: EngineHost,
  m: LoadedModel,
  base: KvCache,
  context: number,
  batch: number,
  s: { decodeSteps: number; warmupSteps: number },
): Promise<DecodeMeasure> {
  let past: KvCache | null = await gatherKvRows(base, new Array<number>(batch).fill(0));
  const times: number[] = [];
  try {
    for (let step = 0; step < s.warmupSteps + s.decodeSteps; step++) {
      const ids = Array.from({ length: batch }, (_, r) => [(step * 13 + r * 5 + 11) % Math.max(1, Math.min(m.info.tokenizerSize, 256))]);
      const run = await timedForward(host, m, ids, past, context + step);
      disposeKv(past);
      past = run.present;
      if (step >= s.warmupSteps) times.push(run.ms);
    }
  } finally {
    disposeKv(past);
  }
  const msPerStep = median(times);
  return { context, batch, msPerStep, tokensPerSecond: (batch * 1000) / msPerStep, perRowTokensPerSecond: 1000 / msPerStep };
}

/** Runs the sweep on an already loaded model (the worker's `Engine.bench`). */
export async function benchLoaded(host: EngineHost, m: LoadedModel, opts: BenchOptions): Promise<BenchReport> {
  const settings = checkOptions(opts);
  const extra = settings.warmupSteps + settings.decodeSteps;
  const { kept, skipped } = fitContexts(opts.contexts ?? defaultBenchContexts(m.info.contextLength, extra), m.info.contextLength, extra);
  const cancelled = opts.isCancelled ?? (() => false);
  if (kept.length === 0) {
    throw new EngineError('bad-input', `Nothing to measure: ${skipped.map((s) => s.reason).join('; ')}`);
  }
  const prefill: PrefillMeasure[] = [];
  const decode: DecodeMeasure[] = [];
  for (const context of kept) {
    if (cancelled()) break;
    opts.onProgress?.(`context ${context}: prefill`);
    const { measure, cache } = await measurePrefill(host, m, context, settings.prefillRepeats);
    prefill.push(measure);
    try {
      for (const batch of opts.batches) {
        if (cancelled()) break;
        opts.onProgress?.(`context ${context}: decode, batch ${batch}`);
        decode.push(await measureDecode(host, m, cache, context, batch, settings));
      }
    } finally {
      disposeKv(cache);
    }
  }
  return {
    model: m.info,
    prefill,
    decode,
    skipped,
    warmup:
      `warm-up excluded: 1 untimed prefill per context, ${settings.warmupSteps} untimed decode steps per (context, batch); ` +
      `medians of ${settings.prefillRepeats} prefills and ${settings.decodeSteps} decode steps`,
    settings,
    cancelled: cancelled(),
  };
}

/** Loads `spec`, runs the sweep, unloads. */
export async function benchModel(host: EngineHost, spec: ModelSpec, opts: BenchOptions): Promise<BenchReport> {
  checkOptions(opts);
  const m = await loadModel(host, spec, () => {});
  try {
    return await benchLoaded(host, m, opts);
  } finally {
    await disposeModel(m.model);
  }
}
