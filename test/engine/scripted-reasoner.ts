/**
 * A scripted "reasoner" for the fake model: <think>, chunks of words separated by "\n\n" (a " Wait"
 * likely right after each boundary), </think> after a number of steps, then answer words ending in EOS
 * with a fixed probability per token. Inside a CGRS probe (the probe suffix appears in the history) it
 * answers with a one-hot (certain) or a spread (uncertain) distribution, chosen per checkpoint.
 */
import type { TokenizerLike } from '../../src/engine/runtime/tokenizer';
import { distribution, type Script } from './fake-model';

export interface ReasonerIds {
  header: number[];
  thinkStart: number;
  thinkEnd: number;
  boundary: number;
  wait: number;
  words: number[];
  digits: number[];
  eos: number;
  suffix: number[];
}

function single(tok: TokenizerLike, text: string): number {
  const ids = tok.encode(text);
  if (ids.length !== 1) throw new Error(`scripted reasoner: ${JSON.stringify(text)} is ${ids.length} tokens`);
  return ids[0]!;
}

export function reasonerIds(tok: TokenizerLike, eos: number, probeSuffix: string): ReasonerIds {
  return {
    header: tok.encode('<|im_start|>assistant\n'),
    thinkStart: single(tok, '<think>'),
    thinkEnd: single(tok, '</think>'),
    boundary: single(tok, '\n\n'),
    wait: single(tok, ' Wait'),
    words: [' step', ' so', ' then', ' four'].map((w) => single(tok, w)),
    digits: ['4', '5', '6'].map((d) => single(tok, d)),
    eos,
    suffix: tok.encode(probeSuffix),
  };
}

export interface ReasonerOptions {
  /** Thinking steps ("\n\n" boundaries) before </think>. */
  steps: number;
  /** Words per chunk before the "\n\n". */
  chunk: number;
  /** P(" Wait") right after a boundary. */
  waitProb: number;
  /** P(EOS) per answer token after the first two. */
  answerEosProb: number;
  /** Whether the probe at a checkpoint with `boundaries` "\n\n" before it is certain. */
  probeCertain: (boundaries: number) => boolean;
}

function lastIndexOfSeq(h: readonly number[], seq: readonly number[], from = h.length - seq.length): number {
  for (let i = from; i >= 0; i--) if (seq.every((v, j) => h[i + j] === v)) return i;
  return -1;
}

function count(h: readonly number[], id: number): number {
  return h.reduce((n, v) => n + (v === id ? 1 : 0), 0);
}

export function reasonerScript(ids: ReasonerIds, vocab: number, opts: ReasonerOptions): Script {
  const one = (id: number): Float32Array => distribution(vocab, new Map([[id, 1]]));
  const words = (extra: [number, number][] = []): Float32Array => {
    const rest = 1 - extra.reduce((s, [, p]) => s + p, 0);
    return distribution(vocab, new Map([...extra, ...ids.words.map((w): [number, number] => [w, rest / ids.words.length])]));
  };
  return (history) => {
    const headerAt = lastIndexOfSeq(history, ids.header);
    const gen = history.slice(headerAt < 0 ? 0 : headerAt + ids.header.length);
    const probeAt = lastIndexOfSeq(gen, ids.suffix);
    if (probeAt >= 0) {
      const certain = opts.probeCertain(count(gen.slice(0, probeAt), ids.boundary));
      const [a, b, c] = ids.digits as [number, number, number];
      return certain ? one(a) : distribution(vocab, new Map([[a, 0.4], [b, 0.35], [c, 0.25]]));
    }
    const start = gen.indexOf(ids.thinkStart);
    if (start < 0) return one(ids.thinkStart);
    const end = gen.indexOf(ids.thinkEnd);
    if (end >= 0) {
      const answered = gen.length - end - 1;
      return answered < 2 ? words() : words([[ids.eos, opts.answerEosProb]]);
    }
    const thinking = gen.slice(start + 1);
    if (count(thinking, ids.boundary) >= opts.steps) return one(ids.thinkEnd);
    const last = thinking[thinking.length - 1];
    if (last === ids.boundary) return words([[ids.wait, opts.waitProb]]);
    const sinceBoundary = thinking.length - 1 - thinking.lastIndexOf(ids.boundary);
    return sinceBoundary >= opts.chunk ? one(ids.boundary) : words();
  };
}
