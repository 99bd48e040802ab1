/**
 * The run seed as people type it (page field, CLI flag, link). Strict decimal digits only: `Number('')`,
 * `Number(' ')` and `Number('0x10')` would quietly give 0, 0 and 16, and a seed that means something else
 * than what was typed breaks replay.
 */

/** Largest seed the page, the CLI and links accept (2^32 − 1; question i of an eval runs with seed + i). */
export const MAX_SEED = 0xffff_ffff;

export function parseSeed(text: string): { value: number } | { error: string } {
  if (!/^\d+$/.test(text)) {
    const shown = text.length > 24 ? `${text.slice(0, 21)}...` : text;
    return { error: `must be a whole number from 0 to ${MAX_SEED}, written in decimal digits; got "${shown}"` };
  }
  const n = Number(text);
  if (n > MAX_SEED) return { error: `must be at most ${MAX_SEED}; got ${text.length > 24 ? `${text.slice(0, 21)}...` : text}` };
  return { value: n };
}
