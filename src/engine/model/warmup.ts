import { KvBatch } from '../decode/kv-batch';
import type { LoadedModel } from './load-model';

/**
 * One prefill and one decode step on a throwaway cache, right after load: the first forward of a
 * session compiles shaders / builds kernels, which must not land in the first run's timings
 * (platform notes §3 "Loop hygiene"). Everything it allocates is disposed.
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
