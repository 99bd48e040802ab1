import { beforeAll, describe, expect, it } from 'vitest';
import { CGRS_PROBE_SUFFIX } from '../../src/core/methods/limits';
import { defaultParams, type CgrsMethodParams } from '../../src/core/methods/params';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { liveTensorCount } from '../../src/engine/runtime/kv-cache';
import { FakeModel, withFakeModel } from './fake-model';
import { buildTestModel, loadTestModel, testHost } from './fixtures';
import { runLane, totalsAddUp } from './harness';
import { reasonerIds, reasonerScript, type ReasonerIds, type ReasonerOptions } from './scripted-reasoner';

let base: LoadedModel;
let ids: ReasonerIds;
let host: ReturnType<typeof testHost>;

const REASONER: ReasonerOptions = { steps: 5, chunk: 3, waitProb: 0.6, answerEosProb: 0.3, probeCertain: () => true };

let lastFake: FakeModel;
function fake(opts: Partial<ReasonerOptions> = {}): LoadedModel {
  lastFake = new FakeModel(base.info.vocabSize, reasonerScript(ids, base.info.vocabSize, { ...REASONER, ...opts }));
  return withFakeModel(base, lastFake);
}

function cgrs(over: Partial<CgrsMethodParams['cgrs']> = {}, maxNewTokens = 120): CgrsMethodParams {
  const p = defaultParams('cgrs');
  return { ...p, maxNewTokens, sampling: { temperature: 1 }, cgrs: { ...p.cgrs, ...over } };
}

beforeAll(async () => {
  const { root, id } = await buildTestModel();
  host = testHost(root);
  base = await loadTestModel(root, id, host);
  ids = reasonerIds(base.tokenizer, base.info.eosIds[0]!, CGRS_PROBE_SUFFIX);
});

describe('CGRS on a scripted reasoner', () => {
  it('δ = 0 with a certain probe never emits a trigger; δ = 1 does', async () => {
    for (const seed of [1, 2, 3]) {
      const suppressed = await runLane(host, fake(), cgrs({ delta: 0 }), { seed });
      const free = await runLane(host, fake(), cgrs({ delta: 1 }), { seed });
      const s = suppressed.lane.cgrs!;
      expect(s.checkpoints.length).toBeGreaterThanOrEqual(REASONER.steps);
      for (const c of s.checkpoints) expect([c.certainty, c.pSup]).toEqual([1, 1]);
      expect(suppressed.lane.text).not.toContain(' Wait');
      expect(s.triggersEmitted).toBe(0);
      expect(s.triggersBlocked).toBeGreaterThan(0);
      expect(s.suppressedSteps).toBeGreaterThan(0);
      expect(suppressed.events.filter((e) => e.type === 'suppressed')).toHaveLength(s.suppressedSteps);
      expect(free.lane.text).toContain(' Wait');
      expect(free.lane.cgrs!.suppressedSteps).toBe(0);
    }
  });

  it('δ = 1 is token-identical to the same sampler without CGRS, and counts its probes', async () => {
    for (const seed of [4, 5]) {
      const withCgrs = await runLane(host, fake(), cgrs({ delta: 1 }), { seed });
      const plain = await runLane(host, fake(), { method: 'sample', maxNewTokens: 120, sampling: { temperature: 1 } }, { seed });
      expect(withCgrs.lane.text).toBe(plain.lane.text);
      expect(withCgrs.lane.stopReason).toBe('eos');
      const t = withCgrs.lane.metrics.tokens;
      const checkpoints = withCgrs.lane.cgrs!.checkpoints.length;
      expect(checkpoints).toBe(REASONER.steps);
      // A certain probe answers "4" and stops at probeMaxTokens (the script never ends a probe).
      expect(t.probe).toBe(checkpoints * 20);
      expect(withCgrs.lane.metrics.probeSuffixTokens).toBe(checkpoints * ids.suffix.length);
      expect(totalsAddUp(withCgrs.lane)).toBe(true);
      expect(t.thinking + t.answer).toBe(plain.lane.metrics.tokens.thinking + plain.lane.metrics.tokens.answer);
    }
  });

  it('probe-as-row gives the sequential probe\'s checkpoints, certainties and trace, rolling back when p_sup changes', async () => {
    let rollbacks = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const mixed = { probeCertain: (b: number) => b % 2 === 1 };
      const sequential = await runLane(host, fake(mixed), cgrs({ delta: 0.3 }), { seed });
      const sequentialCalls = lastFake.calls;
      const batched = await runLane(host, fake(mixed), cgrs({ delta: 0.3, batchedProbe: true }), { seed });
      // The sequential probe runs its own forwards; the batched one rides along as a second row.
      expect(sequentialCalls.every((c) => c.rows === 1)).toBe(true);
      expect(lastFake.calls.filter((c) => c.rows === 2).length).toBeGreaterThan(ids.suffix.length);
      const [s, b] = [sequential.lane.cgrs!, batched.lane.cgrs!];
      expect(b.probeMode).toBe('batched');
      expect(b.checkpoints.map((c) => c.position)).toEqual(s.checkpoints.map((c) => c.position));
      b.checkpoints.forEach((c, i) => {
        expect(Math.abs(c.certainty - s.checkpoints[i]!.certainty)).toBeLessThan(1e-5);
        expect(Math.abs(c.pSup - s.checkpoints[i]!.pSup)).toBeLessThan(1e-5);
      });
      expect(batched.lane.text).toBe(sequential.lane.text);
      expect([b.suppressedSteps, b.triggersEmitted, b.triggersBlocked]).toEqual([s.suppressedSteps, s.triggersEmitted, s.triggersBlocked]);
      const [bt, st] = [batched.lane.metrics.tokens, sequential.lane.metrics.tokens];
      expect([bt.thinking, bt.answer, bt.probe]).toEqual([st.thinking, st.answer, st.probe]);
      expect(bt.discarded - st.discarded).toBe(b.rolledBackTokens);
      expect(totalsAddUp(batched.lane)).toBe(true);
      rollbacks += b.rollbacks!;
      if (b.rollbacks! > 0) expect(b.rolledBackTokens).toBeGreaterThanOrEqual(b.rollbacks!);
    }
    expect(rollbacks).toBeGreaterThan(0);
  });

  it('forces "\\n\\n", a checkpoint and "\\n</think>\\n\\n" at the thinking budget, in both probe modes', async () => {
    const long = { chunk: 50 };
    for (const batchedProbe of [false, true]) {
      const run = await runLane(host, fake(long), cgrs({ delta: 1, thinkRatio: 0.1, batchedProbe }, 100), { seed: 3 });
      const budget = 10;
      const m = run.lane.metrics;
      expect(m.forcedTokens).toBe(1 + base.vocab.thinkEndForcedIds.length);
      expect(m.tokens.thinking).toBe(budget + 3); // "\n\n", "\n", "</think>"; the last "\n\n" opens the answer
      expect(run.lane.cgrs!.checkpoints.map((c) => c.position)).toEqual([budget + 1]);
      expect(run.lane.thinkingText.endsWith('\n\n\n</think>')).toBe(true);
    }
  });

  it('drops an EOS sampled while thinking (counted as discarded) and keeps thinking', async () => {
    const withEos: Partial<ReasonerOptions> = { waitProb: 0.3 };
    const script = reasonerScript(ids, base.info.vocabSize, { ...REASONER, ...withEos });
    const eosAfterBoundary = (h: readonly number[]): Float32Array => {
      const row = script(h);
      if (h[h.length - 1] === ids.boundary && !h.includes(ids.thinkEnd)) {
        row[ids.eos] = Math.log(0.5);
      }
      return row;
    };
    let dropped = 0;
    for (const seed of [1, 2, 3]) {
      const model = withFakeModel(base, new FakeModel(base.info.vocabSize, eosAfterBoundary));
      const run = await runLane(host, model, cgrs({ delta: 1 }, 150), { seed });
      const t = run.lane.metrics.tokens;
      expect(run.lane.thinkingText).not.toContain('<|im_end|>');
      expect(totalsAddUp(run.lane)).toBe(true);
      dropped += t.discarded;
    }
    expect(dropped).toBeGreaterThan(0);
    expect(liveTensorCount()).toBe(0);
  });
});
