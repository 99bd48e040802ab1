/**
 * Small numeric helpers for evaluating the tiny reasoner: softmax sampling with a seeded PRNG,
 * CGRS certainty ('topk' normalisation, decoding spec §4.5) and boxed-answer extraction.
 */
import type { Rng } from './rng';

/** Softmax of logits[0..size) at temperature t, in float64. */
export function softmax(logits: ArrayLike<number>, size: number, t = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < size; i++) max = Math.max(max, logits[i]!);
  const p = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += p[i] = Math.exp((logits[i]! - max) / t);
  for (let i = 0; i < size; i++) p[i]! /= sum;
  return p;
}

export function argmax(values: ArrayLike<number>, size: number): number {
  let best = 0;
  for (let i = 1; i < size; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Inverse-CDF draw from a distribution. */
export function sampleFrom(p: Float64Array, rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < p.length; i++) {
    u -= p[i]!;
    if (u < 0) return i;
  }
  let last = p.length - 1;
  while (last > 0 && p[last] === 0) last--;
  return last;
}

/** −Σ p ln p over the K most probable entries, not renormalised (the reference code's H̃). */
export function topKEntropy(p: Float64Array, k: number): number {
  const top = Array.from(p).sort((a, b) => b - a).slice(0, k);
  return -top.reduce((s, x) => (x > 0 ? s + x * Math.log(x) : s), 0);
}

/**
 * CGRS certainty from the probe's next-token distributions: position 0 (the expected "{") is
 * skipped, C = 1 − mean H̃_i / ln K over the rest; 0 when there is no position after the first.
 */
export function topKCertainty(dists: readonly Float64Array[], k = 5): number {
  if (dists.length <= 1) return 0;
  let sum = 0;
  for (let i = 1; i < dists.length; i++) sum += topKEntropy(dists[i]!, k);
  return 1 - sum / (dists.length - 1) / Math.log(k);
}

/** The content of the last `\boxed{…}` with balanced braces, or null (none, or never closed). */
export function lastBoxed(text: string): string | null {
  const at = text.lastIndexOf('\\boxed{');
  if (at < 0) return null;
  let depth = 0;
  for (let i = at + '\\boxed'.length; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(at + '\\boxed{'.length, i);
  }
  return null;
}

/** Whether a boxed answer is the expected integer (surrounding spaces and a `$` ignored). */
export function isCorrect(boxed: string | null, answer: string): boolean {
  if (boxed === null) return false;
  const got = boxed.replace(/[\s$]/g, '');
  return /^-?\d+$/.test(got) && Number(got) === Number(answer);
}
