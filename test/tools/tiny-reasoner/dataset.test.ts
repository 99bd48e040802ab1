import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveQwen3Tokenizer, tokenId, writeTokenizerFiles } from '../../../tools/model-builder/tokenizer';
import { CGRS_PROBE_SUFFIX as PROBE_SUFFIX, CGRS_TRIGGER_WORDS as TRIGGER_WORDS } from '../../../src/core/methods/limits';
import { encodeExample, keepWordsFor, loadTokenizer, renderExamples, renderPrompt, tokenTexts } from '../../../tools/tiny-reasoner/dataset';
import { problemSet } from '../../../tools/tiny-reasoner/problems';

describe('tiny reasoner dataset encoding', () => {
  const examples = renderExamples(problemSet(31, 'test', 300), 31);
  let dir: string;
  let tok: PreTrainedTokenizer;
  let eos: number;
  let texts: string[];
  const encode = (s: string) => tok.encode(s, { add_special_tokens: false });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-reasoner-'));
    const derived = deriveQwen3Tokenizer({ merges: 50, keepWords: keepWordsFor(examples) });
    writeTokenizerFiles(join(dir, 'tok'), derived);
    eos = tokenId(derived.tokenizer, '<|im_end|>');
    tok = await loadTokenizer(join(dir, 'tok'));
    texts = tokenTexts(tok, derived.size);
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

  it('the trace part decodes back to prompt + assistant text + <|im_end|>, all assistant tokens as targets', () => {
    for (const e of examples.slice(0, 50)) {
      const enc = encodeExample(tok, e, eos, texts);
      const trace = enc.groups.filter((g) => g === 0).length;
      const promptLength = encode(renderPrompt(tok, e.question)).length;
      expect(tok.decode(enc.ids.slice(0, trace))).toBe(renderPrompt(tok, e.question) + e.assistant + '<|im_end|>');
      expect(enc.targets.slice(0, trace)).toEqual(enc.ids.slice(0, trace).map((_, i) => (i < promptLength ? 0 : 1)));
      expect(enc.positions.slice(0, trace)).toEqual(enc.ids.slice(0, trace).map((_, i) => i));
      expect(enc.visible.slice(0, trace).every((v) => v === 0)).toBe(true);
    }
  });

  it('each probe branch sees exactly the tokens the model generated up to the checkpoint, then suffix and answer', () => {
    let probes = 0;
    for (const e of examples) {
      const enc = encodeExample(tok, e, eos, texts);
      const promptLength = encode(renderPrompt(tok, e.question)).length;
      e.probes.forEach((probe, b) => {
        probes++;
        const at = enc.groups.map((g, i) => (g === b + 1 ? i : -1)).filter((i) => i >= 0);
        const cut = enc.visible[at[0]!]!;
        // What the branch sees is what encoding the cut text on its own gives (the checkpoint's tokens).
        expect(enc.ids.slice(0, cut)).toEqual([...encode(renderPrompt(tok, e.question)), ...encode(probe.prefix)]);
        expect(cut).toBeGreaterThan(promptLength);
        const ids = at.map((i) => enc.ids[i]!);
        const suffix = encode(PROBE_SUFFIX);
        expect(ids.slice(0, suffix.length)).toEqual(suffix);
        expect(tok.decode(ids.slice(suffix.length))).toBe(`${probe.answer}<|im_end|>`);
        expect(at.map((i) => enc.positions[i])).toEqual(at.map((_, k) => cut + k));
        expect(at.map((i) => enc.targets[i])).toEqual(at.map((_, k) => (k < suffix.length ? 0 : 1)));
        expect(at.every((i) => enc.visible[i] === cut)).toBe(true);
        // Branches are contiguous, so a target's predecessor in the row is its predecessor in the branch.
        expect(at.at(-1)! - at[0]!).toBe(at.length - 1);
      });
    }
    expect(probes).toBeGreaterThan(500);
  });
});
