/** Greedy decoding over transformers.js `model.forward`, with a KV cache or by full recomputation. */
import { DynamicCache, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { ids2d } from '../../../tools/export-check/forced-logits';

export { floatData, forcedLogits, ids2d } from '../../../tools/export-check/forced-logits';

export interface Greedy { tokens: number[]; logits: Float32Array[] }

/** Logits of the last position of each row, as copies. */
export function lastLogits(logits: Tensor): Float32Array[] {
  const [batch, len, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  return Array.from({ length: batch }, (_, r) => data.slice((r * len + len - 1) * vocab, (r * len + len) * vocab));
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** present.* outputs renamed to the past_key_values.* inputs of the next step (platform notes §3). */
export function presentToPast(out: Record<string, Tensor>): Record<string, Tensor> {
  const pkv: Record<string, Tensor> = {};
  for (const k in out) if (k.startsWith('present')) pkv[k.replace('present', 'past_key_values')] = out[k]!;
  return pkv;
}

/**
 * Greedy decoding of a batch with a cache. `masks` gives each row's prompt mask (0 = left padding);
 * every later position is kept. Returns per-row tokens and per-step last logits (step-major).
 */
export async function greedyCachedBatch(model: PreTrainedModel, prompts: number[][], masks: number[][], steps: number):
  Promise<{ tokens: number[][]; logits: Float32Array[][] }> {
  let cache: DynamicCache | undefined;
  const mask = masks.map((m) => [...m]);
  let input = prompts;
  const tokens: number[][] = prompts.map(() => []);
  const logits: Float32Array[][] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const out = await model.forward({ input_ids: ids2d(input), attention_mask: ids2d(mask), past_key_values: cache });
      const last = lastLogits(out.logits as Tensor);
      logits.push(last);
      const next = last.map(argmax);
      next.forEach((t, r) => tokens[r]!.push(t));
      const pkv = presentToPast(out);
      if (cache) cache.update(pkv); else cache = new DynamicCache(pkv);
      input = next.map((t) => [t]);
      mask.forEach((m) => m.push(1));
    }
  } finally {
    await cache?.dispose();
  }
  return { tokens, logits };
}

export async function greedyCached(model: PreTrainedModel, prompt: number[], steps: number): Promise<Greedy> {
  const r = await greedyCachedBatch(model, [prompt], [prompt.map(() => 1)], steps);
  return { tokens: r.tokens[0]!, logits: r.logits.map((l) => l[0]!) };
}

/** The no-cache reference: the whole prefix through the model at every step. */
export async function greedyFull(model: PreTrainedModel, prompt: number[], steps: number): Promise<Greedy> {
  const seq = [...prompt];
  const tokens: number[] = [];
  const logits: Float32Array[] = [];
  for (let step = 0; step < steps; step++) {
    const out = await model.forward({ input_ids: ids2d([seq]), attention_mask: ids2d([seq.map(() => 1)]) });
    const last = lastLogits(out.logits as Tensor)[0]!;
    logits.push(last);
    tokens.push(argmax(last));
    seq.push(tokens.at(-1)!);
  }
  return { tokens, logits };
}

/** Max |diff| over all steps, after checking the token sequences agree. */
export function compareRuns(cached: Greedy, full: Greedy): { sameTokens: boolean; maxDiff: number } {
  return {
    sameTokens: cached.tokens.join() === full.tokens.join(),
    maxDiff: Math.max(...cached.logits.map((l, i) => maxAbsDiff(l, full.logits[i]!))),
  };
}

