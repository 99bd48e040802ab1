import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_ADDED_TOKENS, deriveQwen3Tokenizer, loadQwen3Tokenizer, writeTokenizerFiles } from '../../../tools/model-builder/tokenizer';
import { localModelRoot } from './transformers-env';

type Tok = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
const KEEP = [' Wait', ' Alternatively', '**Final', 'boxed', 'Hmm', ' answer'];
const TEXTS = [
  'What is 47 + 38?\n\n<think>\nWait\n</think>\\boxed{85}',
  'Hmm, 1234567890 × 9 = ?  Alternatively… «naïve» 中文 🙂\ttabs\r\n',
  "It's   spaced   out,  don't   you   think?",
];

const encode = (t: Tok, s: string): number[] => t.encode(s, { add_special_tokens: false });
const pieces = (t: Tok, ids: number[]): string[] => ids.map((i) => t.decode([i]));

describe('deriveQwen3Tokenizer', () => {
  let derived: Tok;
  let real: Tok;
  let size: number;
  beforeAll(async () => {
    const root = localModelRoot('tok');
    const tok = deriveQwen3Tokenizer({ merges: 200, keepWords: KEEP });
    size = tok.size;
    writeTokenizerFiles(join(root, 'derived'), tok);
    writeTokenizerFiles(join(root, 'real'), loadQwen3Tokenizer());
    derived = await AutoTokenizer.from_pretrained('derived');
    real = await AutoTokenizer.from_pretrained('real');
  });

  it('is small: 256 bytes + kept merges + 5 added tokens', () => {
    expect(size).toBeGreaterThan(256 + 200 + DERIVED_ADDED_TOKENS.length - 1);
    expect(size).toBeLessThan(256 + 200 + 60);
  });

  it('round-trips text exactly', () => {
    for (const s of TEXTS) expect(derived.decode(encode(derived, s))).toBe(s);
  });

  it('puts every digit in its own token', () => {
    const ids = encode(derived, '1234567890');
    expect(pieces(derived, ids)).toEqual('1234567890'.split(''));
    expect(new Set(ids).size).toBe(10);
  });

  it('keeps the keep-words tokenized as Qwen3 does', () => {
    for (const w of KEEP) {
      expect(pieces(derived, encode(derived, w)), w).toEqual(pieces(real, encode(real, w)));
    }
    expect(encode(derived, ' Wait')).toHaveLength(1);
    expect(encode(derived, ' Alternatively')).toHaveLength(1);
  });

  it('ends with the five added tokens, think tags as single non-special tokens', () => {
    DERIVED_ADDED_TOKENS.forEach((t, i) => expect(encode(derived, t.content)).toEqual([size - DERIVED_ADDED_TOKENS.length + i]));
    const ids = encode(derived, '<think>x</think>');
    expect(derived.decode(ids, { skip_special_tokens: true })).toBe('<think>x</think>');
    expect(derived.decode(encode(derived, '<|im_end|>x'), { skip_special_tokens: true })).toBe('x');
  });

  it('renders the Qwen3 chat template, with and without thinking', () => {
    const msgs = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 2 + 2?' }];
    for (const enable_thinking of [true, false]) {
      const opts = { tokenize: false, add_generation_prompt: true, enable_thinking } as const;
      const text = derived.apply_chat_template(msgs, opts) as string;
      expect(text).toBe(real.apply_chat_template(msgs, opts));
      expect(text.endsWith(enable_thinking ? '<|im_start|>assistant\n' : '<think>\n\n</think>\n\n')).toBe(true);
    }
  });

  it('rejects a bad merge count', () => {
    expect(() => deriveQwen3Tokenizer({ merges: -1, keepWords: [] })).toThrow(/merges must be an integer/);
  });
});
