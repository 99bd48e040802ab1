import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../src/node/host';
import { benchModel, fitContexts, median } from '../../src/engine/bench/bench';
import { liveTensorCount } from '../../src/engine/runtime/kv-cache';

const MODEL_ROOT = 'public/models';
const MODEL = 'tiny-reasoner';

describe('bench helpers', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('fitContexts keeps contexts that leave room for the decode steps', () => {
    const { kept, skipped } = fitContexts([128, 4086, 4087, 8192], 4096, 10);
    expect(kept).toEqual([128, 4086]);
    expect(skipped.map((s) => s.context)).toEqual([4087, 8192]);
    expect(skipped[1]!.reason).toMatch(/context 8192 is beyond the model's context window of 4096 positions/);
  });
});

describe('benchModel on the tiny reasoner', () => {
  it('measures prefill and decode at each point and disposes every KV tensor', async () => {
    expect(existsSync(`${MODEL_ROOT}/${MODEL}`), `${MODEL_ROOT}/${MODEL} must be committed`).toBe(true);
    const before = liveTensorCount();
    const report = await benchModel(nodeHost({ modelRoot: MODEL_ROOT }), { id: MODEL, source: 'local', device: 'cpu' }, {
      contexts: [8, 24], batches: [1, 3], decodeSteps: 2, warmupSteps: 1, prefillRepeats: 1,
    });
    expect(liveTensorCount()).toBe(before);
    expect(report.prefill.map((p) => p.context)).toEqual([8, 24]);
    expect(report.decode.map((d) => [d.context, d.batch])).toEqual([[8, 1], [8, 3], [24, 1], [24, 3]]);
    for (const d of report.decode) {
      expect(d.msPerStep).toBeGreaterThan(0);
      expect(d.tokensPerSecond).toBeCloseTo((d.batch * 1000) / d.msPerStep, 6);
      expect(d.perRowTokensPerSecond).toBeCloseTo(1000 / d.msPerStep, 6);
    }
    for (const p of report.prefill) expect(p.tokensPerSecond).toBeCloseTo((p.context * 1000) / p.ms, 6);
    expect(report.warmup).toMatch(/warm-up excluded/);
  });

  it('refuses when no requested context fits, and still releases the model', async () => {
    const before = liveTensorCount();
    await expect(
      benchModel(nodeHost({ modelRoot: MODEL_ROOT }), { id: MODEL, source: 'local', device: 'cpu' }, { contexts: [1 << 20], batches: [1] }),
    ).rejects.toThrow(/beyond the model's context window/);
    expect(liveTensorCount()).toBe(before);
  });
});

describe('Engine.bench (the worker API) on the loaded model', () => {
  it('sweeps the loaded model, keeps it loaded, and refuses runs while it measures', async () => {
    const { Engine } = await import('../../src/engine/engine');
    const engine = new Engine(nodeHost({ modelRoot: MODEL_ROOT }));
    await engine.load({ id: MODEL, source: 'local', device: 'cpu' }, () => {});
    const progress: string[] = [];
    const sweep = engine.bench({ contexts: [16], batches: [1, 2], decodeSteps: 2, warmupSteps: 1, prefillRepeats: 1 }, (m) => void progress.push(m));
    const lanes = [{ lane: 'greedy', params: { method: 'greedy' as const, maxNewTokens: 2 } }];
    await expect(engine.run({ runId: 'r', prompt: 'What is 1 + 2?', lanes, seed: 1 }, () => {})).rejects.toMatchObject({ code: 'busy' });
    const report = await sweep;
    expect(report.decode.map((d) => d.batch)).toEqual([1, 2]);
    expect(progress).toEqual(['context 16: prefill', 'context 16: decode, batch 1', 'context 16: decode, batch 2']);
    const after = await engine.run({ runId: 'r2', prompt: 'What is 1 + 2?', lanes, seed: 1 }, () => {});
    expect(after.lanes[0]!.metrics.tokens.thinking + after.lanes[0]!.metrics.tokens.answer).toBe(2);
    expect((await engine.resources()).liveTensors).toBe(0);
    await engine.unload();
  });
});
