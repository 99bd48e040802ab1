/**
 * A plain decoding loop over transformers.js `model.forward()` with a KV cache, for evaluating the
 * tiny reasoner in Node: greedy or temperature sampling (seeded), and optionally a CGRS probe at
 * every thinking checkpoint (text since the last one contains "\n\n"), run on a fork of the cache.
 */
import { basename, dirname, resolve } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { TRIGGER_WORDS } from './dataset';
import { argmax, sampleFrom, softmax, topKCertainty } from './probe';
import type { Rng } from './rng';
import { PROBE_SUFFIX } from './traces';

export interface TinyModel {
  model: PreTrainedModel;
  tokenizer: PreTrainedTokenizer;
  /** Real tokens; logits beyond (padding rows) are never chosen. */
  tokenCount: number;
  eosIds: Set<number>;
  thinkOpen: number;
  thinkClose: number;
  suffixIds: number[];
  /** Ids of the CGRS trigger strings that are single tokens. */
  triggerIds: Set<number>;
}

type Cache = Record<string, Tensor>;

export async function loadTinyModel(dir: string): Promise<TinyModel> {
  const abs = resolve(dir);
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(abs)}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(basename(abs));
  const model = await AutoModelForCausalLM.from_pretrained(basename(abs), { dtype: 'fp32', device: 'cpu' });
  const encode = (s: string) => tokenizer.encode(s, { add_special_tokens: false });
  const [thinkOpen, thinkClose, ...rest] = encode('<think></think>');
  if (thinkOpen === undefined || thinkClose === undefined || rest.length > 0) throw new Error(`${dir}: <think>/</think> are not single tokens`);
  const eos = encode('<|im_end|><|endoftext|>');
  const triggerIds = new Set(TRIGGER_WORDS.map(encode).filter((ids) => ids.length === 1).map((ids) => ids[0]!));
  const tokenCount = Math.max(...tokenizer.get_vocab().values(), ...eos, thinkClose) + 1;
  return { model, tokenizer, tokenCount, eosIds: new Set(eos), thinkOpen, thinkClose, suffixIds: encode(PROBE_SUFFIX), triggerIds };
}

export function promptIds(m: TinyModel, question: string): number[] {
  const text = m.tokenizer.apply_chat_template([{ role: 'user', content: question }], { tokenize: false, add_generation_prompt: true }) as string;
  return m.tokenizer.encode(text, { add_special_tokens: false });
}

/** Feeds `ids` after `cache` (of `past` tokens); returns the last-position logits and the new cache. */
async function feed(m: TinyModel, ids: number[], cache: Cache | null, past: number): Promise<{ logits: Float32Array; cache: Cache }> {
  const n = ids.length;
  const out = await m.model.forward({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
    attention_mask: new Tensor('int64', new BigInt64Array(past + n).fill(1n), [1, past + n]),
    ...(cache ? { past_key_values: cache } : {}),
  });
  const logits = out.logits as Tensor;
  const vocab = logits.dims[2]!;
  const data = logits.data as Float32Array;
  const next: Cache = {};
  for (const k of Object.keys(out)) if (k.startsWith('present')) next[k.replace('present', 'past_key_values')] = out[k] as Tensor;
  return { logits: data.slice((n - 1) * vocab, n * vocab), cache: next };
}

export interface DecodeOptions {
  /** 0 = greedy. */
  temperature: number;
  rng?: Rng;
  maxNewTokens: number;
  /** Run a CGRS probe (T = 1, ≤ 20 tokens) at each checkpoint, drawing from this stream. */
  probeRng?: Rng;
}

export interface Checkpoint { atToken: number; certainty: number; probeText: string }
export interface DecodeResult { ids: number[]; text: string; finished: boolean; checkpoints: Checkpoint[] }

const PROBE_MAX_TOKENS = 20;

async function probe(m: TinyModel, cache: Cache, past: number, rng: Rng): Promise<{ certainty: number; text: string }> {
  let step = await feed(m, m.suffixIds, cache, past);
  let len = past + m.suffixIds.length;
  const dists: Float64Array[] = [];
  const ids: number[] = [];
  for (let i = 0; i < PROBE_MAX_TOKENS; i++) {
    const p = softmax(step.logits, m.tokenCount, 1);
    dists.push(p);
    const tok = sampleFrom(p, rng);
    ids.push(tok);
    if (m.eosIds.has(tok) || i === PROBE_MAX_TOKENS - 1) break;
    step = await feed(m, [tok], step.cache, len);
    len++;
  }
  return { certainty: topKCertainty(dists, 5), text: m.tokenizer.decode(ids) };
}

/** Generates from `prompt` until EOS or `maxNewTokens`. */
export async function decode(m: TinyModel, prompt: number[], opts: DecodeOptions): Promise<DecodeResult> {
  if (opts.temperature > 0 && !opts.rng) throw new Error('decode: sampling needs an rng');
  let step = await feed(m, prompt, null, 0);
  let len = prompt.length;
  const ids: number[] = [];
  const checkpoints: Checkpoint[] = [];
  let thinking = false;
  let since = '';
  let finished = false;
  while (ids.length < opts.maxNewTokens) {
    const tok = opts.temperature > 0
      ? sampleFrom(softmax(step.logits, m.tokenCount, opts.temperature), opts.rng!)
      : argmax(step.logits, m.tokenCount);
    ids.push(tok);
    if (m.eosIds.has(tok)) { finished = true; break; }
    step = await feed(m, [tok], step.cache, len);
    len++;
    if (tok === m.thinkOpen) { thinking = true; since = ''; continue; }
    if (tok === m.thinkClose) { thinking = false; continue; }
    if (!thinking || !opts.probeRng) continue;
    since += m.tokenizer.decode([tok]);
    if (since.includes('\n\n')) {
      const r = await probe(m, step.cache, len, opts.probeRng);
      checkpoints.push({ atToken: ids.length, certainty: r.certainty, probeText: r.text });
      since = '';
    }
  }
  return { ids, text: m.tokenizer.decode(ids), finished, checkpoints };
}
