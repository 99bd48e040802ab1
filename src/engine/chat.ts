import type { TokenizerLike } from './runtime';

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
 * Whether the prompt already opened the thinking block (some R1-Distill templates end with
 * `<think>\n`): thinking iff the last `<think>` comes after the last `</think>`.
 */
export function promptOpensThinking(ids: readonly number[], thinkStartId: number | null, thinkEndId: number | null): boolean {
  if (thinkStartId === null) return false;
  const lastOpen = ids.lastIndexOf(thinkStartId);
  const lastClose = thinkEndId === null ? -1 : ids.lastIndexOf(thinkEndId);
  return lastOpen > lastClose;
}
