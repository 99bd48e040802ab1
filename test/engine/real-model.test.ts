/**
 * CGRS probe modes and FFS rows finishing at different steps on real ONNX models (onnxruntime-node): a
 * random model whose template opens the think block (R1-Distill style), and the trained tiny reasoner when
 * it is in public/models. Batched and single-row kernels may differ in the last bits, so certainties are
 * compared within 1e-5.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type CgrsMethodParams, type FfsMethodParams } from '../../src/core/methods/params';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { liveTensorCount } from '../../src/engine/runtime/kv-cache';
import type { EngineHost } from '../../src/engine/host';
import { buildTestModel, hasTinyReasoner, loadTestModel, setEos, testHost, TINY_REASONER, TINY_REASONER_ROOT } from './fixtures';
import { runLane, totalsAddUp } from './harness';

const models: { name: string; host: EngineHost; model: LoadedModel; maxNewTokens: number }[] = [];

/**
 * A random model samples nearly uniformly and rarely writes "\n\n" or EOS. A test-only EOS override gives it
 * 100 EOS ids (≈ 4% per token): FFS rows then finish at different steps, and CGRS gets checkpoints from
 * EOS during thinking (dropped, "\n\n" forced, a checkpoint runs, spec §4.7).
 */
async function randomModelWithManyEos(): Promise<{ host: EngineHost; model: LoadedModel }> {
  const { root, id } = await buildTestModel({ opensThinking: true, seed: 4 });
  const host = testHost(root);
  const plain = await loadTestModel(root, id, host);
  setEos(root, id, [...plain.info.eosIds, ...Array.from({ length: 100 }, (_, i) => 300 + i)]);
  return { host, model: await loadTestModel(root, id, host) };
}

beforeAll(async () => {
  const random = await randomModelWithManyEos();
  models.push({ name: 'random, think block opened by the template', ...random, maxNewTokens: 60 });
  if (hasTinyReasoner()) {
    const rHost = testHost(TINY_REASONER_ROOT);
    models.push({ name: 'tiny reasoner', host: rHost, model: await loadTestModel(TINY_REASONER_ROOT, TINY_REASONER, rHost), maxNewTokens: 200 });
  }
});

function cgrs(maxNewTokens: number, batchedProbe: boolean): CgrsMethodParams {
  const p = defaultParams('cgrs');
  return { ...p, maxNewTokens, sampling: { temperature: 1 }, cgrs: { ...p.cgrs, delta: 0, thinkRatio: 0.6, batchedProbe } };
}

describe('CGRS probe modes on real models', () => {
  it('probe-as-row gives the sequential probe\'s checkpoints and certainties', async () => {
    let rollbacks = 0;
    for (const { name, host, model, maxNewTokens } of models) {
      let checkpoints = 0;
      for (const seed of [2, 3]) {
        const sequential = await runLane(host, model, cgrs(maxNewTokens, false), { seed });
        const batched = await runLane(host, model, cgrs(maxNewTokens, true), { seed });
        const [s, b] = [sequential.lane.cgrs!.checkpoints, batched.lane.cgrs!.checkpoints];
        checkpoints += s.length;
        expect(b.map((c) => c.position), name).toEqual(s.map((c) => c.position));
        b.forEach((c, i) => expect(Math.abs(c.certainty - s[i]!.certainty), name).toBeLessThan(1e-5));
        expect(batched.lane.text, name).toBe(sequential.lane.text);
        expect(batched.lane.metrics.tokens.probe).toBe(sequential.lane.metrics.tokens.probe);
        expect(totalsAddUp(batched.lane) && totalsAddUp(sequential.lane)).toBe(true);
        if (batched.lane.cgrs!.rollbacks! > 0) rollbacks++;
      }
      expect(checkpoints, name).toBeGreaterThan(1);
    }
    expect(rollbacks).toBeGreaterThan(0);
    expect(liveTensorCount()).toBe(0);
  });

  it('FFS k = n: rows finish at different steps; compacting finished rows equals feeding them', async () => {
    const { host, model } = models[0]!;
    const p = defaultParams('ffs');
    const params: FfsMethodParams = { ...p, maxNewTokens: 40, sampling: { temperature: 1 }, ffs: { ...p.ffs, k: 4 } };
    const lengths = new Set<number>();
    for (const seed of [1, 2]) {
      const compact = await runLane(host, model, params, { seed, hooks: { finishedRows: 'compact' } });
      const feed = await runLane(host, model, params, { seed, hooks: { finishedRows: 'feed' } });
      expect(feed.lane.ffs).toEqual(compact.lane.ffs);
      const rows = compact.lane.ffs!.rows;
      for (const r of rows) if (r.finished) lengths.add(r.tokens);
      const t = compact.lane.metrics.tokens;
      expect(t.total).toBe(rows.reduce((sum, r) => sum + r.tokens, 0));
      expect(t.discarded).toBe(t.total - rows[compact.lane.ffs!.winnerRow]!.tokens);
    }
    expect(lengths.size).toBeGreaterThan(1);
    expect(liveTensorCount()).toBe(0);
  });
});
