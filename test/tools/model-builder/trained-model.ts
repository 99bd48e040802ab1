/** The bundled tiny reasoner as a test subject: its folder, a chat prompt and a greedy trace. */
export { readTokenizerFiles } from '../../../tools/model-builder/tokenizer';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer } from '@huggingface/transformers';
import { onnx } from '../../../tools/model-builder/onnx-builder';
import { greedyCached } from './decode';
import { useLocalModels } from './transformers-env';

export const TRAINED = resolve('public/models/tiny-reasoner');

/** Throws (never skips) when the bundled model is missing. */
export function requireTrained(): string {
  if (!existsSync(join(TRAINED, 'config.json')) || !existsSync(join(TRAINED, 'onnx', 'model.onnx'))) {
    throw new Error(`The trained tiny reasoner is missing: expected ${TRAINED}/config.json and onnx/model.onnx. ` +
      'Train it (npm run model:train), then rerun; this test never skips.');
  }
  return TRAINED;
}

/** The chat-templated prompt and `steps` greedy tokens of the model in `root/name` (fp32, Node CPU). */
export async function promptAndTrace(root: string, name: string, question: string, steps: number): Promise<{ prompt: number[]; ids: number[] }> {
  useLocalModels(root);
  const tok = await AutoTokenizer.from_pretrained(name);
  const text = tok.apply_chat_template([{ role: 'user', content: question }], { tokenize: false, add_generation_prompt: true }) as string;
  const prompt = tok.encode(text, { add_special_tokens: false });
  const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' });
  try {
    const { tokens } = await greedyCached(model, prompt, steps);
    return { prompt, ids: [...prompt, ...tokens] };
  } finally {
    await model.dispose();
  }
}

/** Whether a built folder's onnx/model.onnx uses the fused operators (GroupQueryAttention). */
export function isFusedFolder(dir: string): boolean {
  return onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx'))).graph!.node!.some((n) => n.opType === 'GroupQueryAttention');
}

