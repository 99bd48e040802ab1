import type { SamplingParams } from '../../../src/core/sampling/types';

/**
 * Test oracle: the sampling rules of spec §1-§3 written the obvious way (Math.exp softmax, full sort of the
 * vocabulary into canonical order, then each rule on the sorted list). Independent of src/core/sampling.
 */

export interface RefDistribution {
  /** Normalised probabilities by token id. */
  probs: Float64Array;
  /** H(p), nats. */
  entropy: number;
}

/** softmax(l / T) over ids < valid, masked ids excluded. */
export function refSoftmax(logits: ArrayLike<number>, t: number, valid = logits.length, mask: ArrayLike<number> = []): RefDistribution {
  const masked = new Set(Array.from(mask));
  const z = Array.from(logits, (l, i) => (i < valid && !masked.has(i) ? l / t : -Infinity));
  const max = Math.max(...z.filter((v) => v > -Infinity));
  const e = z.map((v) => (v === -Infinity ? 0 : Math.exp(v - max)));
  const sum = e.reduce((a, b) => a + b, 0);
  const probs = Float64Array.from(e, (v) => v / sum);
  return { probs, entropy: refEntropy(probs) };
}

export function refEntropy(probs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i]! > 0) sum -= probs[i]! * Math.log(probs[i]!);
  return sum;
}

/** Ids with p > 0 in canonical order: descending p, ties by ascending id. */
export function refOrder(probs: ArrayLike<number>): number[] {
  const ids: number[] = [];
  for (let i = 0; i < probs.length; i++) if (probs[i]! > 0) ids.push(i);
  return ids.sort((a, b) => probs[b]! - probs[a]! || a - b);
}

export function refTopK(probs: ArrayLike<number>, kept: number[], k: number): number[] {
  return kept.slice(0, Math.min(k, kept.length));
}

export function refTopP(probs: ArrayLike<number>, kept: number[], p: number): number[] {
  const mass = kept.reduce((a, id) => a + probs[id]!, 0);
  let run = 0;
  for (let j = 0; j < kept.length; j++) {
    run += probs[kept[j]!]! / mass;
    if (run >= p) return kept.slice(0, j + 1);
  }
  return kept;
}

export function refMinP(probs: ArrayLike<number>, kept: number[], minP: number): number[] {
  const threshold = minP * probs[kept[0]!]!;
  return kept.filter((id) => probs[id]! >= threshold);
}

export interface RefTopH {
  kept: number[];
  threshold: number;
}

/** Top-H on the full canonical order (spec §3.3 pseudo-code). */
export function refTopH(probs: ArrayLike<number>, alpha: number, mode: 'paper' | 'reference', topN = mode === 'reference' ? 100 : Infinity): RefTopH {
  const cand = refOrder(probs).slice(0, topN);
  const xlogx = (p: number): number => (p > 0 ? p * Math.log(p) : 0);
  const threshold = mode === 'paper' ? alpha * refEntropy(probs) : -alpha * cand.reduce((a, id) => a + xlogx(probs[id]!), 0);
  if (alpha === 1) return { kept: cand, threshold };
  let g = probs[cand[0]!]!;
  let h = xlogx(g);
  for (let j = 1; j < cand.length; j++) {
    g += probs[cand[j]!]!;
    h += xlogx(probs[cand[j]!]!);
    const stat = mode === 'paper' ? Math.log(g) - h / g : -h;
    if (stat > threshold) return { kept: cand.slice(0, j), threshold };
  }
  return { kept: cand, threshold };
}

/** First token of `kept` (canonical order) whose running mass exceeds u · Σ_kept p. */
export function refDraw(probs: ArrayLike<number>, kept: number[], u: number): number {
  const mass = kept.reduce((a, id) => a + probs[id]!, 0);
  let run = 0;
  for (const id of kept) {
    run += probs[id]!;
    if (run > u * mass) return id;
  }
  return kept[kept.length - 1]!;
}

/** The whole pipeline of spec §1.1 through the oracle: kept ids (canonical order) and its distribution. */
export function refPipeline(logits: Float32Array, params: SamplingParams, valid: number, mask: number[]): { kept: number[]; probs: Float64Array; entropy: number } {
  const { probs, entropy } = refSoftmax(logits, params.temperature, valid, mask);
  let kept = refOrder(probs);
  if (params.topH) kept = refTopH(probs, params.topH.alpha, params.topH.mode, params.topH.topN).kept;
  if (params.topK !== undefined) kept = refTopK(probs, kept, params.topK);
  if (params.topP !== undefined) kept = refTopP(probs, kept, params.topP);
  if (params.minP !== undefined) kept = refMinP(probs, kept, params.minP);
  return { kept, probs, entropy };
}

