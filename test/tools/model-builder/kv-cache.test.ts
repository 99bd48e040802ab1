/**
 * KV-cached greedy decoding through transformers.js equals full recomputation, for built models
 * and the trained tiny reasoner; a left-padded batch equals unpadded single runs.
 */
import { join, resolve } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, type PreTrainedModel } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFolder } from '../../../tools/model-builder/index';
import { DEFAULT_KEEP_WORDS, PRESETS } from '../../../tools/model-builder/presets';
import { compareRuns, greedyCached, greedyCachedBatch, greedyFull, maxAbsDiff } from './decode';
import { isFusedFolder, readTokenizerFiles, requireTrained } from './trained-model';
import { localModelRoot, useLocalModels } from './transformers-env';

const STEPS = 20;
const TOLERANCE = 1e-4;

interface Case {
  name: string;
  /** Returns [root, folder name] of a model folder to load. */
  folder: () => Promise<[string, string]>;
  prompt: (folder: string) => Promise<number[]>;
}

const built = (name: string, opts: Omit<Parameters<typeof buildModelFolder>[0], 'outDir'>) => async (): Promise<[string, string]> => {
  const root = localModelRoot('kv');
  await buildModelFolder({ ...opts, outDir: join(root, name) });
  return [root, name];
};

/** The prompt as the engine sends it: the chat template rendered and tokenized. */
const chatPrompt = async (folder: string): Promise<number[]> => {
  const tok = await AutoTokenizer.from_pretrained(folder);
  const text = tok.apply_chat_template([{ role: 'user', content: 'What is 47 + 38?' }], { tokenize: false, add_generation_prompt: true }) as string;
  return tok.encode(text, { add_special_tokens: false });
};

const CASES: Case[] = [
  {
    name: 'random weights, real Qwen3 vocab (151,936), fp16-stored',
    folder: built('qwen3-vocab', { shape: PRESETS['tiny-qwen3-vocab'].shape, tokenizer: 'qwen3', weights: { seed: 7 }, dtype: 'fp16' }),
    // Ids straight from the real vocab (skip loading the 11 MB tokenizer): "<|im_start|>user\nWhat is 47 + 38?…"
    prompt: async () => [151644, 872, 198, 3838, 374, 220, 19, 22, 488, 220, 18, 23, 30, 151645, 198, 151644, 77091, 198, 151667],
  },
  {
    name: 'random weights, derived tokenizer, fp32',
    folder: built('derived', { shape: PRESETS.tiny.shape, tokenizer: { derived: { merges: 300, keepWords: DEFAULT_KEEP_WORDS } }, weights: { seed: 3 }, dtype: 'fp32' }),
    prompt: chatPrompt,
  },
  {
    // Left padding needs the standard-op attention (GroupQueryAttention reads the mask as lengths):
    // a fused bundled model is checked through a standard-op copy of its weights here, and the
    // fused graph against that copy in fused.test.ts.
    name: 'trained tiny reasoner (public/models/tiny-reasoner), standard operators',
    folder: async () => {
      const trained = requireTrained();
      if (!isFusedFolder(trained)) return [resolve('public/models'), 'tiny-reasoner'];
      const root = localModelRoot('kv-trained');
      await buildModelFolder({ outDir: join(root, 'standard'), tokenizer: { files: readTokenizerFiles(trained) }, weights: { model: trained } });
      return [root, 'standard'];
    },
    prompt: chatPrompt,
  },
];

describe.each(CASES)('$name', ({ folder, prompt }) => {
  // Loaded inside the tests (not beforeAll), so a missing model fails each test instead of skipping it.
  let loading: Promise<{ model: PreTrainedModel; ids: number[] }> | undefined;
  const load = () => loading ??= (async () => {
    const [root, name] = await folder();
    useLocalModels(root);
    return { model: await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' }), ids: await prompt(name) };
  })();
  afterAll(async () => { await (await loading?.catch(() => undefined))?.model.dispose(); });

  it(`decodes ${STEPS} greedy tokens with the KV cache exactly as full recomputation`, async () => {
    const { model, ids } = await load();
    const cached = await greedyCached(model, ids, STEPS);
    const full = await greedyFull(model, ids, STEPS);
    const { sameTokens, maxDiff } = compareRuns(cached, full);
    expect(cached.tokens).toEqual(full.tokens);
    expect(sameTokens).toBe(true);
    expect(maxDiff).toBeLessThan(TOLERANCE);
    // Not a degenerate model: greedy output is not one token repeated.
    expect(new Set(cached.tokens).size).toBeGreaterThan(1);
  });

  it('gives a left-padded batch of different prompts the logits of unpadded single runs', async () => {
    const { model, ids } = await load();
    const long = ids;
    const short = ids.slice(Math.floor(ids.length / 2));
    const pad = long.length - short.length;
    const padId = 0; // any id: masked positions must not matter
    const batch = await greedyCachedBatch(model, [long, [...Array<number>(pad).fill(padId), ...short]],
      [long.map(() => 1), [...Array<number>(pad).fill(0), ...short.map(() => 1)]], 6);
    for (const [row, prompt] of [long, short].entries()) {
      const single = await greedyCached(model, prompt, 6);
      expect(batch.tokens[row]).toEqual(single.tokens);
      for (let step = 0; step < 6; step++) expect(maxAbsDiff(batch.logits[step]![row]!, single.logits[step]!)).toBeLessThan(TOLERANCE);
    }
  });
});
