import type { DecodingParams } from '../../core/methods/params';
import { rowCount } from '../../core/methods/params';
import { KvBatch } from '../decode/kv-batch';
import { forward } from '../runtime/forward';
import { disposeKv } from '../runtime/kv-cache';
import type { LoadedModel } from './load-model';

/**
 * One prefill and one decode step on a throwaway cache, right after load: the first forward of a
 * session compiles shaders / builds kernels (platform notes §3 "Loop hygiene"). Everything it
 * allocates is disposed.
 */
export async function warmUp(model: LoadedModel): Promise<void> {
  const batch = new KvBatch(model.model, model.info.vocabSize);
  try {
    const ids = model.tokenizer.encode('Hi');
    await batch.extend(ids.length > 0 ? ids : [0]);
    await batch.step([ids[0] ?? 0]);
  } finally {
    batch.dispose();
  }
}

/** Decode steps at each batch size: enough for every kernel variant to compile and its buffers to exist. */
const STEPS = 2;

/**
 * The warm-up of a comparison (spec §7 "warm-up"), before the first lane and outside every lane's clock:
 * every shape the run will use — a prefill of the prompt's length, decode steps at one row and at each
 * FFS or vote lane's n rows, and a CGRS probe's suffix on a fork — so that shader compilation and first-use
 * allocation land on no lane (on WebGPU the first lane paid ~2 s of it otherwise). Throwaway caches only.
 */
export async function warmUpRun(model: LoadedModel, promptIds: readonly number[], lanes: readonly DecodingParams[]): Promise<void> {
  const batch = new KvBatch(model.model, model.info.vocabSize);
  try {
    await batch.extend(promptIds);
    const token = promptIds[promptIds.length - 1] ?? 0;
    for (let i = 0; i < STEPS; i++) await batch.step([token]);
    for (const p of lanes) {
      if (p.method !== 'cgrs') continue;
      const suffix = model.tokenizer.encode(p.cgrs.probeSuffix);
      if (suffix.length === 0) continue;
      const probe = await forward(model.model, { ids: [[token, ...suffix]], past: batch.cache });
      disposeKv(probe.present);
    }
    const sizes = [...new Set(lanes.map(rowCount).filter((n) => n > 1))];
    for (const n of sizes) {
      await batch.select(new Array<number>(n).fill(0));
      for (let i = 0; i < STEPS; i++) await batch.step(new Array<number>(n).fill(token));
      await batch.select([0]);
    }
  } finally {
    batch.dispose();
  }
}
