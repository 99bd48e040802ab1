/**
 * Teacher-forced decoding through the KV cache, the same code in Node (onnxruntime-node) and in the
 * export-check page (onnxruntime-web): prefill ids[0..prefill), then feed the rest one token at a
 * time with the graph's own KV dtype. Returns the next-token logits at positions prefill − 1 …
 * ids.length − 1 as float32, so every backend and dtype is compared on the same tokens.
 */
import { DynamicCache, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { fromHalfBits } from '../model-builder/half';

export const ids2d = (rows: number[][]): Tensor =>
  new Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0]!.length]);

/** Logits as float32, whether float32, a Float16Array, or float16 bits in a Uint16Array (Node 20). */
export function floatData(t: Tensor): Float32Array {
  const data = t.data as ArrayLike<number>;
  if (data instanceof Float32Array) return data;
  if (t.type === 'float16' && data instanceof Uint16Array) return Float32Array.from(data, fromHalfBits);
  return Float32Array.from(data);
}

export interface ForcedRun { rows: Float32Array[]; logitsType: string; kvType: string; decodeMs: number }

export async function forcedRun(model: PreTrainedModel, ids: number[], prefill: number, now: () => number = () => performance.now()): Promise<ForcedRun> {
  let cache: DynamicCache | undefined;
  const rows: Float32Array[] = [];
  let logitsType = '';
  let kvType = '';
  let decodeMs = 0;
  try {
    for (let end = prefill; end <= ids.length; end++) {
      const input = end === prefill ? ids.slice(0, prefill) : [ids[end - 1]!];
      const t0 = now();
      const out = await model.forward({ input_ids: ids2d([input]), attention_mask: ids2d([ids.slice(0, end).map(() => 1)]), past_key_values: cache });
      const logits = out.logits as Tensor;
      const [, len, vocab] = logits.dims as [number, number, number];
      rows.push(floatData(logits).slice((len - 1) * vocab, len * vocab));
      if (end > prefill) decodeMs += now() - t0;
      logitsType = logits.type;
      const pkv: Record<string, Tensor> = {};
      for (const k in out) if (k.startsWith('present')) pkv[k.replace('present', 'past_key_values')] = out[k] as Tensor;
      kvType = Object.values(pkv)[0]?.type ?? '';
      if (cache) cache.update(pkv); else cache = new DynamicCache(pkv);
    }
  } finally {
    await cache?.dispose();
  }
  return { rows, logitsType, kvType, decodeMs };
}

export async function forcedLogits(model: PreTrainedModel, ids: number[], prefill: number): Promise<Float32Array[]> {
  return (await forcedRun(model, ids, prefill)).rows;
}
