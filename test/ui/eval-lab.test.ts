import { describe, expect, it } from 'vitest';
import { aggregateByMethod, paramsFingerprint, type EvalRecord } from '../../src/core/eval/score';
import { defaultParams } from '../../src/core/methods/params';
import type { LaneRequest } from '../../src/protocol/run';
import { EVAL_SETS, evalExportJson, parseSavedRecords, recordsCsv, scatterPoints, storageKey } from '../../src/ui/logic/eval-lab';

const lanes: LaneRequest[] = [{ lane: 'greedy', params: { ...defaultParams('greedy'), maxNewTokens: 256 } }, { lane: 'ffs', params: { ...defaultParams('ffs'), maxNewTokens: 256 } }];

function record(questionId: string, method: string, seed: number, over: Partial<EvalRecord> = {}): EvalRecord {
  const lane = lanes.find((l) => l.lane === method)!;
  return {
    questionId, method, seed, params: paramsFingerprint(lane.params), reference: '1', predicted: '1', correct: true,
    tokens: { prompt: 5, thinking: 10, answer: 2, probe: 0, discarded: 0, total: 12 }, wallMs: 50, stopReason: 'eos', ...over,
  };
}

describe('eval lab logic', () => {
  it('offers the bundled sets with the boxed-answer instruction for hub-model sets only', () => {
    expect(EVAL_SETS.map((s) => s.file)).toEqual(['tiny-reasoner-heldout.jsonl', 'gsm8k-test-50.jsonl', 'math500-50.jsonl']);
    expect(EVAL_SETS[0]!.instruction).toBe('');
    expect(EVAL_SETS[1]!.instruction).toMatch(/\\boxed\{\}/);
  });

  it('saved records round-trip through storage text; junk is dropped', () => {
    const rs = [record('a', 'greedy', 7), record('b', 'greedy', 8)];
    expect(parseSavedRecords(JSON.stringify(rs))).toEqual(rs);
    expect(parseSavedRecords(JSON.stringify([rs[0], { nope: 1 }]))).toEqual([rs[0]]);
    expect(parseSavedRecords('not json')).toEqual([]);
    expect(parseSavedRecords(null)).toEqual([]);
    const key = storageKey('tiny-reasoner', 'gsm8k-test-50.jsonl', 3, lanes, '');
    expect(key).toMatch(/^decoding-lab:eval:tiny-reasoner:gsm8k-test-50\.jsonl:3:/);
    // Other settings, another instruction or fitting to the model give another key: saved results are always this evaluation's own.
    expect(storageKey('tiny-reasoner', 'gsm8k-test-50.jsonl', 3, [lanes[0]!], '')).not.toBe(key);
    expect(storageKey('tiny-reasoner', 'gsm8k-test-50.jsonl', 3, lanes, 'Box it.')).not.toBe(key);
    expect(storageKey('tiny-reasoner', 'gsm8k-test-50.jsonl', 3, lanes.map((l) => ({ ...l, fitToContext: true })), '')).not.toBe(key);
  });

  it('CSV exports quote text cells and keep raw numbers', () => {
    const csv = recordsCsv([record('a,1', 'greedy', 7, { predicted: '\\frac{1}{2}', reference: 'say "half"', wallMs: 12.5 })]);
    const [header, row, end] = csv.split('\r\n');
    expect(header!.split(',')[0]).toBe('question_id');
    expect(row).toBe(`"a,1",greedy,7,${record('a', 'greedy', 7).params},"say ""half""",\\frac{1}{2},true,5,10,2,0,0,12,12.5,eos`);
    expect(end).toBe('');
  });

  it('JSON export holds settings, scores and records; the scatter has one point per method with results', () => {
    const rs = [record('a', 'greedy', 7), record('a', 'ffs', 7, { correct: false, tokens: { prompt: 5, thinking: 8, answer: 2, probe: 0, discarded: 30, total: 40 } })];
    const scores = aggregateByMethod(rs, ['greedy', 'ffs', 'cgrs']);
    const j = JSON.parse(evalExportJson({ model: 'm', device: 'webgpu', set: 's.jsonl', seed: 7, maxNewTokens: '256', instruction: '', lanes: ['greedy', 'ffs', 'cgrs'] }, scores, rs));
    expect(j).toMatchObject({ model: 'm', seed: 7, records: rs });
    expect(j.scores).toHaveLength(3);
    expect(scatterPoints(scores)).toEqual([{ method: 'greedy', x: 12, y: 100 }, { method: 'ffs', x: 40, y: 0 }]);
  });
});
