import { describe, expect, it } from 'vitest';
import { fmix64, RowRng, seedFor, type RngStream, type U64 } from '../../src/core/rng';

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64 finaliser in BigInt: the specification the 32-bit-halves version must match bit for bit. */
function fmix64Big(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

const toBig = (v: U64): bigint => (BigInt(v.hi >>> 0) << 32n) | BigInt(v.lo >>> 0);
const fromBig = (b: bigint): U64 => ({ hi: Number(b >> 32n), lo: Number(b & 0xffffffffn) });

describe('fmix64', () => {
  it('gives the first SplitMix64 output for seed 0 (state = golden gamma)', () => {
    const z = fromBig(0x9e3779b97f4a7c15n);
    fmix64(z);
    expect(toBig(z)).toBe(0xe220a8397b1dcdafn);
  });

  it('matches a BigInt implementation on many inputs, including carries and all-ones', () => {
    const inputs: bigint[] = [0n, 1n, MASK64, 0xffffffffn, 0xffffffff00000000n, 0x8000000000000000n];
    let x = 0x0123456789abcdefn;
    for (let i = 0; i < 2000; i++) {
      x = fmix64Big(x + 0x9e3779b97f4a7c15n);
      inputs.push(x);
    }
    for (const input of inputs) {
      const z = fromBig(input);
      fmix64(z);
      expect(toBig(z)).toBe(fmix64Big(input));
    }
  });
});

describe('RowRng', () => {
  const streams: RngStream[] = ['sample', 'suppress', 'probe'];

  it('is uniform53(key) with key = absorb(runSeed, row, stream code, index, subIndex), absorb(h, w) = fmix64((h ^ w) + γ)', () => {
    const gamma = 0x9e3779b97f4a7c15n;
    const absorb = (h: bigint, w: number): bigint => fmix64Big(((h ^ BigInt(w)) + gamma) & MASK64);
    const codes: Record<RngStream, number> = { sample: 1, suppress: 2, probe: 3 };
    for (const [seed, row, stream, index, sub] of [
      [0, 0, 'sample', 0, 0],
      [123, 4, 'suppress', 77, 0],
      [2 ** 52 + 5, 2 ** 32 - 1, 'probe', 2 ** 40, 19],
    ] as const) {
      const key = [seed, row, codes[stream], index, sub].reduce((h, w) => absorb(h, w), 0n);
      expect(new RowRng(seed, row).uniform(stream, index, sub)).toBe(Number(key >> 11n) / 2 ** 53);
    }
  });

  it('draws doubles in [0, 1)', () => {
    const rng = new RowRng(42, 3);
    let min = Infinity;
    let max = -Infinity;
    for (const stream of streams) {
      for (let i = 0; i < 5000; i++) {
        const u = rng.uniform(stream, i, i % 7);
        min = Math.min(min, u);
        max = Math.max(max, u);
      }
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(max - min).toBeGreaterThan(0.99);
  });

  it('is roughly uniform: chi-square over 20 bins stays below the 0.1% critical value for every stream', () => {
    const bins = 20;
    const n = 20000;
    for (const stream of streams) {
      const counts = new Array<number>(bins).fill(0);
      const rng = new RowRng(7, 1);
      for (let i = 0; i < n; i++) counts[Math.floor(rng.uniform(stream, i) * bins)]!++;
      const expected = n / bins;
      const chi2 = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(43.8); // df = 19, p = 0.001
    }
  });

  it('has no serial correlation between consecutive indices', () => {
    const rng = new RowRng(11, 0);
    const n = 20000;
    const u = Array.from({ length: n }, (_, i) => rng.uniform('sample', i) - 0.5);
    let cov = 0;
    for (let i = 1; i < n; i++) cov += u[i]! * u[i - 1]!;
    // Var(u) = 1/12; the lag-1 correlation of independent draws is about N(0, 1/n).
    expect(Math.abs(cov / (n - 1) / (1 / 12))).toBeLessThan(4 / Math.sqrt(n));
  });

  it('depends only on the coordinates, never on call order', () => {
    const a = new RowRng(123, 5);
    const forward = Array.from({ length: 100 }, (_, i) => a.uniform('sample', i));
    const b = new RowRng(123, 5);
    const backward: number[] = [];
    for (let i = 99; i >= 0; i--) {
      b.uniform('suppress', i * 3); // interleaved draws on other streams change nothing
      backward[i] = b.uniform('sample', i);
      b.uniform('probe', i, 2);
    }
    expect(backward).toEqual(forward);
  });

  it('separates seeds, rows, streams, indices and sub-indices', () => {
    const base = new RowRng(1, 0).uniform('sample', 10, 0);
    const others = [
      new RowRng(2, 0).uniform('sample', 10, 0),
      new RowRng(1, 1).uniform('sample', 10, 0),
      new RowRng(1, 0).uniform('suppress', 10, 0),
      new RowRng(1, 0).uniform('probe', 10, 0),
      new RowRng(1, 0).uniform('sample', 11, 0),
      new RowRng(1, 0).uniform('sample', 10, 1),
    ];
    for (const u of others) expect(u).not.toBe(base);
    expect(new RowRng(1, 0).uniform('sample', 10)).toBe(base); // subIndex defaults to 0
  });

  it('clones and round-trips through JSON to an equal generator', () => {
    const rng = new RowRng(2 ** 40 + 17, 9);
    const clone = rng.clone();
    const revived = RowRng.fromJSON(JSON.parse(JSON.stringify(rng)) as { runSeed: number; row: number });
    expect(rng.toJSON()).toEqual({ runSeed: 2 ** 40 + 17, row: 9 });
    for (let i = 0; i < 50; i++) {
      expect(clone.uniform('probe', i, i)).toBe(rng.uniform('probe', i, i));
      expect(revived.uniform('sample', i)).toBe(rng.uniform('sample', i));
    }
  });

  it('rejects seeds, rows and indices that are not non-negative integers, and unknown streams', () => {
    expect(() => new RowRng(-1, 0)).toThrow(/runSeed/);
    expect(() => new RowRng(0.5, 0)).toThrow(/runSeed/);
    expect(() => new RowRng(2 ** 53, 0)).toThrow(/runSeed/);
    expect(() => new RowRng(1, 2 ** 32)).toThrow(/row/);
    const rng = new RowRng(1, 0);
    expect(() => rng.uniform('sample', -1)).toThrow(/index/);
    expect(() => rng.uniform('sample', 1.5)).toThrow(/index/);
    expect(() => rng.uniform('sample', 1, NaN)).toThrow(/subIndex/);
    expect(() => rng.uniform('bogus' as RngStream, 1)).toThrow(/stream/);
  });
});

describe('seedFor', () => {
  it('derives distinct, reproducible 53-bit seeds per lane and row', () => {
    const seen = new Set<number>();
    for (let lane = 0; lane < 8; lane++) {
      for (let row = 0; row < 8; row++) {
        const s = seedFor(99, lane, row);
        expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
        expect(seedFor(99, lane, row)).toBe(s);
        seen.add(s);
      }
    }
    expect(seen.size).toBe(64);
    expect(seedFor(100, 0, 0)).not.toBe(seedFor(99, 0, 0));
  });
});
