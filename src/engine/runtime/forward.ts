import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { disposeKv, kvSequenceLength, trackKvTensor, type KvCache } from './kv-cache';

export interface ForwardInput {
  /** Token ids, one array per row; every row has the same length. */
  readonly ids: readonly (readonly number[])[];
  /**
   * Attention mask over past + current positions, one per row (1 = attend, 0 = padding). Omitted:
   * all ones (rows without padding, the engine's only layout), built without per-element work.
   */
  readonly mask?: readonly (readonly number[])[];
  readonly past: KvCache | null;
}

export interface ForwardOutput {
  /** Last-position logits of each row as float32 (views into one buffer). */
  readonly rows: Float32Array[];
  readonly vocabSize: number;
  readonly present: KvCache;
}

function int64(rows: readonly (readonly number[])[]): Tensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  let i = 0;
  for (const row of rows) for (const v of row) data[i++] = BigInt(v);
  return new Tensor('int64', data, [rows.length, width]);
}

function onesMask(rows: number, width: number): Tensor {
  return new Tensor('int64', new BigInt64Array(rows * width).fill(1n), [rows, width]);
}

/** Whether the graph declares an input (read from the session; false for stand-ins without sessions). */
function takesInput(model: PreTrainedModel, name: string): boolean {
  const sessions = (model as unknown as { sessions?: Record<string, { inputNames?: string[] }> }).sessions;
  return sessions?.['model']?.inputNames?.includes(name) === true;
}

/**
 * Positions past … past + width − 1 for every row: what transformers.js derives from an all-ones mask
 * (cumsum − 1), without its per-step cumulative sum over the whole mask.
 */
function positionIds(rows: number, past: number, width: number): Tensor {
  const data = new BigInt64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) data[r * width + j] = BigInt(past + j);
  return new Tensor('int64', data, [rows, width]);
}

/**
 * Whether the graph takes `num_logits_to_keep`: then one forward computes the last position's logits
 * only; otherwise logits come back for every input position (the engine chunks long prefills).
 */
export function lastLogitsOnly(model: PreTrainedModel): boolean {
  return takesInput(model, 'num_logits_to_keep');
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Copies the last position of each row out of `[n, L, V]` logits as float32. */
function lastPositionRows(logits: Tensor): { rows: Float32Array[]; vocab: number } {
  const [n, L, V] = logits.dims as [number, number, number];
  const out = new Float32Array(n * V);
  const data = logits.data as ArrayLike<number>;
  const isHalfBits = logits.type === 'float16' && data instanceof Uint16Array;
  for (let r = 0; r < n; r++) {
    const base = (r * L + L - 1) * V;
    if (isHalfBits) {
      for (let v = 0; v < V; v++) out[r * V + v] = halfToFloat(data[base + v]!);
    } else if (data instanceof Float32Array) {
      out.set(data.subarray(base, base + V), r * V);
    } else {
      for (let v = 0; v < V; v++) out[r * V + v] = Number(data[base + v]);
    }
  }
  const rows: Float32Array[] = [];
  for (let r = 0; r < n; r++) rows.push(out.subarray(r * V, (r + 1) * V));
  return { rows, vocab: V };
}

/**
 * One forward pass. The caller owns `present` and must `disposeKv` it (and the `past` it no
 * longer needs). Inputs and logits are CPU tensors and are garbage-collected.
 */
export async function forward(model: PreTrainedModel, input: ForwardInput): Promise<ForwardOutput> {
  const rows = input.ids.length;
  const width = input.ids[0]?.length ?? 0;
  const past = kvSequenceLength(input.past);
  const out = (await model.forward({
    input_ids: int64(input.ids),
    attention_mask: input.mask ? int64(input.mask) : onesMask(rows, past + width),
    ...(!input.mask && takesInput(model, 'position_ids') ? { position_ids: positionIds(rows, past, width) } : {}),
    ...(input.past ? { past_key_values: input.past } : {}),
    ...(lastLogitsOnly(model) ? { num_logits_to_keep: new Tensor('int64', [1n], []) } : {}),
  })) as Record<string, Tensor>;
  const present: KvCache = {};
  for (const [name, t] of Object.entries(out)) {
    if (name.startsWith('present')) {
      present[name.replace('present', 'past_key_values')] = t;
      trackKvTensor();
    }
  }
  const logits = out.logits;
  if (!logits) {
    disposeKv(present);
    throw new Error('model output has no logits');
  }
  const { rows: logitRows, vocab } = lastPositionRows(logits);
  logits.dispose();
  return { rows: logitRows, vocabSize: vocab, present };
}
