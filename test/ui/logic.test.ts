import { describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS } from '../../src/core/methods/params';
import { PRESETS, presetParams } from '../../src/core/methods/presets';
import { SCHEMA } from '../../src/core/methods/schema';
import type { LaneResult } from '../../src/protocol/run';
import { METRIC_COLUMNS } from '../../src/ui/logic/columns';
import { buildCsv, csvCell } from '../../src/ui/logic/csv';
import { formatBytes, formatCount, formatMs, formatRate } from '../../src/ui/logic/format';
import { approxDownload, hubIdProblem, specForChoice } from '../../src/ui/logic/models';
import { paramsFromRaw, rawFromParams, sharedMaxFrom } from '../../src/ui/logic/param-form';
import { paramSummary } from '../../src/ui/logic/param-summary';
import { sampleQuestions } from '../../src/ui/logic/questions';
import { isCorrect } from '../../src/ui/logic/reference';

function lane(over: Partial<LaneResult> = {}): LaneResult {
  return {
    lane: 'ffs', method: 'ffs', params: defaultParams('ffs'), text: '', thinkingText: '', answerText: '', answer: '1,234', stopReason: 'eos',
    metrics: {
      tokens: { prompt: 12, thinking: 30, answer: 5, probe: 0, discarded: 70, total: 105 }, forcedTokens: 0, probeSuffixTokens: 0,
      ttftMs: 12.345, prefillMs: 4, prefillTokensPerSecond: 3000.5, decodeTokensPerSecond: null, stepsPerSecond: 20,
      aggregateTokensPerSecond: 80, probeMs: 0, wallMs: 1500.25, samplerMsPerStep: { mean: 0.1, p95: 0.3 },
    },
    ...over,
  };
}

describe('format', () => {
  it('formats sizes, times, rates and counts', () => {
    expect(formatBytes(570e6)).toBe('570 MB');
    expect(formatBytes(1.37e9)).toBe('1.4 GB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(125_000)).toBe('2 min 05 s');
    expect(formatMs(null)).toBe('—');
    expect(formatRate(123.4)).toBe('123');
    expect(formatRate(12.34)).toBe('12.3');
    expect(formatRate(null)).toBe('—');
    expect(formatCount(12345)).toBe('12,345');
  });

  it('scores answers against the reference with core’s comparison', () => {
    const ref = { questionId: 'q', answer: '1234', kind: 'math' as const };
    expect(isCorrect('1,234', ref)).toBe(true);
    expect(isCorrect('1233', ref)).toBe(false);
    expect(isCorrect(null, ref)).toBe(false);
  });
});

describe('csv', () => {
  it('quotes cells that need it', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(' x')).toBe('" x"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(-2)).toBe('-2');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    for (const [text, cell] of [['=1+1', "'=1+1"], ['+3', "'+3"], ['-2+3', "'-2+3"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"']] as const) {
      expect(csvCell(text), text).toBe(cell);
    }
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('has one row per lane with the table’s raw numbers', () => {
    const csv = buildCsv([lane(), lane({ lane: 'greedy', method: 'greedy', answer: null })], { questionId: 'q', answer: '1234', kind: 'math' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(['lane', 'method', 'answer', 'correct', 'stop_reason', ...METRIC_COLUMNS.map((c) => c.key)].join(','));
    expect(lines[1]).toBe('ffs,ffs,"1,234",true,eos,12,30,5,0,70,105,12.345,3000.5,,80,1500.25');
    expect(lines[2]!.startsWith('greedy,greedy,,false,eos,')).toBe(true);
  });
});

describe('param form', () => {
  const fit = { value: 2048, fit: true };
  it('round-trips every method’s defaults and every preset through the form text', () => {
    for (const m of METHOD_IDS) {
      const p = defaultParams(m);
      expect(paramsFromRaw(m, rawFromParams(p))).toEqual({ params: p, fit: true, issues: [] });
    }
    for (const preset of PRESETS) {
      const p = presetParams(preset.id);
      expect(paramsFromRaw(p.method, rawFromParams(p, { sharedMax: false }), fit).params, preset.id).toEqual(p);
    }
  });

  it('turns an empty optional filter off and an empty required field into a message', () => {
    const raw = { ...rawFromParams(defaultParams('sample')), 'sampling.topK': '', 'sampling.temperature': '' };
    const { params, issues } = paramsFromRaw('sample', raw);
    expect(params).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { topP: 0.95 } });
    expect(issues).toEqual([{ field: 'sampling.temperature', problem: 'cannot be switched off; it takes a number' }]);
  });

  it('reads what a number field shows: 1e999 is too large, not missing', () => {
    const raw = { ...rawFromParams(defaultParams('sample')), 'sampling.temperature': '1e999' };
    expect(paramsFromRaw('sample', raw).issues[0]!.problem).toMatch(/too large/);
  });

  it('maps core’s messages onto fields, including list items', () => {
    const raw = { ...rawFromParams(defaultParams('cgrs')), 'cgrs.triggerWords': '["Wait", ""]', 'cgrs.delta': '2' };
    const fields = paramsFromRaw('cgrs', raw).issues.map((i) => i.field);
    expect(fields).toEqual(['cgrs.delta', 'cgrs.triggerWords']);
    const bad = paramsFromRaw('cgrs', { ...raw, 'cgrs.triggerWords': '[oops' }).issues;
    expect(bad.find((i) => i.field === 'cgrs.triggerWords')!.problem).toMatch(/JSON list/);
  });

  it('reports FFS k above n on the k field', () => {
    const raw = { ...rawFromParams(defaultParams('ffs')), 'ffs.k': '5' };
    expect(paramsFromRaw('ffs', raw).issues).toEqual([{ field: 'ffs.k', problem: 'must be at most ffs.n = 4; got 5' }]);
  });

  it('a method’s own max new tokens overrides the shared one, which fits by default', () => {
    const raw = rawFromParams(defaultParams('greedy'));
    expect(paramsFromRaw('greedy', raw, { value: 99, fit: false })).toMatchObject({ params: { maxNewTokens: 99 }, fit: false });
    expect(paramsFromRaw('greedy', { ...raw, maxNewTokens: '7' }, fit)).toMatchObject({ params: { maxNewTokens: 7 }, fit: false });
    expect(sharedMaxFrom('')).toEqual({ value: 2048, fit: true });
    expect(sharedMaxFrom('64')).toEqual({ value: 64, fit: false });
    expect(sharedMaxFrom('0x40')).toHaveProperty('error');
    expect(sharedMaxFrom('40000')).toHaveProperty('error');
  });

  it('offers Top-H inside CGRS and FFS rows: filling α switches the filter on with the paper rule', () => {
    const raw = { ...rawFromParams(defaultParams('ffs')), 'sampling.topH.alpha': '0.3' };
    expect(paramsFromRaw('ffs', raw)).toMatchObject({ params: { sampling: { topH: { alpha: 0.3, mode: 'paper' } } }, issues: [] });
  });

  it('lists a field for every key of every method’s defaults', () => {
    const leaves = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    for (const m of METHOD_IDS) {
      const paths = SCHEMA[m].fields.map((f) => f.path);
      for (const key of leaves(defaultParams(m)).filter((k) => k !== 'method')) expect(paths).toContain(key);
    }
  });

  it('summarises params for lane headers', () => {
    expect(paramSummary(defaultParams('ffs'))).toBe('T 0.6 · top-p 0.95 · n 4 · max 2048 tok');
    expect(paramSummary(defaultParams('greedy'))).toBe('max 2048 tok');
  });
});

describe('models', () => {
  it('validates custom hub ids and builds specs', () => {
    expect(hubIdProblem('onnx-community/Qwen3-1.7B-ONNX')).toBeNull();
    expect(hubIdProblem('')).toMatch(/Enter/);
    expect(hubIdProblem('no-slash')).toMatch(/not a hub model id/);
    expect(hubIdProblem('a/b/c')).toMatch(/not a hub model id/);
    expect(specForChoice({ key: 'custom', customId: ' x/y ', dtype: 'q4', device: 'auto', host: '', wasmThreads: null, folder: null })).toEqual({ spec: { id: 'x/y', source: 'hub', dtype: 'q4' } });
    expect(specForChoice({ key: 'custom', customId: 'x/y', dtype: 'auto', device: 'webgpu', host: ' http://127.0.0.1:9/m/ ', wasmThreads: null, folder: null })).toEqual({ spec: { id: 'x/y', source: 'hub', device: 'webgpu', host: 'http://127.0.0.1:9/m/' } });
    expect(specForChoice({ key: 'custom', customId: 'x/y', dtype: 'auto', device: 'auto', host: 'ftp://x', wasmThreads: null, folder: null })).toEqual({ error: 'The model host must be an http(s) URL' });
    expect(specForChoice({ key: 'tiny-reasoner', customId: '', dtype: 'q4', device: 'wasm', host: 'ftp://ignored', wasmThreads: null, folder: null })).toEqual({ spec: { id: 'tiny-reasoner', source: 'local', device: 'wasm' } });
  });

  it('quotes an approximate download for the dtype the engine would pick', () => {
    const choice = { key: 'qwen3-0.6b', customId: '', dtype: 'auto' as const, device: 'auto' as const, host: '', wasmThreads: null, folder: null };
    expect(approxDownload(choice, 'q4f16')).toBeGreaterThan(5e8);
    expect(approxDownload(choice, 'q4')!).toBeGreaterThan(approxDownload(choice, 'q4f16')!);
    expect(approxDownload({ ...choice, key: 'tiny-reasoner' }, 'q4')).toBeNull();
  });
});

describe('questions', () => {
  it('samples spread-out chips', () => {
    const all = Array.from({ length: 10 }, (_, i) => ({ id: String(i), question: `q${i}`, answer: '0', kind: 'math' as const }));
    expect(sampleQuestions(all, 4).map((q) => q.id)).toEqual(['0', '2', '5', '7']);
    expect(sampleQuestions(all.slice(0, 2), 4)).toHaveLength(2);
  });
});
