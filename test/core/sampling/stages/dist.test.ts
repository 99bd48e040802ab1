import { describe, expect, it } from 'vitest';
import { RowRng, type RngStream } from '../../../../src/core/rng';
import type { StepInput } from '../../../../src/core/sampling/chain';
import { dist } from '../../../../src/core/sampling/stages/dist';
import { topK } from '../../../../src/core/sampling/stages/top-k';
import { loaded, NO_STEP, selectWith } from './harness';

const P = [0.1, 0.2, 0.3, 0.4]; // canonical order 3, 2, 1, 0; running sums 0.4, 0.7, 0.9, 1

function fixed(u: number): StepInput['rng'] {
  return { uniform: () => u };
}

describe('dist', () => {
  it('walks S in canonical order and returns the first token whose running sum exceeds u · Σ_S p', () => {
    const cases: [number, number][] = [
      [0, 3],
      [0.39, 3],
      [0.41, 2],
      [0.69, 2],
      [0.71, 1],
      [0.89, 1],
      [0.91, 0],
      [0.999999, 0],
    ];
    for (const [u, token] of cases) expect(selectWith(dist(), loaded(P), { rng: fixed(u), position: 0 })).toBe(token);
  });

  it('samples from the renormalised kept set', () => {
    const c = loaded(P);
    topK(2).apply(c, NO_STEP); // S = {3, 2}, mass 0.7: u = 0.5 → target 0.35 → 3; u = 0.6 → 0.42 → 2
    expect(selectWith(dist(), c, { rng: fixed(0.5), position: 0 })).toBe(3);
    expect(selectWith(dist(), c, { rng: fixed(0.6), position: 0 })).toBe(2);
    expect(selectWith(dist(), c, { rng: fixed(0.99), position: 0 })).toBe(2);
  });

  it('draws from the step’s stream at its position (sample by default, probe with a sub-index)', () => {
    const calls: [RngStream, number, number | undefined][] = [];
    const rng: StepInput['rng'] = {
      uniform: (stream, index, subIndex) => {
        calls.push([stream, index, subIndex]);
        return 0.5;
      },
    };
    selectWith(dist(), loaded(P), { rng, position: 17 });
    selectWith(dist(), loaded(P), { rng, position: 3, stream: 'probe', subIndex: 5 });
    expect(calls).toEqual([
      ['sample', 17, 0],
      ['probe', 3, 5],
    ]);
  });

  it('matches the distribution: chi-square over 20,000 seeded draws', () => {
    const c = loaded(P);
    const rng = new RowRng(5, 0);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[selectWith(dist(), c, { rng, position: i })]!++;
    const chi2 = counts.reduce((a, k, id) => a + (k - n * P[id]!) ** 2 / (n * P[id]!), 0);
    expect(chi2).toBeLessThan(16.3); // df = 3, p = 0.001
  });
});
