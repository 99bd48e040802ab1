/**
 * The tiny reasoner's training set: traces and probe samples rendered with the real Qwen3 chat
 * template, tokenized with the derived tokenizer, written as flat binaries for the Python trainer.
 *
 * Files in `outDir`: tokens.bin (uint16 ids), targets.bin (uint8 per token, 1 = loss target),
 * examples.bin (uint32 pairs: start, length), meta.json, and tokenizer/ (the derived tokenizer).
 * The first `validation_examples` examples are a validation split (never trained on).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { deriveQwen3Tokenizer, tokenId, writeTokenizerFiles } from '../model-builder/tokenizer';
import { type Problem, PHRASINGS } from './problems';
import { Rng } from './rng';
import { assistantText, PROBE_SUFFIX, probeAnswer, probePoints, probePrefix, renderTrace, type Trace } from './traces';

/** CGRS's 14 trigger strings (decoding spec §4.2): kept as single tokens so the app finds them all. */
export const TRIGGER_WORDS = [
  'Wait', ' Wait', 'wait', ' wait', 'But', ' But', 'but', ' but',
  'Alternatively', ' Alternatively', 'Alternative', ' Alternative', 'Hmm', ' Hmm',
] as const;

/** A training example after the prompt: text parts, each a loss target or context only. */
export interface Example {
  question: string;
  parts: { text: string; loss: boolean }[];
}

export interface ExampleOptions {
  /** Chance that a problem also yields a probe sample (a trace cut after a random step). */
  probeRate: number;
  /** Chance of a second probe sample from the same trace. */
  secondProbeRate: number;
}
export const DEFAULT_EXAMPLE_OPTIONS: ExampleOptions = { probeRate: 0.8, secondProbeRate: 0.3 };

export function traceExample(question: string, trace: Trace): Example {
  return { question, parts: [{ text: assistantText(trace), loss: true }] };
}

/** A probe sample: the trace up to step j's blank line, the CGRS suffix, then the answer as the only target. */
export function probeExample(question: string, trace: Trace, j: number, rng: Rng): Example {
  return {
    question,
    parts: [
      { text: probePrefix(trace, j), loss: false },
      { text: PROBE_SUFFIX, loss: false },
      { text: probeAnswer(trace, j, rng), loss: true },
    ],
  };
}

/** The examples of each problem, in problem order: its trace, then its probe samples. */
export function renderExamples(problems: readonly Problem[], seed: number, opts = DEFAULT_EXAMPLE_OPTIONS): Example[][] {
  const traceRng = Rng.derive(seed, 'traces');
  const probeRng = Rng.derive(seed, 'probes');
  return problems.map((p) => {
    const trace = renderTrace(p, traceRng);
    const out = [traceExample(p.question, trace)];
    const points = probePoints(trace);
    if (probeRng.chance(opts.probeRate)) out.push(probeExample(p.question, trace, probeRng.int(0, points - 1), probeRng));
    if (probeRng.chance(opts.secondProbeRate)) out.push(probeExample(p.question, trace, probeRng.int(0, points - 1), probeRng));
    return out;
  });
}

/**
 * Words the derived tokenizer must keep whole: every distinct text of the data (digits are single
 * tokens anyway, so texts are deduplicated with digits blanked), the phrasings, the probe suffix and
 * the CGRS trigger words.
 */
export function keepWordsFor(examples: readonly Example[]): string[] {
  const texts = new Set<string>(['user\n', 'assistant\n', 'system\n', PROBE_SUFFIX, ...TRIGGER_WORDS]);
  for (const kind of Object.values(PHRASINGS)) for (const phrase of kind) texts.add(phrase([1, 2, 3]));
  for (const e of examples) {
    texts.add(e.question.replace(/\d/g, '0'));
    for (const part of e.parts) texts.add(part.text.replace(/\d/g, '0'));
  }
  return [...texts].sort();
}

export async function loadTokenizer(dir: string): Promise<PreTrainedTokenizer> {
  const abs = resolve(dir);
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = join(abs, '..');
  return AutoTokenizer.from_pretrained(abs.split(/[\\/]/).pop()!);
}

/** The prompt as the app renders it: the real chat template with add_generation_prompt. */
export function renderPrompt(tokenizer: PreTrainedTokenizer, question: string): string {
  return tokenizer.apply_chat_template([{ role: 'user', content: question }], { tokenize: false, add_generation_prompt: true }) as string;
}

export interface EncodedExample { ids: number[]; targets: number[] }

/** Prompt (context) + parts, each encoded on its own as the runtime feeds them, + <|im_end|> (target). */
export function encodeExample(tokenizer: PreTrainedTokenizer, e: Example, eosId: number): EncodedExample {
  const ids: number[] = [];
  const targets: number[] = [];
  const push = (tokens: number[], loss: boolean) => {
    for (const t of tokens) { ids.push(t); targets.push(loss ? 1 : 0); }
  };
  push(tokenizer.encode(renderPrompt(tokenizer, e.question), { add_special_tokens: false }), false);
  for (const part of e.parts) push(tokenizer.encode(part.text, { add_special_tokens: false }), part.loss);
  push([eosId], true);
  return { ids, targets };
}

export interface DatasetMeta {
  vocab_size: number;
  tokenizer_size: number;
  pad_id: number;
  eos_id: number;
  max_position_embeddings: number;
  validation_examples: number;
  examples: number;
  tokens: number;
  longest_example: number;
  check_input_ids: number[];
}

export interface DatasetInput {
  outDir: string;
  seed: number;
  /** Training problems (already disjoint from the held-out set); the first `validationProblems` validate. */
  problems: readonly Problem[];
  validationProblems: number;
  /** Qwen3 merges kept beyond the data's own words (common English for users' own wording). */
  merges: number;
  /** A held-out problem whose prompt + trace start becomes the weights file's check sequence. */
  checkProblem: Problem;
}

export const MAX_POSITION_EMBEDDINGS = 2048;
/** The context the data must fit in (longest trace + probe), well under the model's positions. */
export const CONTEXT_LIMIT = 512;

export async function buildDataset(input: DatasetInput): Promise<DatasetMeta> {
  const perProblem = renderExamples(input.problems, input.seed);
  const examples = perProblem.flat();
  const validation = perProblem.slice(0, input.validationProblems).flat().length;

  const derived = deriveQwen3Tokenizer({ merges: input.merges, keepWords: keepWordsFor(examples) });
  const tokDir = join(input.outDir, 'tokenizer');
  writeTokenizerFiles(tokDir, derived);
  const tokenizer = await loadTokenizer(tokDir);
  const eosId = tokenId(derived.tokenizer, '<|im_end|>');
  const padId = tokenId(derived.tokenizer, '<|endoftext|>');

  const ids: number[] = [];
  const targets: number[] = [];
  const bounds: number[] = [];
  let longest = 0;
  for (const e of examples) {
    const enc = encodeExample(tokenizer, e, eosId);
    if (enc.ids.length > CONTEXT_LIMIT) throw new Error(`example longer than ${CONTEXT_LIMIT} tokens: ${e.question}`);
    bounds.push(ids.length, enc.ids.length);
    longest = Math.max(longest, enc.ids.length);
    for (let i = 0; i < enc.ids.length; i++) { ids.push(enc.ids[i]!); targets.push(enc.targets[i]!); }
  }

  const checkTrace = renderTrace(input.checkProblem, new Rng(input.seed));
  const checkText = renderPrompt(tokenizer, input.checkProblem.question) + probePrefix(checkTrace, 1);
  const meta: DatasetMeta = {
    vocab_size: Math.ceil(derived.size / 64) * 64,
    tokenizer_size: derived.size,
    pad_id: padId,
    eos_id: eosId,
    max_position_embeddings: MAX_POSITION_EMBEDDINGS,
    validation_examples: validation,
    examples: examples.length,
    tokens: ids.length,
    longest_example: longest,
    check_input_ids: tokenizer.encode(checkText, { add_special_tokens: false }),
  };
  mkdirSync(input.outDir, { recursive: true });
  writeFileSync(join(input.outDir, 'tokens.bin'), new Uint8Array(Uint16Array.from(ids).buffer));
  writeFileSync(join(input.outDir, 'targets.bin'), Uint8Array.from(targets));
  writeFileSync(join(input.outDir, 'examples.bin'), new Uint8Array(Uint32Array.from(bounds).buffer));
  writeFileSync(join(input.outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}
