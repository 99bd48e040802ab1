import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import type { Candidates } from '../../../src/core/sampling/candidates';
import { Candidates as CandidateBuffer } from '../../../src/core/sampling/candidates';
import { SamplerChain, type Sampler } from '../../../src/core/sampling/chain';
import { statelessStage, type StageKind } from '../../../src/core/sampling/sampler';

/** A stage that records what it sees; `accept` counts tokens, so clones must not share the count. */
function recorder(kind: StageKind, name: string, events: string[], apply: (c: Candidates) => void = () => {}): Sampler & { accepted: number[] } {
  const stage = {
    name,
    kind,
    needs: kind === 'filter' || kind === 'selector' ? ('weights' as const) : ('logits' as const),
    accepted: [] as number[],
    apply(c: Candidates) {
      events.push(`${name}:${c.isNormalised ? c.keptSize : '-'}`);
      apply(c);
    },
    accept(token: number) {
      stage.accepted.push(token);
    },
    reset() {
      stage.accepted.length = 0;
    },
    clone() {
      const copy = recorder(kind, name, events, apply);
      copy.accepted.push(...stage.accepted);
      return copy;
    },
  };
  return stage;
}

describe('SamplerChain', () => {
  it('runs logit stages, then the softmax, then the filters in order, then the selector', () => {
    const events: string[] = [];
    const chain = new SamplerChain([
      recorder('logits', 'a', events),
      recorder('logits', 'b', events),
      recorder('filter', 'f1', events),
      recorder('filter', 'f2', events, (c) => c.keep(1)),
      recorder('selector', 's', events, (c) => c.select(c.argmax)),
    ]);
    const c = new CandidateBuffer(3);
    expect(chain.sample(c, Float32Array.from([0, 2, 1]), { rng: new RowRng(1, 0), position: 0 })).toBe(1);
    expect(events).toEqual(['a:-', 'b:-', 'f1:3', 'f2:3', 's:1']);
    expect(chain.describe()).toEqual(['a', 'b', 'f1', 'f2', 's']);
  });

  it('is itself a sampler: accept reaches every stage, reset clears them, clone is independent', () => {
    const events: string[] = [];
    const observer = recorder('observer', 'o', events);
    const chain = new SamplerChain([recorder('logits', 'a', events), recorder('selector', 's', events, (c) => c.select(0)), observer]);
    chain.accept(4);
    chain.accept(5);
    const copy = chain.clone();
    chain.accept(6);
    expect(observer.accepted).toEqual([4, 5, 6]);
    expect((copy.find('o') as typeof observer).accepted).toEqual([4, 5]);
    chain.reset();
    expect(observer.accepted).toEqual([]);
    expect((copy.find('o') as typeof observer).accepted).toEqual([4, 5]);
  });

  it('skips the softmax when no stage reads probabilities (greedy)', () => {
    const chain = new SamplerChain([statelessStage('selector', 'argmax', (c) => c.select(c.argmax), 'logits')]);
    const c = new CandidateBuffer(3);
    expect(chain.sample(c, Float32Array.from([0, 2, 1]), { rng: new RowRng(1, 0), position: 0 })).toBe(1);
    expect(c.isNormalised).toBe(false);
  });

  it('times every stage and the softmax with an injected clock', () => {
    let clock = 0;
    const tick = (ms: number) => () => void (clock += ms);
    const chain = new SamplerChain(
      [
        statelessStage('logits', 'slow-logits', tick(2)),
        statelessStage('filter', 'filter', tick(3)),
        statelessStage('selector', 'pick', (c) => (clock += 1, c.select(c.argmax))),
      ],
      { now: () => clock },
    );
    const c = new CandidateBuffer(3);
    chain.sample(c, Float32Array.from([0, 2, 1]), { rng: new RowRng(1, 0), position: 0 });
    chain.sample(c, Float32Array.from([0, 2, 1]), { rng: new RowRng(1, 0), position: 1 });
    expect(chain.timings()).toEqual([
      { name: 'softmax', calls: 2, ms: 0 },
      { name: 'slow-logits', calls: 2, ms: 4 },
      { name: 'filter', calls: 2, ms: 6 },
      { name: 'pick', calls: 2, ms: 2 },
    ]);
    expect(chain.lastStepMs).toBe(6);
    chain.resetTimings();
    expect(chain.timings().every((t) => t.calls === 0 && t.ms === 0)).toBe(true);
  });

  it('rejects a chain without exactly one selector or with stages out of order', () => {
    const pick = statelessStage('selector', 'pick', (c) => c.select(0));
    const mask = statelessStage('logits', 'mask', () => {});
    const filter = statelessStage('filter', 'filter', () => {});
    expect(() => new SamplerChain([mask])).toThrow(/exactly one selector/);
    expect(() => new SamplerChain([mask, pick, pick])).toThrow(/order|selector/);
    expect(() => new SamplerChain([filter, mask, pick])).toThrow(/order/);
    expect(() => new SamplerChain([mask, pick, filter])).toThrow(/order/);
  });

  it('refuses to shrink S to nothing or to grow it, and logit stages after the softmax', () => {
    const c = new CandidateBuffer(3);
    c.beginRow(Float32Array.from([0, 1, 2]));
    c.normalise();
    expect(() => c.keep(0)).toThrow(/kept set/);
    c.keep(2);
    expect(() => c.keep(3)).toThrow(/kept set/);
    expect(() => c.setTemperature(2)).toThrow(/before the softmax/);
  });
});
