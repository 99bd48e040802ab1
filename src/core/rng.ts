/**
 * Counter-based seeded randomness (spec §1.5).
 *
 * `u = uniform53(key(runSeed, row, stream, index, subIndex))`: every draw is a pure function of its coordinates, so
 * results never depend on call order, batching, skipped draws (e.g. `p_sup = 0`) or rollbacks; there is no hidden
 * state to advance. The key absorbs one 64-bit word at a time through the SplitMix64 finaliser:
 * `h ← fmix64((h ⊕ word) + γ)` with γ the golden-ratio increment, each step a bijection of the word.
 *
 * 64-bit arithmetic runs on two unsigned 32-bit halves (Math.imul and 16-bit limbs). A BigInt version gives the
 * same bits (test/core/rng.test.ts checks it) but measured about 6× slower per draw (about 2 µs against 0.33 µs
 * on the shared dev machine) and allocates.
 */

export type RngStream = 'sample' | 'suppress' | 'probe';

const STREAM_CODE: Record<RngStream, number> = { sample: 1, suppress: 2, probe: 3 };
const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

// γ = 0x9E3779B97F4A7C15 and the SplitMix64 multipliers, as (hi, lo) halves.
const GAMMA_HI = 0x9e3779b9;
const GAMMA_LO = 0x7f4a7c15;
const M1_HI = 0xbf58476d;
const M1_LO = 0x1ce4e5b9;
const M2_HI = 0x94d049bb;
const M2_LO = 0x133111eb;

/** What a sampler needs from randomness; `RowRng` is the implementation (tests may pass fixed draws). */
export interface UniformSource {
  uniform(stream: RngStream, index: number, subIndex?: number): number;
}

/** A 64-bit value as two unsigned 32-bit halves. */
export interface U64 {
  hi: number;
  lo: number;
}

/** Low 64 bits of (aHi·2³² + aLo) · (bHi·2³² + bLo). */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number, out: U64): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  // Every term below stays under 2^53, so the double arithmetic is exact.
  const low = a0 * b0 + (p01 % 65536) * 65536 + (p10 % 65536) * 65536;
  const carry = Math.floor(low / TWO_32);
  const high = a1 * b1 + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + carry;
  out.lo = low >>> 0;
  out.hi = (high + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

/** SplitMix64 finaliser (Stafford variant 13), in place: z ^= z>>>30; z *= M1; z ^= z>>>27; z *= M2; z ^= z>>>31. */
export function fmix64(z: U64): void {
  let hi = z.hi >>> 0;
  let lo = z.lo >>> 0;
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  mul64(hi, lo, M1_HI, M1_LO, z);
  hi = z.hi;
  lo = z.lo;
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  mul64(hi, lo, M2_HI, M2_LO, z);
  hi = z.hi;
  lo = z.lo;
  z.lo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  z.hi = (hi ^ (hi >>> 31)) >>> 0;
}

/** h ← fmix64((h ⊕ word) + γ), word = wordHi·2³² + wordLo. */
function absorb(h: U64, wordHi: number, wordLo: number): void {
  const lo = ((h.lo ^ wordLo) >>> 0) + GAMMA_LO;
  h.lo = lo >>> 0;
  h.hi = (((h.hi ^ wordHi) >>> 0) + GAMMA_HI + (lo >= TWO_32 ? 1 : 0)) >>> 0;
  fmix64(h);
}

function absorbNumber(h: U64, value: number): void {
  absorb(h, Math.floor(value / TWO_32), value >>> 0);
}

/** The top 53 bits of a 64-bit hash as a double in [0, 1). */
export function uniform53(h: U64): number {
  return ((h.hi >>> 0) * 2097152 + (h.lo >>> 11)) / TWO_53;
}

function assertIndex(name: string, value: number, bound: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= bound) {
    throw new Error(`${name} must be an integer in [0, ${bound}), got ${value}`);
  }
}

/**
 * The randomness of one row of one run. Stateless: `uniform` depends only on (runSeed, row, stream, index,
 * subIndex). Streams (spec §1.5): 'sample' and 'suppress' are indexed by token position; 'probe' by
 * (checkpoint number, probe position) = (index, subIndex).
 */
export class RowRng implements UniformSource {
  readonly runSeed: number;
  readonly row: number;
  /** Key after absorbing (runSeed, row, stream), one per stream, by stream code. */
  private readonly streamKeys: U64[] = [];
  private readonly scratch: U64 = { hi: 0, lo: 0 };

  constructor(runSeed: number, row: number) {
    assertIndex('runSeed', runSeed, TWO_53);
    assertIndex('row', row, TWO_32);
    this.runSeed = runSeed;
    this.row = row;
    for (const stream of Object.keys(STREAM_CODE) as RngStream[]) {
      const h: U64 = { hi: 0, lo: 0 };
      absorbNumber(h, runSeed);
      absorbNumber(h, row);
      absorbNumber(h, STREAM_CODE[stream]);
      this.streamKeys[STREAM_CODE[stream]] = h;
    }
  }

  /** A double in [0, 1), the same for the same coordinates whatever was drawn before. */
  uniform(stream: RngStream, index: number, subIndex = 0): number {
    const key = this.streamKeys[STREAM_CODE[stream]];
    if (key === undefined) throw new Error(`unknown RNG stream '${String(stream)}'`);
    assertIndex('index', index, TWO_53);
    assertIndex('subIndex', subIndex, TWO_53);
    const h = this.scratch;
    h.hi = key.hi;
    h.lo = key.lo;
    absorbNumber(h, index);
    absorbNumber(h, subIndex);
    return uniform53(h);
  }

  clone(): RowRng {
    return new RowRng(this.runSeed, this.row);
  }

  toJSON(): { runSeed: number; row: number } {
    return { runSeed: this.runSeed, row: this.row };
  }

  static fromJSON(state: { runSeed: number; row: number }): RowRng {
    return new RowRng(state.runSeed, state.row);
  }
}

/**
 * The seed of every lane of a run (spec §1.5, project rule): a function of the run seed alone, never of the
 * lane's position or its neighbours, so a method gives the same text alone or beside others, in the page,
 * the CLI and `lab eval`. All lanes share it on purpose (common random numbers): at a given position every
 * lane draws the same uniforms, so two methods part only where their rules differ (CGRS from its sampler at
 * its first suppression, FFS row 0 from a single sample with the same sampler). Rows differ by row index.
 */
export function laneSeed(runSeed: number): number {
  return seedFor(runSeed, 0, 0);
}

/**
 * A derived 53-bit seed for (runSeed, lane, row), for callers that want an independent run seed per lane or row
 * (e.g. a compare run whose lanes should not share sample streams). Rows of one lane normally share the run seed
 * and differ by their row index in `RowRng`.
 */
export function seedFor(runSeed: number, lane: number, row: number): number {
  assertIndex('runSeed', runSeed, TWO_53);
  assertIndex('lane', lane, TWO_32);
  assertIndex('row', row, TWO_32);
  const h: U64 = { hi: 0, lo: 0 };
  absorbNumber(h, runSeed);
  absorb(h, 0x5eed0000, lane >>> 0);
  absorbNumber(h, row);
  return Math.floor(uniform53(h) * TWO_53);
}
