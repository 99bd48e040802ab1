import { CGRS_TRIGGER_WORDS } from '../../core/methods/params';
import type { TokenizerLike } from '../runtime/tokenizer';

export interface VocabIds {
  readonly thinkStartId: number | null;
  readonly thinkEndId: number | null;
  readonly eosIds: readonly number[];
  /** Trigger words that encode to exactly one token (kept) and the ones dropped. */
  readonly triggers: readonly { word: string; id: number }[];
  readonly droppedTriggerWords: readonly string[];
  /** Encodings fed without sampling by CGRS (spec §4.7). */
  readonly boundaryIds: readonly number[];
  readonly thinkEndForcedIds: readonly number[];
}

function singleToken(tok: TokenizerLike, text: string): number | null {
  const ids = tok.encode(text);
  return ids.length === 1 ? ids[0]! : null;
}

/**
 * Turns words into id sets once, at load time; ids are never hard-coded (the tiny model has its
 * own vocabulary, and 151644/151645 mean different tokens in Qwen3 and R1-Distill).
 */
export function deriveVocabIds(
  tok: TokenizerLike,
  eosIds: readonly number[],
  triggerWords: readonly string[] = CGRS_TRIGGER_WORDS,
): VocabIds {
  const triggers: { word: string; id: number }[] = [];
  const dropped: string[] = [];
  for (const word of triggerWords) {
    const id = singleToken(tok, word);
    if (id === null) dropped.push(word);
    else triggers.push({ word, id });
  }
  return {
    thinkStartId: singleToken(tok, '<think>'),
    thinkEndId: singleToken(tok, '</think>'),
    eosIds: [...new Set(eosIds)],
    triggers,
    droppedTriggerWords: dropped,
    boundaryIds: tok.encode('\n\n'),
    thinkEndForcedIds: tok.encode('\n</think>\n\n'),
  };
}

/** Trigger ids for a custom word list (the CGRS params may name other words). */
export function triggerIdsFor(tok: TokenizerLike, words: readonly string[]): Int32Array {
  const ids: number[] = [];
  for (const w of words) {
    const id = singleToken(tok, w);
    if (id !== null) ids.push(id);
  }
  return Int32Array.from(new Set(ids));
}
