import { RowRng } from '../../../src/core/rng';

/** Seeded test inputs (RowRng's 'probe' stream; never Math.random). */
export class TestRandom {
  private readonly rng: RowRng;
  private index = 0;

  constructor(seed: number) {
    this.rng = new RowRng(seed, 0);
  }

  next(): number {
    return this.rng.uniform('probe', this.index++);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  shuffle(n: number): Int32Array {
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    return perm;
  }
}

export type LogitsKind = 'normal' | 'zipf' | 'ties' | 'masked' | 'flat';
export const LOGITS_KINDS: readonly LogitsKind[] = ['normal', 'zipf', 'ties', 'masked', 'flat'];

/**
 * A logits row of length n:
 * - normal: N(0, s²) with s ∈ [0.5, 4];
 * - zipf: −a·ln(rank) + small noise with shuffled ids, a ∈ [0.3, 2] (a < 1 gives heavy tails that need long
 *   canonical prefixes);
 * - ties: integers in a narrow range (many exact ties, also at the argmax);
 * - masked: normal with about a fifth of the ids at −∞;
 * - flat: all equal but a few.
 */
export function makeLogits(r: TestRandom, n: number, kind: LogitsKind): Float32Array {
  const out = new Float32Array(n);
  if (kind === 'zipf') {
    const a = 0.3 + 1.7 * r.next();
    const perm = r.shuffle(n);
    for (let rank = 0; rank < n; rank++) out[perm[rank]!] = -a * Math.log(rank + 1) + 0.05 * r.normal();
  } else if (kind === 'ties') {
    const levels = r.int(2, 6);
    for (let i = 0; i < n; i++) out[i] = r.int(0, levels);
  } else if (kind === 'flat') {
    for (let i = 0; i < n; i++) out[i] = r.next() < 0.02 ? 1 : 0;
  } else {
    const s = 0.5 + 3.5 * r.next();
    for (let i = 0; i < n; i++) out[i] = s * r.normal();
    if (kind === 'masked') {
      for (let i = 0; i < n; i++) if (r.next() < 0.2) out[i] = -Infinity;
      out[r.int(0, n - 1)] = 0; // at least one finite logit
    }
  }
  return out;
}

/** Float32 logits whose softmax at T = 1 is p (p normalised or not; zeros become −∞). */
export function logitsOf(p: readonly number[]): Float32Array {
  return Float32Array.from(p, (v) => (v > 0 ? Math.log(v) : -Infinity));
}
