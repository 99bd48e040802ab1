/**
 * A fixed in-distribution token sequence for comparing logits: the chat-templated question and the
 * start of a tiny-reasoner-style answer, tokenized by the model folder's own tokenizer.
 */
import { AutoTokenizer } from '@huggingface/transformers';
import { useLocalModelRoot } from './local-models';

const QUESTION = 'What is 47 + 38?';
const CONTINUATION = '<think>\nI need to compute 47 + 38.\n\nOnes: 7 + 8 = 15, write 5, carry 1.\n\nTens: 4 + 3 + 1 = 8';

export async function chatTrace(root: string, name: string): Promise<{ prompt: number[]; ids: number[] }> {
  useLocalModelRoot(root);
  const tok = await AutoTokenizer.from_pretrained(name);
  const text = tok.apply_chat_template([{ role: 'user', content: QUESTION }], { tokenize: false, add_generation_prompt: true }) as string;
  const prompt = tok.encode(text, { add_special_tokens: false });
  return { prompt, ids: [...prompt, ...tok.encode(CONTINUATION, { add_special_tokens: false })] };
}
