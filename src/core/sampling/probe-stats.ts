import type { Candidates } from './candidates';

function assertK(k: number, limit: number): void {
  if (!Number.isInteger(k) || k < 1 || k > limit) throw new Error(`k must be an integer in [1, ${limit}], got ${k}`);
}

/**
 * −Σ p ln p over the first `count` candidates of `c` in canonical order (fewer when fewer have p > 0), not
 * renormalised: CGRS's top-K entropy and Top-H's reference-mode threshold are both this sum.
 */
export function orderedPrefixEntropy(c: Candidates, count: number): { n: number; entropy: number } {
  const prefix = c.ensureOrdered(count);
  const n = Math.min(count, prefix.length);
  const keys = prefix.keys;
  const invZ = 1 / c.total;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const p = keys[j]! * invZ;
    sum -= p * Math.log(p);
  }
  return { n, entropy: sum };
}

/** −Σ_{top-K} p ln p of the distribution last loaded into `c` (whatever its filters kept). */
export function topKEntropy(c: Candidates, k: number): number {
  assertK(k, c.vocabSize);
  return orderedPrefixEntropy(c, k).entropy;
}
