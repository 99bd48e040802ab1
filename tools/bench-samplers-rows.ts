import { performance } from 'node:perf_hooks';
import { RowRng } from '../src/core/rng';

/** Shared pieces of tools/bench-samplers.ts: the seeded rows and the timers. */

export const VOCAB = 151_936;
export const VALID = 151_669;

/**
 * Zipf-like logits with shuffled ids, from a seeded stream, as an LLM's: l = −a·ln(rank) + N(0, 0.3²) noise,
 * a ∈ [1.0, 2.0], a top-1 boost in [0, 3].
 */
export function makeRows(count: number): Float32Array[] {
  const rng = new RowRng(20250917, 0);
  let draw = 0;
  const u = (): number => rng.uniform('probe', draw++);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const rows: Float32Array[] = [];
  for (let r = 0; r < count; r++) {
    const perm = new Int32Array(VOCAB);
    for (let i = 0; i < VOCAB; i++) perm[i] = i;
    for (let i = VOCAB - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    const a = 1 + u();
    const boost = 3 * u();
    const row = new Float32Array(VOCAB);
    for (let rank = 0; rank < VOCAB; rank++) row[perm[rank]!] = -a * Math.log(rank + 1) + 0.3 * normal() + (rank === 0 ? boost : 0) + 8;
    rows.push(row);
  }
  return rows;
}

export interface Timing {
  median: number;
  p95: number;
}

export function summarise(samples: number[]): Timing {
  const s = [...samples].sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

/** Times `run(i)` after `setup(i)` (untimed) over n calls, after warm-up calls. */
export function time(n: number, setup: (i: number) => void, run: (i: number) => void): Timing {
  const warmup = Math.max(2, Math.ceil(n / 10));
  const samples: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    setup(i);
    const t0 = performance.now();
    run(i);
    const dt = performance.now() - t0;
    if (i >= warmup) samples.push(dt);
  }
  return summarise(samples);
}

/**
 * Times `floor(i)` and `run(i)` alternately on the same row, so that a change in the machine's load between the
 * two measurements cannot bias their ratio (the CPUs are shared).
 */
export function timePaired(n: number, floor: (i: number) => void, run: (i: number) => void): { floor: Timing; ours: Timing } {
  const warmup = Math.max(2, Math.ceil(n / 10));
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    let t0 = performance.now();
    floor(i);
    const fa = performance.now() - t0;
    t0 = performance.now();
    run(i);
    const fb = performance.now() - t0;
    if (i >= warmup) {
      a.push(fa);
      b.push(fb);
    }
  }
  return { floor: summarise(a), ours: summarise(b) };
}
