/** The JSON export (run card) carries the per-token data; the CSV stays one row per lane. */
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/methods/params';
import type { LaneResult, RunResult } from '../../src/protocol/run';
import { buildCsv } from '../../src/ui/logic/csv';
import { buildRunCard } from '../../src/ui/logic/run-card';
import { traceOf } from './tokens/records';

const metrics: LaneResult['metrics'] = {
  tokens: { prompt: 10, thinking: 2, answer: 1, probe: 0, discarded: 3, total: 6 }, forcedTokens: 0, probeSuffixTokens: 0,
  ttftMs: 5, prefillMs: 3, prefillTokensPerSecond: 3333, decodeTokensPerSecond: 40, stepsPerSecond: 40,
  aggregateTokensPerSecond: null, probeMs: 0, wallMs: 50, samplerMsPerStep: { mean: 0.1, p95: 0.2 },
};

const winner = traceOf([1, 2, 3]);
const ffs: LaneResult = {
  lane: 'ffs', method: 'ffs', params: defaultParams('ffs'), text: 't1t2t3', thinkingText: 't1t2', answerText: 't3', answer: null,
  stopReason: 'eos', metrics, trace: winner,
  ffs: { winnerRow: 0, truncated: false, rows: [
    { row: 0, tokens: 3, finished: true, answer: null, text: 't1t2t3', trace: winner },
    { row: 1, tokens: 3, finished: false, answer: null, text: 't1t4t5', trace: traceOf([1, 4, 5]) },
  ] },
};
const result: RunResult = { runId: 'r', promptTokens: 10, warmupMs: 1, cancelled: false, lanes: [ffs] };

describe('run card', () => {
  it('exports every lane’s trace and every FFS row’s, as JSON', () => {
    const card = buildRunCard({
      createdAt: '2026-01-01T00:00:00Z', userAgent: 'test', permalink: 'http://x/#', adapter: null, result,
      prompt: 'q', seed: 1, thinking: true, methods: ['ffs'], params: {}, reference: null, model: null,
      settings: { modelId: '', dtype: 'auto', device: 'auto', host: '', wasmThreads: null, prompt: 'q', seed: 1, thinking: true, methods: ['ffs'], maxNewTokens: '', changes: {} },
    });
    const parsed = JSON.parse(JSON.stringify(card)) as { result: { lanes: LaneResult[] } };
    const lane = parsed.result.lanes[0]!;
    expect(lane.trace).toEqual(winner);
    expect(lane.ffs!.rows.map((r) => r.trace!.map((t) => t.id))).toEqual([[1, 2, 3], [1, 4, 5]]);
    expect(lane.trace![0]).toEqual({ id: 1, text: 't1', phase: 'thinking', forced: false, p: 0.5, entropy: 1, top: [{ id: 1, text: 't1', p: 0.5 }], kept: null, suppressed: false });
  });

  it('keeps the CSV one row per lane, with no per-token columns', () => {
    const lines = buildCsv(result.lanes, null).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toMatch(/trace|entropy/);
  });
});
