import fc from 'fast-check';
import type { SamplingParams } from '../../../src/core/sampling/types';
import { LOGITS_KINDS, makeLogits, TestRandom, type LogitsKind } from './distributions';

/**
 * fast-check arbitraries for the bounded-pass property tests: rows built from a shrinkable description (size,
 * kind, seed) rather than raw arrays, so a failure shrinks to a small, readable row.
 */

export type RowKind = LogitsKind | 'peaked' | 'straddle';

export interface RowSpec {
  n: number;
  kind: RowKind;
  seed: number;
}

/**
 * - the kinds of distributions.ts;
 * - peaked: one logit far above a normal bulk (a confident LLM step: few tokens in the head);
 * - straddle: many tokens at depths around the bounded pass's head depth (10 nats at T) and its 128-per-nat bucket
 *   edges, where the known prefix ends.
 */
export function buildRow(spec: RowSpec, temperature: number): Float32Array {
  const r = new TestRandom(spec.seed);
  if (spec.kind === 'peaked') {
    const row = makeLogits(r, spec.n, 'normal');
    row[r.int(0, spec.n - 1)] = 8 + 20 * r.next();
    return row;
  }
  if (spec.kind === 'straddle') {
    const row = new Float32Array(spec.n);
    for (let i = 0; i < spec.n; i++) row[i] = -temperature * (10 + (r.int(-3, 3) + r.next() * 0.02) / 128);
    row[r.int(0, spec.n - 1)] = 0;
    for (let k = 0; k < 8; k++) row[r.int(0, spec.n - 1)] = -temperature * 10 * r.next();
    return row;
  }
  return makeLogits(r, spec.n, spec.kind);
}

export const rowSpec = (maxN = 3000): fc.Arbitrary<RowSpec> =>
  fc.record({
    n: fc.integer({ min: 40, max: maxN }),
    kind: fc.constantFrom<RowKind>(...LOGITS_KINDS, 'peaked', 'straddle'),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  });

export const temperatureArb = fc.constantFrom(0.3, 0.6, 1, 1.5, 2);

/** Sampling params with any mix of filters; top-p values no share of tied tokens can hit exactly. */
export const paramsArb = (temperature: fc.Arbitrary<number> = temperatureArb): fc.Arbitrary<SamplingParams> =>
  fc
    .record({
      temperature,
      topH: fc.option(fc.record({ alpha: fc.constantFrom(0.2, 0.4, 0.8, 1), mode: fc.constantFrom('paper' as const, 'reference' as const) }), { nil: undefined }),
      topK: fc.option(fc.constantFrom(1, 5, 20, 200), { nil: undefined }),
      topP: fc.option(fc.constantFrom(0.5013, 0.9013, 0.9513, 0.99913), { nil: undefined }),
      minP: fc.option(fc.constantFrom(0.01, 0.1, 0.3), { nil: undefined }),
    })
    .map((p) => {
      const out: SamplingParams = { temperature: p.temperature };
      if (p.topH) out.topH = p.topH.mode === 'reference' ? { ...p.topH, topN: 100 } : p.topH;
      if (p.topK !== undefined) out.topK = p.topK;
      if (p.topP !== undefined) out.topP = p.topP;
      if (p.minP !== undefined) out.minP = p.minP;
      return out;
    });
