import type { TokenizerLike } from '../runtime';

export type ChatTemplate = 'qwen3' | 'deepseek-r1';

export interface PromptOptions {
  readonly template: ChatTemplate;
  /** Qwen3 only: false appends an empty think block (`<think>\n\n</think>\n\n`). */
  readonly enableThinking: boolean;
  readonly systemPrompt?: string;
}

/** Renders the user's question with the model's own chat template and returns its token ids. */
export function buildPrompt(tok: TokenizerLike, question: string, opts: PromptOptions): { text: string; ids: number[] } {
  const messages: { role: string; content: string }[] = [];
  if (opts.systemPrompt) messages.push({ role: 'system', content: opts.systemPrompt });
  messages.push({ role: 'user', content: question });
  const kwargs = opts.template === 'qwen3' ? { enable_thinking: opts.enableThinking } : {};
  const text = tok.applyChatTemplate(messages, kwargs);
  return { text, ids: tok.encode(text) };
}

/**
 * Whether the templated prompt leaves a think block open, so the trace starts in the thinking
 * phase (R1-Distill templates end with `<think>\n`; Qwen3's lets the model write `<think>`):
 * true iff the last token that is not pure whitespace is `<think>`. Looking only at the end means a
 * `<think>` the user typed, or one from an earlier turn, never counts.
 */
export function promptOpensThinking(ids: readonly number[], thinkStartId: number | null, tokenText: (id: number) => string): boolean {
  if (thinkStartId === null) return false;
  for (let i = ids.length - 1; i >= 0; i--) {
    const id = ids[i]!;
    if (id === thinkStartId) return true;
    if (tokenText(id).trim() !== '') return false;
  }
  return false;
}
