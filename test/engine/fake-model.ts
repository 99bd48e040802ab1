/**
 * A scripted stand-in for a transformers.js causal LM, for decode-loop tests that need exact control:
 * the "KV cache" is one float32 tensor pair [b, 1, L, 1] holding each row's token ids, so the engine's
 * own gather/truncate/dispose work on it unchanged, and the logits of a row are a pure function of that
 * row's history (they ignore batch composition, spec §4.10's test model). Reading a disposed past throws
 * (onnxruntime's CPU tensors drop their data on dispose), so a use-after-dispose fails the test.
 */
import { Tensor } from '@huggingface/transformers';
import type { LoadedModel } from '../../src/engine/model/load-model';
import type { PreTrainedModel } from '../../src/engine/runtime/setup';
import type { FakeClock } from './fixtures';

/** Next-token logits (length = vocab size) for a row's full history (prompt, trace, probe tokens). */
export type Script = (history: readonly number[]) => Float32Array;

export interface ForwardCall {
  rows: number;
  width: number;
  past: number;
}

export class FakeModel {
  readonly calls: ForwardCall[] = [];

  constructor(
    private readonly vocab: number,
    private readonly script: Script,
    private readonly clock?: FakeClock,
    private readonly msPerForward = 10,
  ) {}

  async forward(inputs: { input_ids: Tensor; attention_mask: Tensor; past_key_values?: Record<string, Tensor> }): Promise<Record<string, Tensor>> {
    const ids = inputs.input_ids;
    const mask = inputs.attention_mask;
    const pastKey = inputs.past_key_values?.['past_key_values.0.key'];
    const [rows, width] = ids.dims as [number, number];
    const past = pastKey ? pastKey.dims[2]! : 0;
    if (pastKey && pastKey.dims[0] !== rows) throw new Error(`fake model: past has ${pastKey.dims[0]} rows, input ${rows}`);
    if (mask.dims[0] !== rows || mask.dims[1] !== past + width) throw new Error(`fake model: mask ${mask.dims} for ${rows}×(${past}+${width})`);
    if (!(mask.data as BigInt64Array).every((v) => v === 1n)) throw new Error('fake model: the engine never pads');
    const pastData = pastKey ? (pastKey.data as Float32Array) : new Float32Array(0);
    const L = past + width;
    const kv = new Float32Array(rows * L);
    const logits = new Float32Array(rows * width * this.vocab);
    const input = ids.data as BigInt64Array;
    for (let r = 0; r < rows; r++) {
      const history: number[] = Array.from(pastData.subarray(r * past, (r + 1) * past));
      for (let j = 0; j < width; j++) history.push(Number(input[r * width + j]));
      kv.set(history, r * L);
      // Only the last position is read by the engine (runtime.forward), so only it is scripted.
      logits.set(this.script(history), (r * width + width - 1) * this.vocab);
    }
    this.calls.push({ rows, width, past });
    this.clock?.advance(this.msPerForward);
    return {
      logits: new Tensor('float32', logits, [rows, width, this.vocab]),
      'present.0.key': new Tensor('float32', kv, [rows, 1, L, 1]),
      'present.0.value': new Tensor('float32', kv.slice(), [rows, 1, L, 1]),
    };
  }

  async dispose(): Promise<void> {}
}

/** `base` (a real tokenizer and vocabulary) with its ONNX session replaced by `fake`. */
export function withFakeModel(base: LoadedModel, fake: FakeModel): LoadedModel {
  return { ...base, model: fake as unknown as PreTrainedModel };
}

/** A logits row with the given probabilities (ln p) and −∞ everywhere else. */
export function distribution(vocab: number, probs: ReadonlyMap<number, number>): Float32Array {
  const row = new Float32Array(vocab).fill(-Infinity);
  for (const [id, p] of probs) row[id] = Math.log(p);
  return row;
}
