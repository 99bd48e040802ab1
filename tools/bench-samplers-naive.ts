/**
 * The straightforward baseline for tools/bench-samplers.ts: Math.exp softmax with a normalising pass, then a full
 * sort of the vocabulary into canonical order (descending p, ties by ascending id) before any rule. Same rules as
 * src/core/sampling (spec §2, §3), written for clarity, not speed. Not used by the app.
 */

export type Rule =
  | { kind: 'top-k'; k: number }
  | { kind: 'top-p'; p: number }
  | { kind: 'min-p'; minP: number }
  | { kind: 'top-h'; alpha: number; mode: 'paper' | 'reference'; topN: number };

export interface NaiveScratch {
  probs: Float64Array;
  order: Int32Array;
  /** Tokens with p > 0, then |S| once sorted. */
  size: number;
  sorted: boolean;
  entropy: number;
}

export function scratch(vocab: number): NaiveScratch {
  return { probs: new Float64Array(vocab), order: new Int32Array(vocab), size: 0, sorted: false, entropy: 0 };
}

export function softmax(logits: Float32Array, t: number, valid: number, s: NaiveScratch): void {
  let max = -Infinity;
  for (let i = 0; i < valid; i++) max = Math.max(max, logits[i]! / t);
  let z = 0;
  for (let i = 0; i < valid; i++) {
    s.probs[i] = Math.exp(logits[i]! / t - max);
    z += s.probs[i]!;
  }
  let h = 0;
  let n = 0;
  for (let i = 0; i < valid; i++) {
    const p = s.probs[i]! / z;
    s.probs[i] = p;
    if (p > 0) {
      h -= p * Math.log(p);
      s.order[n++] = i;
    }
  }
  s.size = n;
  s.sorted = false;
  s.entropy = h;
}

function sortAll(s: NaiveScratch): void {
  if (s.sorted) return;
  const p = s.probs;
  s.order.subarray(0, s.size).sort((a, b) => p[b]! - p[a]! || a - b);
  s.sorted = true;
}

function topH(s: NaiveScratch, alpha: number, mode: 'paper' | 'reference', topN: number): number {
  const p = s.probs;
  const cap = Math.min(s.size, topN);
  let threshold = alpha * s.entropy;
  if (mode === 'reference') {
    threshold = 0;
    for (let j = 0; j < cap; j++) threshold -= p[s.order[j]!]! * Math.log(p[s.order[j]!]!);
    threshold *= alpha;
  }
  if (alpha === 1) return cap;
  let g = 0;
  let h = 0;
  for (let j = 0; j < cap; j++) {
    const q = p[s.order[j]!]!;
    g += q;
    h += q * Math.log(q);
    const stat = mode === 'paper' ? Math.log(g) - h / g : -h;
    if (j > 0 && stat > threshold) return j;
  }
  return cap;
}

export function applyRules(s: NaiveScratch, rules: Rule[]): void {
  sortAll(s);
  const p = s.probs;
  for (const r of rules) {
    let mass = 0;
    for (let j = 0; j < s.size; j++) mass += p[s.order[j]!]!;
    if (r.kind === 'top-k') s.size = Math.min(s.size, r.k);
    else if (r.kind === 'top-h') s.size = topH(s, r.alpha, r.mode, r.topN);
    else if (r.kind === 'top-p') {
      let run = 0;
      let j = 0;
      while (j < s.size - 1 && (run += p[s.order[j]!]!) < r.p * mass) j++;
      s.size = j + 1;
    } else {
      const threshold = r.minP * p[s.order[0]!]!;
      let j = 1;
      while (j < s.size && p[s.order[j]!]! >= threshold) j++;
      s.size = j;
    }
  }
}

/** Walks S in canonical order; returns the first token whose running mass exceeds u · Σ_S p. */
export function draw(s: NaiveScratch, u: number): number {
  sortAll(s);
  const p = s.probs;
  let mass = 0;
  for (let j = 0; j < s.size; j++) mass += p[s.order[j]!]!;
  const target = u * mass;
  let run = 0;
  for (let j = 0; j < s.size; j++) {
    run += p[s.order[j]!]!;
    if (run > target) return s.order[j]!;
  }
  return s.order[s.size - 1]!;
}

/**
 * The floor rows: the least any sampler must do to a row of logits. A plain max-reduction reads every logit once;
 * max + Σ Math.exp is the textbook softmax's two passes without the normalising writes.
 */
export function maxReduction(logits: Float32Array, valid: number): number {
  let max = -Infinity;
  for (let i = 0; i < valid; i++) {
    const l = logits[i]!;
    if (l > max) max = l;
  }
  return max;
}

export function maxAndExpSum(logits: Float32Array, valid: number, t: number): number {
  const max = maxReduction(logits, valid);
  const inv = 1 / t;
  let z = 0;
  for (let i = 0; i < valid; i++) z += Math.exp((logits[i]! - max) * inv);
  return z;
}
