/** Runs a built folder in transformers.js (Node, onnxruntime-node) and compares with reference logits. */
import { basename, dirname, resolve } from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';
import type { WeightsCheck } from './weights-file';

export interface CheckResult { maxAbsDiff: number; argmax: number; referenceArgmax: number }

/** Last-position logits of `check.input_ids` from the ONNX model in `modelDir`, against `check.last_logits`. */
export async function verifyCheck(modelDir: string, check: WeightsCheck): Promise<CheckResult> {
  const saved = { local: env.allowLocalModels, remote: env.allowRemoteModels, path: env.localModelPath };
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(resolve(modelDir))}/`;
  try {
    const model = await AutoModelForCausalLM.from_pretrained(basename(resolve(modelDir)), { dtype: 'fp32' });
    try {
      const n = check.input_ids.length;
      const out = await model.forward({
        input_ids: new Tensor('int64', BigInt64Array.from(check.input_ids, BigInt), [1, n]),
        attention_mask: new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
      });
      const logits = out.logits as Tensor;
      const vocab = logits.dims[2]!;
      const last = (logits.data as Float32Array).subarray((n - 1) * vocab, n * vocab);
      if (vocab !== check.last_logits.length) throw new Error(`model has ${vocab} logits per position, the check has ${check.last_logits.length}`);
      let maxAbsDiff = 0;
      for (let i = 0; i < vocab; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(last[i]! - check.last_logits[i]!));
      return { maxAbsDiff, argmax: argmax(last), referenceArgmax: argmax(check.last_logits) };
    } finally {
      await model.dispose();
    }
  } finally {
    env.allowLocalModels = saved.local;
    env.allowRemoteModels = saved.remote;
    env.localModelPath = saved.path;
  }
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
