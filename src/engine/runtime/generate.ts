import { Tensor, type PreTrainedModel } from '@huggingface/transformers';

/**
 * transformers.js `generate()` greedy on `promptIds` for `maxNewTokens`, calling `onToken` with each new
 * token's id as it is produced (a streamer): the reference our loop is measured against.
 */
export async function generateGreedy(model: PreTrainedModel, promptIds: readonly number[], maxNewTokens: number, onToken: (id: number) => void): Promise<void> {
  let prompt = true;
  const streamer = {
    put: (v: bigint[][]) => {
      if (prompt) {
        prompt = false;
        return;
      }
      onToken(Number(v[0]![0]));
    },
    end: () => {},
  };
  const input_ids = new Tensor('int64', BigInt64Array.from(promptIds, BigInt), [1, promptIds.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(promptIds.length).fill(1n), [1, promptIds.length]);
  const out = (await model.generate({ input_ids, attention_mask, max_new_tokens: maxNewTokens, do_sample: false, streamer } as never)) as { dispose?: () => void } | null;
  out?.dispose?.();
}
