import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import type { Candidates } from '../../../src/core/sampling/candidates';
import { Candidates as CandidateBuffer } from '../../../src/core/sampling/candidates';
import { SamplerChain } from '../../../src/core/sampling/chain';

describe('SamplerChain', () => {
  it('runs logit stages, then the softmax, then the filters in order, then the selector', () => {
    const events: string[] = [];
    const chain = new SamplerChain(
      [
        { name: 'a', apply: (c: Candidates) => void events.push(`a:${c.keptSize}`) },
        { name: 'b', apply: () => void events.push('b') },
      ],
      [
        { name: 'f1', apply: (c: Candidates) => void events.push(`f1:${c.keptSize}`) },
        { name: 'f2', apply: (c: Candidates) => (events.push('f2'), c.keep(1)) },
      ],
      { name: 's', select: (c: Candidates) => (events.push(`s:${c.keptSize}`), c.argmax) },
    );
    const c = new CandidateBuffer(3);
    expect(chain.run(c, Float32Array.from([0, 2, 1]), { rng: new RowRng(1, 0), position: 0 })).toBe(1);
    // keptSize is stale (0) before the softmax and 3 (every token) after it.
    expect(events).toEqual(['a:0', 'b', 'f1:3', 'f2', 's:1']);
    expect(chain.describe()).toEqual(['a', 'b', 'f1', 'f2', 's']);
  });

  it('refuses to shrink S to nothing or to grow it', () => {
    const c = new CandidateBuffer(3);
    c.beginRow(Float32Array.from([0, 1, 2]));
    c.normalise();
    expect(() => c.keep(0)).toThrow(/kept set/);
    c.keep(2);
    expect(() => c.keep(3)).toThrow(/kept set/);
  });
});
