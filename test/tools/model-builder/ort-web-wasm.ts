/**
 * Runs a built graph on onnxruntime-web's WASM backend under Node (the browser's CPU fallback),
 * without transformers.js: raw InferenceSession feeds with our own KV cache.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { fromHalfBits } from '../../../tools/model-builder/half';

ort.env.wasm.numThreads = 1;

export interface KvShape { layers: number; kvHeads: number; headDim: number }

const int64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);

function floats(t: ort.Tensor): Float32Array {
  const data = t.data as ArrayLike<number>;
  if (t.type === 'float16' && data instanceof Uint16Array) return Float32Array.from(data, fromHalfBits);
  return Float32Array.from(data);
}

export async function openWasmSession(onnxFile: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(readFileSync(onnxFile), { executionProviders: ['wasm'] });
}

/**
 * Teacher-forced cached decoding as test/tools/model-builder/decode.ts `forcedLogits` does it:
 * prefill ids[0..prefill), then one token at a time; next-token logits at positions prefill − 1 … end.
 */
export async function forcedLogitsWasm(session: ort.InferenceSession, kv: KvShape, ids: number[], prefill: number): Promise<Float32Array[]> {
  const half = (session as unknown as { inputMetadata?: { name: string; type?: string }[] }).inputMetadata
    ?.find((m) => m.name === 'past_key_values.0.key')?.type === 'float16';
  let past: Record<string, ort.Tensor> = {};
  for (let i = 0; i < kv.layers; i++) {
    for (const k of ['key', 'value']) {
      past[`past_key_values.${i}.${k}`] = new ort.Tensor(half ? 'float16' : 'float32', half ? new Uint16Array(0) : new Float32Array(0), [1, kv.kvHeads, 0, kv.headDim]);
    }
  }
  const rows: Float32Array[] = [];
  for (let end = prefill; end <= ids.length; end++) {
    const start = end === prefill ? 0 : end - 1;
    const out = await session.run({
      input_ids: int64(ids.slice(start, end), [1, end - start]),
      attention_mask: int64(new Array<number>(end).fill(1), [1, end]),
      position_ids: int64(Array.from({ length: end - start }, (_, j) => start + j), [1, end - start]),
      ...past,
    });
    const logits = out.logits!;
    const [, len, vocab] = logits.dims as [number, number, number];
    rows.push(floats(logits).slice((len - 1) * vocab, len * vocab));
    past = {};
    for (const [name, t] of Object.entries(out)) if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = t;
  }
  return rows;
}
