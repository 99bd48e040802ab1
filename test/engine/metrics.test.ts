/**
 * Every LaneMetrics field against its definition (protocol/run.ts, spec §7), with a fake clock that
 * moves only inside the fake model's forward (10 ms each): times are then exact multiples of 10 ms and
 * each expected value is recomputed from the forward log and the token counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CGRS_PROBE_SUFFIX } from '../../src/core/methods/limits';
import { defaultParams } from '../../src/core/methods/params';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { FakeModel, withFakeModel } from './fake-model';
import { buildTestModel, FakeClock, loadTestModel, testHost } from './fixtures';
import { laneCallsOnly, runLane, totalsAddUp } from './harness';
import { reasonerIds, reasonerScript, type ReasonerIds, type ReasonerOptions } from './scripted-reasoner';

const MS = 10;
const REASONER: ReasonerOptions = { steps: 3, chunk: 3, waitProb: 0.5, answerEosProb: 0.3, probeCertain: (b) => b % 2 === 0 };
let base: LoadedModel;
let ids: ReasonerIds;
let root: string;

function setup(): { clock: FakeClock; fake: FakeModel; model: LoadedModel; host: ReturnType<typeof testHost> } {
  const clock = new FakeClock();
  const fake = new FakeModel(base.info.vocabSize, reasonerScript(ids, base.info.vocabSize, REASONER), clock, MS);
  return { clock, fake, model: withFakeModel(base, fake), host: testHost(root, clock) };
}

beforeAll(async () => {
  const built = await buildTestModel();
  root = built.root;
  base = await loadTestModel(built.root, built.id);
  ids = reasonerIds(base.tokenizer, base.info.eosIds[0]!, CGRS_PROBE_SUFFIX);
});

describe('lane metrics against their definitions (fake clock)', () => {
  it('a sampled lane: TTFT = prefill, one token per 10 ms forward, wall = all forwards', async () => {
    const { fake, model, host } = setup();
    const { lane, result } = await runLane(host, model, { method: 'sample', maxNewTokens: 100, sampling: { temperature: 1 } }, { seed: 3, hooks: laneCallsOnly(fake) });
    const m = lane.metrics;
    const n = m.tokens.thinking + m.tokens.answer;
    const P = result.promptTokens;
    expect(m.tokens.prompt).toBe(P);
    expect(fake.calls).toHaveLength(n); // prefill + (n − 1) steps; the last token is never fed
    expect(m.ttftMs).toBe(MS);
    expect(m.prefillMs).toBe(MS);
    expect(m.prefillTokensPerSecond).toBeCloseTo((P * 1000) / MS, 9);
    expect(m.decodeTokensPerSecond).toBeCloseTo(((n - 1) * 1000) / ((n - 1) * MS), 9);
    expect(m.stepsPerSecond).toBeCloseTo(1000 / MS, 9);
    expect(m.aggregateTokensPerSecond).toBeNull();
    expect(m.wallMs).toBe(n * MS);
    expect(m.probeMs).toBe(0);
    expect(m.samplerMsPerStep).toEqual({ mean: 0, p95: 0 }); // the clock does not move while sampling
    expect(totalsAddUp(lane)).toBe(true);
  });

  it('CGRS with sequential probes: probe time is its own bucket, decode rate includes it', async () => {
    const { fake, model, host } = setup();
    const p = defaultParams('cgrs');
    const { lane } = await runLane(host, model, { ...p, maxNewTokens: 100, sampling: { temperature: 1 }, cgrs: { ...p.cgrs, delta: 0.2 } }, { seed: 5, hooks: laneCallsOnly(fake) });
    const m = lane.metrics;
    const trace = m.tokens.thinking + m.tokens.answer;
    const checkpoints = lane.cgrs!.checkpoints.length;
    expect(checkpoints).toBe(REASONER.steps);
    // A probe is one suffix prefill plus one forward per further sampled token: m forwards for m tokens.
    expect(m.probeMs).toBe(m.tokens.probe * MS);
    expect(m.probeSuffixTokens).toBe(checkpoints * ids.suffix.length);
    expect(m.wallMs).toBe(fake.calls.length * MS);
    const decodeForwards = fake.calls.length - 1 - m.tokens.probe;
    expect(m.stepsPerSecond).toBeCloseTo(1000 / MS, 9);
    expect(m.ttftMs).toBe(MS);
    // First token after the prefill, last one after the last forward.
    expect(m.decodeTokensPerSecond).toBeCloseTo(((trace - 1) * 1000) / (m.wallMs - MS), 9);
    // One decode forward per sampling step (forced tokens ride along), except after the last one.
    const sampled = trace - m.forcedTokens + m.tokens.discarded;
    expect(decodeForwards).toBe(sampled - 1);
    expect(totalsAddUp(lane)).toBe(true);
  });

  it('FFS: prefill counted once, aggregate rate over all rows, discarded = all rows but the winner', async () => {
    const { fake, model, host } = setup();
    const p = defaultParams('ffs');
    const { lane, result } = await runLane(host, model, { ...p, maxNewTokens: 100, sampling: { temperature: 1 } }, { seed: 8, hooks: laneCallsOnly(fake) });
    const m = lane.metrics;
    const rows = lane.ffs!.rows;
    const L = rows[lane.ffs!.winnerRow]!.tokens;
    expect(m.tokens.prompt).toBe(result.promptTokens);
    expect(m.prefillTokensPerSecond).toBeCloseTo((result.promptTokens * 1000) / MS, 9);
    expect(fake.calls).toHaveLength(L);
    expect(m.wallMs).toBe(L * MS);
    expect(m.decodeTokensPerSecond).toBeCloseTo(((L - 1) * 1000) / ((L - 1) * MS), 9);
    const after = rows.reduce((s, r) => s + r.tokens - 1, 0);
    expect(m.aggregateTokensPerSecond).toBeCloseTo((after * 1000) / ((L - 1) * MS), 9);
    expect(m.tokens.discarded).toBe(rows.reduce((s, r) => s + r.tokens, 0) - L);
    expect(totalsAddUp(lane)).toBe(true);
  });

  it('lanes are timed one after another, each from its own start', async () => {
    const { model, host } = setup();
    const { runLanes } = await import('./harness');
    const sample = { method: 'sample' as const, maxNewTokens: 100, sampling: { temperature: 1 } };
    const { result } = await runLanes(host, model, [sample, sample], { seed: 2 });
    for (const lane of result.lanes) {
      const n = lane.metrics.tokens.thinking + lane.metrics.tokens.answer;
      expect(lane.metrics.ttftMs).toBe(MS);
      expect(lane.metrics.wallMs).toBe(n * MS);
    }
    // The warm-up ran first (a prefill of the prompt and two steps), on no lane's clock.
    expect(result.warmupMs).toBe(3 * MS);
  });
});
