/**
 * Just enough of Qwen3's byte-level BPE to find which merges it applies to a word: the
 * pre-tokenizer split, the GPT-2 byte→symbol map and the merge loop.
 */

// Qwen3's Split pattern. JS in Node 20 has no inline `(?i:…)` group, so the contractions spell out both cases.
const PRE_TOKENIZER = new RegExp(
  "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  'gu',
);

/** The pieces Qwen3's pre-tokenizer cuts `text` into (after NFC normalization). */
export function preTokenize(text: string): string[] {
  return text.normalize('NFC').match(PRE_TOKENIZER) ?? [];
}

let byteToSymbol: string[] | undefined;

/** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 and up. */
function byteSymbols(): string[] {
  if (byteToSymbol) return byteToSymbol;
  const table: string[] = new Array<string>(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  byteToSymbol = table;
  return table;
}

/** `text` as byte-level symbols (one char per UTF-8 byte). */
export function toByteLevel(text: string): string {
  const table = byteSymbols();
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += table[b];
  return out;
}

export interface BpeMerges {
  /** Ranks of the merges BPE applies to one pre-tokenized, byte-level piece, in order applied. */
  appliedMerges(piece: string): number[];
}

const memo = new WeakMap<readonly (readonly [string, string])[], BpeMerges>();

export function qwen3BpeMerges(merges: readonly (readonly [string, string])[]): BpeMerges {
  const known = memo.get(merges);
  if (known) return known;
  const rank = new Map<string, number>();
  merges.forEach(([a, b], r) => { if (!rank.has(`${a}\u0000${b}`)) rank.set(`${a}\u0000${b}`, r); });
  const result: BpeMerges = {
    appliedMerges(piece) {
      const symbols = Array.from(piece);
      const applied: number[] = [];
      for (;;) {
        let best = -1;
        let bestRank = Infinity;
        for (let i = 0; i + 1 < symbols.length; i++) {
          const r = rank.get(`${symbols[i]}\u0000${symbols[i + 1]}`);
          if (r !== undefined && r < bestRank) { bestRank = r; best = i; }
        }
        if (best < 0) return applied;
        symbols.splice(best, 2, symbols[best]! + symbols[best + 1]!);
        applied.push(bestRank);
      }
    },
  };
  memo.set(merges, result);
  return result;
}
