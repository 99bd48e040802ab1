/**
 * Sequential draws for the tiny reasoner's data generator (problems, traces, probe answers) on top of
 * core's counter-based RNG (src/core/rng.ts): draw k of a stream is `RowRng(seed, row).uniform('sample', k)`,
 * so the same seed gives the same data on every machine. This is data generation only; decoding draws
 * its randomness inside the engine.
 */
import { RowRng } from '../../src/core/rng';

/** 32-bit FNV-1a of a label: the RowRng row of a named stream. */
function labelRow(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Rng {
  private readonly source: RowRng;
  private index = 0;

  /** Stream `row` (default 0) of `seed`; seed is a non-negative integer below 2^53. */
  constructor(seed: number, row = 0) {
    this.source = new RowRng(seed, row);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.source.uniform('sample', this.index++);
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** An independent stream of `seed` named by `label` (e.g. 'heldout', 'train', 'traces'). */
  static derive(seed: number, label: string): Rng {
    return new Rng(seed, labelRow(label));
  }
}
