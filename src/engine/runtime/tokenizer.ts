import type { PreTrainedTokenizer } from '@huggingface/transformers';

export interface TokenizerLike {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Renders chat messages with the model's template; extra kwargs reach the Jinja context. */
  applyChatTemplate(messages: { role: string; content: string }[], kwargs: Record<string, unknown>): string;
  readonly size: number;
  tokenText(id: number): string;
  /** Texts the tokenizer turns into added tokens wherever they appear (`<|im_end|>`, `<think>`, …), longest first. */
  readonly addedTokenTexts: readonly string[];
}

function addedTokenTexts(tok: PreTrainedTokenizer): string[] {
  const t = tok as unknown as { _tokenizerJSON?: { added_tokens?: { content?: unknown }[] }; all_special_tokens?: unknown[] };
  const texts = new Set<string>();
  for (const a of t._tokenizerJSON?.added_tokens ?? []) if (typeof a.content === 'string' && a.content !== '') texts.add(a.content);
  for (const a of t.all_special_tokens ?? []) if (typeof a === 'string' && a !== '') texts.add(a);
  return [...texts].sort((a, b) => b.length - a.length);
}

export function wrapTokenizer(tok: PreTrainedTokenizer): TokenizerLike {
  const vocab = (tok as unknown as { get_vocab?: () => Map<string, number> | Record<string, number> }).get_vocab?.();
  const size = vocab instanceof Map ? vocab.size : vocab ? Object.keys(vocab).length : 0;
  const textCache = new Map<number, string>();
  return {
    encode: (text) => tok.encode(text, { add_special_tokens: false }),
    decode: (ids) => (ids.length === 0 ? '' : tok.decode(ids as number[], { skip_special_tokens: false })),
    applyChatTemplate: (messages, kwargs) =>
      tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true, ...kwargs }) as string,
    size,
    addedTokenTexts: addedTokenTexts(tok),
    tokenText(id) {
      let t = textCache.get(id);
      if (t === undefined) {
        t = tok.decode([id], { skip_special_tokens: false });
        textCache.set(id, t);
      }
      return t;
    },
  };
}
