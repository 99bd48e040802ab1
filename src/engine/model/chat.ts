import type { TokenizerLike } from '../runtime/tokenizer';

export type ChatTemplate = 'qwen3' | 'deepseek-r1';

export interface PromptOptions {
  readonly template: ChatTemplate;
  /** Qwen3 only: false appends an empty think block (`<think>\n\n</think>\n\n`). */
  readonly enableThinking: boolean;
  readonly systemPrompt?: string;
}

/** Stands in for the user's text while the template renders (private-use characters no one types). */
const USER_SLOT = '\uE000decoding-lab:user\uE000';

/**
 * The user's text as plain text: where it contains the text of an added token (`<|im_end|>`, `<think>`),
 * that text is encoded as ordinary characters (its first character apart from the rest), so it can never
 * become the control token. Elsewhere the pieces are encoded as usual.
 */
export function encodeUserText(tok: TokenizerLike, text: string): number[] {
  const specials = tok.addedTokenTexts;
  const ids: number[] = [];
  let rest = text;
  while (rest.length > 0) {
    let at = -1;
    let hit = '';
    for (const s of specials) {
      const i = rest.indexOf(s);
      if (i >= 0 && (at < 0 || i < at)) [at, hit] = [i, s];
    }
    if (at < 0) {
      ids.push(...tok.encode(rest));
      break;
    }
    if (at > 0) ids.push(...tok.encode(rest.slice(0, at)));
    ids.push(...tok.encode(hit.slice(0, 1)), ...encodeUserText(tok, hit.slice(1)));
    rest = rest.slice(at + hit.length);
  }
  return ids;
}

/**
 * Renders the user's question with the model's own chat template and returns its token ids. Control
 * tokens come only from the template: the question is encoded as text (encodeUserText), so a typed
 * `<|im_end|>` or `<think>` cannot close the user's turn or open thinking.
 */
export function buildPrompt(tok: TokenizerLike, question: string, opts: PromptOptions): { text: string; ids: number[] } {
  const messages: { role: string; content: string }[] = [];
  if (opts.systemPrompt) messages.push({ role: 'system', content: opts.systemPrompt });
  messages.push({ role: 'user', content: USER_SLOT });
  const kwargs = opts.template === 'qwen3' ? { enable_thinking: opts.enableThinking } : {};
  const parts = tok.applyChatTemplate(messages, kwargs).split(USER_SLOT);
  if (parts.length !== 2) throw new Error('the chat template did not place the user message exactly once');
  const [before, after] = parts as [string, string];
  return { text: before + question + after, ids: [...tok.encode(before), ...encodeUserText(tok, question), ...tok.encode(after)] };
}
