/**
 * The tiny reasoner's training set: traces and probe samples rendered with the real Qwen3 chat
 * template, tokenized with the derived tokenizer, written as flat binaries for the Python trainer.
 *
 * A probe sample is its own sequence (the trace cut after a step, the CGRS suffix, the answer as the
 * only target), but it is stored as a *branch* packed after its trace: it attends only to the first
 * `cut` trace tokens and to itself, at positions cut, cut+1, … — exactly the separate sequence, for a
 * fraction of the compute.
 *
 * Files in `outDir`, one entry per token: tokens.bin (uint16 ids), targets.bin (uint8, 1 = loss
 * target), positions.bin (uint16), groups.bin (uint8: 0 = the trace, b = probe branch b),
 * visible.bin (uint16: how many leading trace tokens a branch token sees; 0 in the trace); plus
 * examples.bin (uint32 pairs: start, length), meta.json and tokenizer/ (the derived tokenizer).
 * The first `validation_examples` examples are a validation split (never trained on).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { deriveQwen3Tokenizer, tokenId, writeTokenizerFiles } from '../model-builder/tokenizer';
import { type Problem, PHRASINGS } from './problems';
import { CGRS_PROBE_SUFFIX, CGRS_TRIGGER_WORDS } from '../../src/core/methods/limits';
import { Rng } from './data-rng';
import { assistantText, probeAnswer, probePoints, probePrefix, renderTrace } from './traces';

/** CGRS's trigger strings and probe suffix are core's (spec §4.2, §4.4): the data uses exactly what the engine masks and appends. */
export const TRIGGER_WORDS = CGRS_TRIGGER_WORDS;
export const PROBE_SUFFIX = CGRS_PROBE_SUFFIX;

/** One problem's training text: the assistant turn (all of it a target) and its probe samples. */
export interface Example {
  question: string;
  assistant: string;
  /** Each probe: the assistant text up to a checkpoint (context), then PROBE_SUFFIX, then `answer` (target). */
  probes: { prefix: string; answer: string }[];
}

/** Probe samples per trace: the checkpoint after the work step, and up to this many more drawn at random. */
export const EXTRA_PROBES_PER_TRACE = 2;

/** One example per problem, in problem order. */
export function renderExamples(problems: readonly Problem[], seed: number, extraProbes = EXTRA_PROBES_PER_TRACE): Example[] {
  const traceRng = Rng.derive(seed, 'traces');
  const probeRng = Rng.derive(seed, 'probes');
  return problems.map((p) => {
    const trace = renderTrace(p, traceRng);
    const rest = Array.from({ length: probePoints(trace) - 1 }, (_, j) => j + 1);
    const points = [0];
    while (points.length <= extraProbes && rest.length > 0) points.push(rest.splice(probeRng.int(0, rest.length - 1), 1)[0]!);
    const probes = points.map((j) => ({ prefix: probePrefix(trace, j), answer: probeAnswer(trace, j, probeRng) }));
    return { question: p.question, assistant: assistantText(trace), probes };
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
    for (const text of [e.question, e.assistant, ...e.probes.map((p) => p.answer)]) texts.add(text.replace(/\d/g, '0'));
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

export interface EncodedExample {
  ids: number[];
  targets: number[];
  positions: number[];
  groups: number[];
  visible: number[];
}

/** Token id → its text, for finding where a text prefix ends in a token sequence (our data is ASCII). */
export function tokenTexts(tokenizer: PreTrainedTokenizer, size: number): string[] {
  return Array.from({ length: size }, (_, id) => tokenizer.decode([id]));
}

/** How many of `ids` spell exactly `prefix`; throws if the prefix ends inside a token. */
function tokensSpelling(ids: readonly number[], texts: readonly string[], prefix: string): number {
  let length = 0;
  for (let i = 0; i < ids.length; i++) {
    if (length === prefix.length) return i;
    length += texts[ids[i]!]!.length;
    if (length > prefix.length) break;
  }
  if (length === prefix.length) return ids.length;
  throw new Error(`probe cut is not a token boundary of the trace: ${JSON.stringify(prefix.slice(-40))}`);
}

/**
 * The trace (prompt as context, assistant turn + <|im_end|> as targets), then one branch per probe:
 * PROBE_SUFFIX (context) + answer + <|im_end|> (targets), each piece encoded on its own as the app
 * feeds it. A probe's cut is where its prefix ends among the trace's tokens.
 */
export function encodeExample(tokenizer: PreTrainedTokenizer, e: Example, eosId: number, texts: readonly string[]): EncodedExample {
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  const out: EncodedExample = { ids: [], targets: [], positions: [], groups: [], visible: [] };
  const push = (tokens: number[], loss: boolean, group: number, visible: number, firstPosition: number) => {
    tokens.forEach((t, k) => {
      out.ids.push(t);
      out.targets.push(loss ? 1 : 0);
      out.positions.push(firstPosition + k);
      out.groups.push(group);
      out.visible.push(visible);
    });
  };
  const prompt = encode(renderPrompt(tokenizer, e.question));
  const assistant = encode(e.assistant);
  if (assistant.map((t) => texts[t]).join('') !== e.assistant) throw new Error('encodeExample: token texts do not spell the trace (non-ASCII data?)');
  push(prompt, false, 0, 0, 0);
  push([...assistant, eosId], true, 0, 0, prompt.length);
  const suffix = encode(PROBE_SUFFIX);
  e.probes.forEach((probe, b) => {
    const cut = prompt.length + tokensSpelling(assistant, texts, probe.prefix);
    push(suffix, false, b + 1, cut, cut);
    push([...encode(probe.answer), eosId], true, b + 1, cut, cut + suffix.length);
  });
  return out;
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
  /** Longest trace (positions used). */
  longest_example: number;
  /** Longest trace + its probe branches (the row length the trainer pads to). */
  longest_packed: number;
  check_input_ids: number[];
}

export interface DatasetInput {
  outDir: string;
  seed: number;
  /** Training problems (already disjoint from the held-out set); the first `validationProblems` validate (one example each). */
  problems: readonly Problem[];
  validationProblems: number;
  /** Qwen3 merges kept beyond the data's own words (common English for users' own wording). */
  merges: number;
  /** A held-out problem whose prompt + trace start becomes the weights file's check sequence. */
  checkProblem: Problem;
}

export const MAX_POSITION_EMBEDDINGS = 2048;
/** The context the data must fit in (longest trace + probe), well under the model's positions. */
export const CONTEXT_LIMIT = 768;

export async function buildDataset(input: DatasetInput): Promise<DatasetMeta> {
  const examples = renderExamples(input.problems, input.seed);
  const validation = input.validationProblems;

  const derived = deriveQwen3Tokenizer({ merges: input.merges, keepWords: keepWordsFor(examples) });
  const tokDir = join(input.outDir, 'tokenizer');
  writeTokenizerFiles(tokDir, derived);
  const tokenizer = await loadTokenizer(tokDir);
  const eosId = tokenId(derived.tokenizer, '<|im_end|>');
  const padId = tokenId(derived.tokenizer, '<|endoftext|>');

  const columns = { ids: [] as number[], targets: [] as number[], positions: [] as number[], groups: [] as number[], visible: [] as number[] };
  const bounds: number[] = [];
  let longest = 0;
  let longestPacked = 0;
  const texts = tokenTexts(tokenizer, derived.size);
  for (const e of examples) {
    const enc = encodeExample(tokenizer, e, eosId, texts);
    const traceLength = enc.groups.filter((g) => g === 0).length;
    if (traceLength > CONTEXT_LIMIT) throw new Error(`example longer than ${CONTEXT_LIMIT} tokens: ${e.question}`);
    bounds.push(columns.ids.length, enc.ids.length);
    longest = Math.max(longest, traceLength);
    longestPacked = Math.max(longestPacked, enc.ids.length);
    for (const k of Object.keys(columns) as (keyof typeof columns)[]) for (const v of enc[k]) columns[k].push(v);
  }

  const checkTrace = renderTrace(input.checkProblem, new Rng(input.seed));
  const checkText = renderPrompt(tokenizer, input.checkProblem.question) + probePrefix(checkTrace, 0);
  const meta: DatasetMeta = {
    vocab_size: Math.ceil(derived.size / 64) * 64,
    tokenizer_size: derived.size,
    pad_id: padId,
    eos_id: eosId,
    max_position_embeddings: MAX_POSITION_EMBEDDINGS,
    validation_examples: validation,
    examples: examples.length,
    tokens: columns.ids.length,
    longest_example: longest,
    longest_packed: longestPacked,
    check_input_ids: tokenizer.encode(checkText, { add_special_tokens: false }),
  };
  mkdirSync(input.outDir, { recursive: true });
  const bin = (name: string, data: ArrayBufferView) => writeFileSync(join(input.outDir, name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  bin('tokens.bin', Uint16Array.from(columns.ids));
  bin('targets.bin', Uint8Array.from(columns.targets));
  bin('positions.bin', Uint16Array.from(columns.positions));
  bin('groups.bin', Uint8Array.from(columns.groups));
  bin('visible.bin', Uint16Array.from(columns.visible));
  bin('examples.bin', Uint32Array.from(bounds));
  writeFileSync(join(input.outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}
