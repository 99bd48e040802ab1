import { Candidates } from './candidates';
import { assertTopHParams, topHCut } from './stages/top-h';

/**
 * Top-H on an already temperature-scaled, normalised distribution (spec §3): the kept token ids in canonical
 * order (descending p, ties by ascending id). A convenience and test entry point: it allocates buffers of the
 * input's length per call; the engine's per-token path is `createRowSampler`.
 */
export function topHSelect(probs: Float32Array, opts: { alpha: number; mode: 'paper' | 'reference'; topN?: number }): Int32Array {
  assertTopHParams(opts);
  const c = new Candidates(probs.length);
  c.loadProbabilities(probs);
  const { kept } = topHCut(c, opts);
  return c.ensureOrdered(kept).ids.slice(0, kept);
}
