import { beforeAll, describe, expect, it } from 'vitest';
import { CGRS_PROBE_SUFFIX } from '../../src/core/methods/limits';
import { defaultParams, type FfsMethodParams } from '../../src/core/methods/params';
import { RowRng, seedFor } from '../../src/core/rng';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { liveTensorCount } from '../../src/engine/runtime/kv-cache';
import type { LaneResult } from '../../src/protocol/run';
import { FakeModel, withFakeModel } from './fake-model';
import { buildTestModel, loadTestModel, testHost } from './fixtures';
import { laneCallsOnly, runLane, totalsAddUp } from './harness';
import { reasonerIds, reasonerScript, type ReasonerIds, type ReasonerOptions } from './scripted-reasoner';

let base: LoadedModel;
let ids: ReasonerIds;
let host: ReturnType<typeof testHost>;
const REASONER: ReasonerOptions = { steps: 2, chunk: 2, waitProb: 0.3, answerEosProb: 0.15, probeCertain: () => true };

function fake(opts: Partial<ReasonerOptions> = {}): { model: LoadedModel; fake: FakeModel } {
  const f = new FakeModel(base.info.vocabSize, reasonerScript(ids, base.info.vocabSize, { ...REASONER, ...opts }));
  return { model: withFakeModel(base, f), fake: f };
}

function ffs(over: Partial<FfsMethodParams['ffs']> = {}, maxNewTokens = 80): FfsMethodParams {
  const p = defaultParams('ffs');
  return { ...p, maxNewTokens, sampling: { temperature: 1 }, ffs: { ...p.ffs, ...over } };
}

const endsWithEos = (lane: LaneResult, row: number): boolean => lane.ffs!.rows[row]!.text.endsWith('<|im_end|>');

beforeAll(async () => {
  const { root, id } = await buildTestModel();
  host = testHost(root);
  base = await loadTestModel(root, id, host);
  ids = reasonerIds(base.tokenizer, base.info.eosIds[0]!, CGRS_PROBE_SUFFIX);
});

describe('FFS on a scripted reasoner', () => {
  it('stops at the first EOS: the winner is the shortest row, the others are cut there and discarded', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { model, fake: f } = fake();
      const { lane, events } = await runLane(host, model, ffs(), { seed, hooks: laneCallsOnly(f) });
      const rows = lane.ffs!.rows;
      const w = lane.ffs!.winnerRow;
      const L = rows[w]!.tokens;
      expect(lane.stopReason).toBe('eos');
      expect(lane.ffs!.truncated).toBe(false);
      expect(endsWithEos(lane, w)).toBe(true);
      for (const r of rows) {
        expect(r.tokens).toBe(L); // lockstep: every row has produced L tokens at the stop
        expect(r.finished).toBe(endsWithEos(lane, r.row));
        if (r.finished) expect(r.row).toBeGreaterThanOrEqual(w); // ties go to the lowest row
      }
      const t = lane.metrics.tokens;
      expect(t.thinking + t.answer).toBe(L);
      expect(t.discarded).toBe(3 * L);
      expect(t.total).toBe(4 * L);
      expect(t.prompt).toBe(lane.metrics.tokens.prompt);
      expect(totalsAddUp(lane)).toBe(true);
      expect(lane.text).toBe(rows[w]!.text);
      // One batch-1 prefill, then n rows per step.
      expect(f.calls[0]!.rows).toBe(1);
      expect(f.calls.slice(1).every((c) => c.rows === 4 && c.width === 1)).toBe(true);
      expect(f.calls.length).toBe(L); // prefill + (L − 1) steps: the last tokens are sampled, never fed
      const done = events.filter((e) => e.type === 'row-done');
      expect(done.map((e) => e.type === 'row-done' && e.winner)).toEqual([0, 1, 2, 3].map((r) => r === w));
    }
    expect(liveTensorCount()).toBe(0);
  });

  it('rows finish at different steps; k = n waits for all, and compacting finished rows equals feeding them', async () => {
    const lengths = new Set<number>();
    for (const seed of [1, 2, 3]) {
      const [c, f] = [fake(), fake()];
      const compact = await runLane(host, c.model, ffs({ k: 4 }), { seed, hooks: { finishedRows: 'compact', ...laneCallsOnly(c.fake) } });
      const feed = await runLane(host, f.model, ffs({ k: 4 }), { seed, hooks: { finishedRows: 'feed', ...laneCallsOnly(f.fake) } });
      expect(c.fake.calls.slice(1).some((call) => call.rows < 4)).toBe(true);
      expect(f.fake.calls.slice(1).every((call) => call.rows === 4)).toBe(true);
      expect(feed.lane.ffs).toEqual(compact.lane.ffs);
      expect(feed.lane.metrics.tokens).toEqual(compact.lane.metrics.tokens);
      const rows = compact.lane.ffs!.rows;
      for (const r of rows) {
        expect(r.finished).toBe(true);
        lengths.add(r.tokens);
      }
      const total = rows.reduce((s, r) => s + r.tokens, 0);
      const t = compact.lane.metrics.tokens;
      expect(t.total).toBe(total);
      expect(t.discarded).toBe(total - rows[compact.lane.ffs!.winnerRow]!.tokens);
    }
    expect(lengths.size).toBeGreaterThan(2);
  });

  it('no EOS before maxNewTokens: all rows cut, flagged truncated, row 0 wins', async () => {
    const { lane } = await runLane(host, fake({ answerEosProb: 0 }).model, ffs({}, 30), { seed: 9 });
    expect(lane.ffs!.truncated).toBe(true);
    expect(lane.stopReason).toBe('max-tokens');
    expect(lane.ffs!.winnerRow).toBe(0);
    expect(lane.ffs!.rows.every((r) => r.tokens === 30 && !r.finished)).toBe(true);
    expect(lane.metrics.tokens.total).toBe(120);
  });

  it('each batched row equals a single run with the same row key', async () => {
    const seed = 11;
    const ffsRun = await runLane(host, fake().model, ffs({ k: 4 }), { seed });
    const laneSeed = seedFor(seed, 0, 0);
    for (let r = 0; r < 4; r++) {
      const single = await runLane(host, fake().model, { method: 'sample', maxNewTokens: 80, sampling: { temperature: 1 } }, {
        seed, hooks: { rowRng: () => new RowRng(laneSeed, r) },
      });
      expect(ffsRun.lane.ffs!.rows[r]!.text).toBe(single.lane.text);
    }
  });
});
