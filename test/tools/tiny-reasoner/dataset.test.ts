import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveQwen3Tokenizer, tokenId, writeTokenizerFiles } from '../../../tools/model-builder/tokenizer';
import {
  encodeExample, keepWordsFor, loadTokenizer, renderExamples, renderPrompt, TRIGGER_WORDS, type Example,
} from '../../../tools/tiny-reasoner/dataset';
import { problemSet } from '../../../tools/tiny-reasoner/problems';
import { PROBE_SUFFIX } from '../../../tools/tiny-reasoner/traces';

describe('tiny reasoner dataset encoding', () => {
  const examples = renderExamples(problemSet(31, 'test', 300), 31);
  let dir: string;
  let tok: PreTrainedTokenizer;
  let eos: number;
  const encode = (s: string) => tok.encode(s, { add_special_tokens: false });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-reasoner-'));
    const derived = deriveQwen3Tokenizer({ merges: 50, keepWords: keepWordsFor(examples.flat()) });
    writeTokenizerFiles(join(dir, 'tok'), derived);
    eos = tokenId(derived.tokenizer, '<|im_end|>');
    tok = await loadTokenizer(join(dir, 'tok'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the prompt with the real Qwen3 chat template', () => {
    expect(renderPrompt(tok, 'What is 4 + 5?')).toBe('<|im_start|>user\nWhat is 4 + 5?<|im_end|>\n<|im_start|>assistant\n');
  });

  it('keeps every CGRS trigger word as one token and every digit as its own token', () => {
    for (const w of TRIGGER_WORDS) expect(encode(w), w).toHaveLength(1);
    expect(encode('1234567890')).toHaveLength(10);
    expect(encode('<think></think>')).toHaveLength(2);
  });

  it('a trace example decodes back to prompt + assistant text + <|im_end|>, all assistant tokens as targets', () => {
    for (const [trace] of examples.slice(0, 50)) {
      const enc = encodeExample(tok, trace!, eos);
      const promptLength = encode(renderPrompt(tok, trace!.question)).length;
      expect(tok.decode(enc.ids)).toBe(renderPrompt(tok, trace!.question) + trace!.parts[0]!.text + '<|im_end|>');
      expect(enc.targets).toEqual(enc.ids.map((_, i) => (i < promptLength ? 0 : 1)));
      expect(enc.ids.at(-1)).toBe(eos);
    }
  });

  it('a probe example starts with exactly the tokens the model generates, then the suffix, then the answer as target', () => {
    let probes = 0;
    for (const [trace, ...rest] of examples) {
      const full = encodeExample(tok, trace!, eos).ids;
      for (const probe of rest as Example[]) {
        probes++;
        const enc = encodeExample(tok, probe, eos);
        const answer = encode(probe.parts[2]!.text);
        const contextLength = enc.ids.length - answer.length - 1;
        const suffix = encode(PROBE_SUFFIX);
        // The cut falls on a token boundary of the full trace: the checkpoint the app probes at.
        expect(enc.ids.slice(0, contextLength - suffix.length)).toEqual(full.slice(0, contextLength - suffix.length));
        expect(enc.ids.slice(contextLength - suffix.length, contextLength)).toEqual(suffix);
        expect(enc.targets).toEqual(enc.ids.map((_, i) => (i < contextLength ? 0 : 1)));
        expect(tok.decode(enc.ids.slice(contextLength))).toMatch(/^\{\d+\}<\|im_end\|>$/);
      }
    }
    expect(probes).toBeGreaterThan(200);
  });
});
