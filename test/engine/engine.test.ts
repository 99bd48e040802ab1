import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type DecodingParams } from '../../src/core/methods/params';
import { Engine } from '../../src/engine/engine';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { runComparison } from '../../src/engine/decode/run-comparison';
import { EngineError, type ErrorCode } from '../../src/protocol/errors';
import type { RunEvent, RunRequest } from '../../src/protocol/run';
import { FakeModel, withFakeModel } from './fake-model';
import { buildTestModel, loadTestModel, testHost } from './fixtures';

let engine: Engine;
let root: string;
let id: string;

const greedy = (maxNewTokens = 8): DecodingParams => ({ method: 'greedy', maxNewTokens });
const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  runId: 'r1', prompt: 'What is 2 + 2?', seed: 1, lanes: [{ lane: 'g', params: greedy() }], ...over,
});

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return (e as EngineError).code;
  }
}

beforeAll(async () => {
  ({ root, id } = await buildTestModel({ opensThinking: true, seed: 2 }));
  engine = new Engine(testHost(root));
  const stages: string[] = [];
  await engine.load({ id, source: 'local' }, (e) => e.type === 'stage' && stages.push(e.stage));
  expect(stages).toEqual(['tokenizer', 'model', 'warmup', 'ready']);
  expect(await engine.resources()).toEqual({ liveTensors: 0, gpuBuffers: null });
});

describe('Engine: bad input gets a typed error and the engine keeps working', () => {
  it('rejects empty, whitespace, too-long prompts and invalid params', async () => {
    expect(await codeOf(engine.run(request({ prompt: '' }), () => {}))).toBe('empty-prompt');
    expect(await codeOf(engine.run(request({ prompt: ' \n\t ' }), () => {}))).toBe('empty-prompt');
    const tooLong = request({ lanes: [{ lane: 'g', params: greedy(4096) }] });
    expect(await codeOf(engine.run(tooLong, () => {}))).toBe('prompt-too-long');
    const bad = request({ lanes: [{ lane: 's', params: { ...defaultParams('sample'), sampling: { temperature: -1 } } }] });
    expect(await codeOf(engine.run(bad, () => {}))).toBe('invalid-params');
    const greedyFfs = { ...defaultParams('ffs'), sampling: { temperature: 0 } };
    expect(await codeOf(engine.run(request({ lanes: [{ lane: 'f', params: greedyFfs }] }), () => {}))).toBe('invalid-params');
    expect(await codeOf(engine.run(request({ seed: -3 }), () => {}))).toBe('invalid-params');
    expect(await codeOf(engine.run(request({ lanes: [] }), () => {}))).toBe('bad-input');
    const ok = await engine.run(request(), () => {});
    expect(ok.lanes[0]!.metrics.tokens.thinking + ok.lanes[0]!.metrics.tokens.answer).toBe(8);
  });

  it('fits a lane that asks to the model’s context, and says so; refuses one that does not ask, naming what fits', async () => {
    const context = engine.model!.contextLength;
    const fit = await engine.run(request({ lanes: [{ lane: 'g', params: greedy(context + 100), fitToContext: true }] }), () => {});
    const lane = fit.lanes[0]!;
    expect(lane.fitted).toMatchObject({ requested: context + 100, contextLength: context, reserved: 0 });
    expect(lane.fitted!.granted).toBe(context - lane.fitted!.promptTokens);
    expect(lane.params.maxNewTokens).toBe(lane.fitted!.granted);
    const p = defaultParams('cgrs');
    const cgrs = await engine.run(request({ lanes: [{ lane: 'c', params: { ...p, maxNewTokens: context }, fitToContext: true }] }), () => {});
    expect(cgrs.lanes[0]!.fitted!.reserved).toBeGreaterThan(p.cgrs.probeMaxTokens);
    expect(cgrs.lanes[0]!.cgrs!.thinkBudget).toBe(Math.floor(cgrs.lanes[0]!.params.maxNewTokens * p.cgrs.thinkRatio));
    await expect(engine.run(request({ lanes: [{ lane: 'g', params: greedy(context) }] }), () => {})).rejects.toThrow(/at most \d+ new tokens fit/);
    const small = await engine.run(request({ lanes: [{ lane: 'g', params: greedy(8), fitToContext: true }] }), () => {});
    expect(small.lanes[0]!.fitted).toBeUndefined();
    expect(small.warmupMs).toBeGreaterThanOrEqual(0);
  });

  it('validates before any model work', async () => {
    const base = await loadTestModel(root, id);
    const fake = new FakeModel(base.info.vocabSize, () => new Float32Array(base.info.vocabSize));
    const model: LoadedModel = withFakeModel(base, fake);
    const host = testHost(root);
    for (const req of [
      request({ prompt: '  ' }),
      request({ lanes: [{ lane: 'g', params: greedy(4090) }] }),
      request({ lanes: [{ lane: 'c', params: { ...defaultParams('cgrs'), maxNewTokens: 4070 } }] }), // + probe suffix and tokens
      request({ lanes: [{ lane: 'x', params: { method: 'greedy', maxNewTokens: 8, topK: 3 } as unknown as DecodingParams }] }),
    ]) {
      await expect(runComparison(host, model, req, () => {}, () => false)).rejects.toBeInstanceOf(EngineError);
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('cancel of an unknown or finished run is unknown-run; a second run while one is active is busy', async () => {
    expect(await codeOf(engine.cancel('nope'))).toBe('unknown-run');
    await engine.run(request({ runId: 'done' }), () => {});
    expect(await codeOf(engine.cancel('done'))).toBe('unknown-run');
    const first = engine.run(request({ runId: 'long', lanes: [{ lane: 'g', params: greedy(200) }] }), () => {});
    expect(await codeOf(engine.run(request({ runId: 'second' }), () => {}))).toBe('busy');
    expect((await first).cancelled).toBe(false);
    expect(await codeOf(engine.cancel('long'))).toBe('unknown-run');
  });
});

describe('Engine: cancel and resources', () => {
  it('cancels mid-run between steps, keeps the model, and runs again', async () => {
    const events: RunEvent[] = [];
    let tokens = 0;
    const req = request({
      runId: 'c1', flushMs: 0,
      lanes: [{ lane: 'f', params: { ...defaultParams('ffs'), maxNewTokens: 500 } }, { lane: 'g', params: greedy(50) }],
    });
    const result = await engine.run(req, (batch) => {
      events.push(...batch);
      for (const e of batch) if (e.type === 'tokens') tokens += e.count;
      if (tokens >= 40) void engine.cancel('c1').catch(() => {});
    });
    expect(result.cancelled).toBe(true);
    expect(result.lanes).toHaveLength(1); // the second lane never started
    const lane = result.lanes[0]!;
    expect(lane.stopReason).toBe('cancelled');
    expect(lane.ffs!.rows[0]!.tokens).toBeLessThan(500);
    expect(lane.ffs!.rows[0]!.tokens).toBeGreaterThanOrEqual(10);
    expect(events.filter((e) => e.type === 'lane-done')).toHaveLength(1);
    expect((await engine.resources()).liveTensors).toBe(0);
    const again = await engine.run(request({ runId: 'c2' }), () => {});
    expect(again.cancelled).toBe(false);
    expect(again.lanes[0]!.stopReason).toBe('max-tokens');
  });

  it('keeps the live tensor count at 0 across 20 consecutive runs of every method', async () => {
    const c = defaultParams('cgrs');
    const cgrs = { ...c, maxNewTokens: 16, cgrs: { ...c.cgrs, thinkRatio: 0.5, delta: 0, probeMaxTokens: 4 } };
    const lanes = [
      { lane: 'g', params: greedy(8) },
      { lane: 's', params: { ...defaultParams('sample'), maxNewTokens: 8 } },
      { lane: 'h', params: { ...defaultParams('top-h'), maxNewTokens: 8 } },
      { lane: 'c', params: cgrs },
      { lane: 'cb', params: { ...cgrs, cgrs: { ...cgrs.cgrs, batchedProbe: true } } },
      { lane: 'f', params: { ...defaultParams('ffs'), maxNewTokens: 8, ffs: { ...defaultParams('ffs').ffs, k: 2 } } },
    ];
    for (let i = 0; i < 20; i++) {
      const pair = [lanes[i % lanes.length]!, lanes[(i + 3) % lanes.length]!];
      const r = await engine.run(request({ runId: `leak-${i}`, seed: i, lanes: pair }), () => {});
      expect(r.lanes).toHaveLength(2);
      for (const lane of r.lanes) if (lane.method === 'cgrs') expect(lane.cgrs!.checkpoints.length).toBeGreaterThan(0); // the budget cut probes
      expect(await engine.resources()).toEqual({ liveTensors: 0, gpuBuffers: null });
    }
  });
});
