import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/methods/params';
import { bandwidthGBs, chooseBufferBytes, median, workgroupCount } from '../../src/ui/gpu-bandwidth';
import { ceilingCurve, rooflineRows, runShare } from '../../src/ui/logic/throughput';
import type { ModelInfo } from '../../src/protocol/model';
import type { LaneResult } from '../../src/protocol/run';

// Qwen3-0.6B as the engine reports it (parameters counted as in src/engine/model.ts)
const QWEN3: ModelInfo = {
  id: 'onnx-community/Qwen3-0.6B-ONNX', source: 'hub', device: 'webgpu', dtype: 'q4f16', notices: [], modelType: 'qwen3',
  vocabSize: 151_936, tokenizerSize: 151_669, contextLength: 40_960, layers: 28, hiddenSize: 1024, kvHeads: 8, headDim: 128,
  parameters: 28 * 15_728_640 + 151_936 * 1024, tiedEmbeddings: true, thinkStartId: 151_667, thinkEndId: 151_668, eosIds: [151_645],
  triggerTokens: [], droppedTriggerWords: [], loadMs: 1, bytes: 1, wasmThreads: null,
};

function lane(method: 'greedy' | 'ffs', decode: number | null, aggregate: number | null): LaneResult {
  return {
    lane: method, method, params: defaultParams(method), text: '', thinkingText: '', answerText: '', answer: null, stopReason: 'eos',
    metrics: {
      tokens: { prompt: 100, thinking: 900, answer: 100, probe: 0, discarded: 0, total: 1000 }, forcedTokens: 0, probeSuffixTokens: 0,
      ttftMs: 1, prefillMs: 1, prefillTokensPerSecond: 1, decodeTokensPerSecond: decode, stepsPerSecond: null,
      aggregateTokensPerSecond: aggregate, probeMs: 0, wallMs: 1, samplerMsPerStep: { mean: 0, p95: 0 },
    },
  };
}

describe('GPU bandwidth helpers', () => {
  it('GB/s from bytes and ms', () => {
    expect(bandwidthGBs(1e9, 10)).toBeCloseTo(100, 9);
    expect(() => bandwidthGBs(1, 0)).toThrow(/positive/);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('buffer size: the target capped by the adapter limits, a multiple of 16', () => {
    expect(chooseBufferBytes({ maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 })).toBe(256 * 1024 * 1024);
    expect(chooseBufferBytes({ maxBufferSize: 268_435_456, maxStorageBufferBindingSize: 134_217_727 })).toBe(134_217_712);
    expect(() => chooseBufferBytes({ maxBufferSize: 1 << 20, maxStorageBufferBindingSize: 1 << 20 })).toThrow(/too small/);
  });

  it('workgroups: ~16 vec4 per thread, within the dispatch limit', () => {
    expect(workgroupCount(32 * 1024 * 1024, 65_535)).toBe(8192);
    expect(workgroupCount(10, 65_535)).toBe(1);
    expect(workgroupCount(2 ** 34, 65_535)).toBe(65_535);
  });
});

describe('throughput panel numbers', () => {
  it('roofline rows match the anchors table (Qwen3-0.6B q4f16 at 100 GB/s)', () => {
    const rows = rooflineRows(QWEN3, 100, [0, 2048, 8192]);
    expect(rows.map((r) => Math.round(r.ceilingTokensPerSecond!))).toEqual([298, 175, 78]);
    expect(rooflineRows(QWEN3, null)[0]!.ceilingTokensPerSecond).toBeNull();
    expect(rooflineRows({ ...QWEN3, contextLength: 1000 }, 100).map((r) => r.context)).toEqual([0, 512]);
  });

  it('the ceiling curve spans the context window and falls with context', () => {
    const c = ceilingCurve(QWEN3, 100, 5);
    expect(c.context).toEqual([0, 10_240, 20_480, 30_720, 40_960]);
    for (let i = 1; i < 5; i++) expect(c.tokensPerSecond[i]!).toBeLessThan(c.tokensPerSecond[i - 1]!);
  });

  it('places a lane at its mean context; FFS uses its rows and aggregate rate', () => {
    const g = runShare(QWEN3, lane('greedy', 30, null), 100)!;
    expect(g).toMatchObject({ batch: 1, context: 600, measuredTokensPerSecond: 30 });
    expect(g.report.shareOfCeiling!).toBeCloseTo(30 / g.report.ceilingTokensPerSecond!, 12);
    const f = runShare(QWEN3, lane('ffs', 25, 90), 100)!;
    expect(f).toMatchObject({ batch: 4, measuredTokensPerSecond: 90 });
    expect(runShare(QWEN3, lane('greedy', null, null), 100)).toBeNull();
  });
});
