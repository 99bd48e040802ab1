import { describe, expect, it } from 'vitest';
import type { DecodingParams, MethodId } from '../../../src/core/methods/params';
import { defaultParams, METHOD_IDS } from '../../../src/core/methods/params';
import { ParamError, validateDecodingParams, validationIssues } from '../../../src/core/methods/validate';

// The edits build invalid input on purpose, so they need an untyped view of the params.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** Defaults of `method` with `edit` applied to a mutable copy. */
function withEdit(method: MethodId, edit: (p: Loose) => void): unknown {
  const p = JSON.parse(JSON.stringify(defaultParams(method))) as Loose;
  edit(p);
  return p;
}

function expectRejected(p: unknown, field: string, ...fragments: string[]): void {
  const issues = validationIssues(p);
  const issue = issues.find((i) => i.field === field);
  expect(issue, `expected an issue for ${field}, got ${JSON.stringify(issues)}`).toBeDefined();
  expect(issue!.message).toContain(field);
  for (const f of fragments) expect(issue!.message).toContain(f);
  let thrown: unknown;
  try {
    validateDecodingParams(p);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ParamError);
  expect((thrown as ParamError).issues).toContainEqual(issue);
  expect((thrown as ParamError).message).toContain(field);
}

describe('validateDecodingParams: defaults', () => {
  it.each(METHOD_IDS)('accepts the defaults of %s and returns an equal deep copy', (method) => {
    const p = defaultParams(method);
    expect(validationIssues(p)).toEqual([]);
    const v = validateDecodingParams(p);
    expect(v).toEqual(p);
    expect(v).not.toBe(p);
  });

  it('drops keys holding undefined', () => {
    const p = { method: 'sample', maxNewTokens: 10, sampling: { temperature: 1, topK: undefined } };
    expect(validateDecodingParams(p)).toEqual({ method: 'sample', maxNewTokens: 10, sampling: { temperature: 1 } });
  });

  it('accepts CGRS over greedy rows (spec §6)', () => {
    const p = { ...defaultParams('cgrs'), sampling: { temperature: 0 } };
    expect(validationIssues(p)).toEqual([]);
  });
});

describe('validateDecodingParams: rejected values', () => {
  const cases: [string, unknown, string, ...string[]][] = [
    ['not an object', 42, 'params', 'object'],
    ['unknown method', { method: 'beam', maxNewTokens: 5 }, 'method', "'greedy'", "'ffs'", '"beam"'],
    ['missing method', { maxNewTokens: 5 }, 'method'],
    ['unknown top-level key', withEdit('greedy', (p) => { p.seed = 1; }), 'seed', 'not a setting'],
    ['sampling on greedy', withEdit('greedy', (p) => { p.sampling = { temperature: 1 }; }), 'sampling'],
    ['maxNewTokens 0', withEdit('greedy', (p) => { p.maxNewTokens = 0; }), 'maxNewTokens', '[1, 32768]'],
    ['maxNewTokens fraction', withEdit('greedy', (p) => { p.maxNewTokens = 10.5; }), 'maxNewTokens', 'integer'],
    ['maxNewTokens over cap', withEdit('greedy', (p) => { p.maxNewTokens = 40_000; }), 'maxNewTokens', '32768'],
    ['maxNewTokens string', withEdit('greedy', (p) => { p.maxNewTokens = '100'; }), 'maxNewTokens', '"100"'],
    ['temperature negative', withEdit('sample', (p) => { p.sampling.temperature = -1; }), 'sampling.temperature', '(0, 10]'],
    ['temperature 0 in sample', withEdit('sample', (p) => { p.sampling.temperature = 0; }), 'sampling.temperature', "method 'greedy'"],
    ['temperature NaN', withEdit('sample', (p) => { p.sampling.temperature = NaN; }), 'sampling.temperature', 'NaN'],
    ['temperature Infinity', withEdit('sample', (p) => { p.sampling.temperature = Infinity; }), 'sampling.temperature', 'Infinity'],
    ['temperature above cap', withEdit('sample', (p) => { p.sampling.temperature = 11; }), 'sampling.temperature'],
    ['topK zero', withEdit('sample', (p) => { p.sampling.topK = 0; }), 'sampling.topK', 'integer'],
    ['topK fraction', withEdit('sample', (p) => { p.sampling.topK = 2.5; }), 'sampling.topK', 'integer'],
    ['topP zero', withEdit('sample', (p) => { p.sampling.topP = 0; }), 'sampling.topP', '(0, 1]'],
    ['topP above 1', withEdit('sample', (p) => { p.sampling.topP = 1.01; }), 'sampling.topP', '(0, 1]'],
    ['minP 1', withEdit('sample', (p) => { p.sampling.minP = 1; }), 'sampling.minP', '[0, 1)'],
    ['minP negative', withEdit('sample', (p) => { p.sampling.minP = -0.1; }), 'sampling.minP', '[0, 1)'],
    ['unknown sampling key', withEdit('sample', (p) => { p.sampling.typicalP = 0.9; }), 'sampling.typicalP'],
    ['topH inside sample', withEdit('sample', (p) => { p.sampling.topH = { alpha: 0.4, mode: 'paper' }; }), 'sampling.topH', "'top-h'"],
    ['top-h without topH', withEdit('top-h', (p) => { delete p.sampling.topH; }), 'sampling.topH.alpha', 'required'],
    ['alpha 0', withEdit('top-h', (p) => { p.sampling.topH.alpha = 0; }), 'sampling.topH.alpha', '(0, 1]'],
    ['alpha above 1', withEdit('top-h', (p) => { p.sampling.topH.alpha = 1.2; }), 'sampling.topH.alpha', '(0, 1]'],
    ['topH mode unknown', withEdit('top-h', (p) => { p.sampling.topH.mode = 'fast'; }), 'sampling.topH.mode', "'paper'", "'reference'"],
    ['topN in paper mode', withEdit('top-h', (p) => { p.sampling.topH.topN = 100; }), 'sampling.topH.topN', 'reference'],
    ['topN not integer', withEdit('top-h', (p) => { p.sampling.topH = { alpha: 0.4, mode: 'reference', topN: 1.5 }; }), 'sampling.topH.topN', 'integer'],
    ['unknown topH key', withEdit('top-h', (p) => { p.sampling.topH.beta = 1; }), 'sampling.topH.beta'],
    ['Top-H + greedy', withEdit('top-h', (p) => { p.sampling.temperature = 0; }), 'sampling.temperature', 'Top-H', 'argmax'],
    ['FFS + greedy', withEdit('ffs', (p) => { p.sampling.temperature = 0; }), 'sampling.temperature', 'FFS', 'identical'],
    ['filter with greedy CGRS', withEdit('cgrs', (p) => { p.sampling.temperature = 0; }), 'sampling.topP', 'no effect'],
    ['n 0', withEdit('ffs', (p) => { p.ffs.n = 0; }), 'ffs.n', '[1, 16]'],
    ['n 17', withEdit('ffs', (p) => { p.ffs.n = 17; }), 'ffs.n', '[1, 16]'],
    ['n fraction', withEdit('ffs', (p) => { p.ffs.n = 2.5; }), 'ffs.n', 'integer'],
    ['k 0', withEdit('ffs', (p) => { p.ffs.k = 0; }), 'ffs.k', '[1, 16]'],
    ['k above n', withEdit('ffs', (p) => { p.ffs.k = 5; }), 'ffs.k', 'at most ffs.n = 4', 'got 5'],
    ['vote + greedy', withEdit('vote', (p) => { p.sampling.temperature = 0; }), 'sampling.temperature', 'vote', 'identical'],
    ['vote n 17', withEdit('vote', (p) => { p.vote.n = 17; }), 'vote.n', '[1, 16]'],
    ['budget at max', withEdit('budget', (p) => { p.maxNewTokens = 512; p.budget.thinkingTokens = 512; }), 'budget.thinkingTokens', 'below max new tokens (512)', 'got 512'],
    ['budget 0', withEdit('budget', (p) => { p.budget.thinkingTokens = 0; }), 'budget.thinkingTokens'],
    ['nowait no triggers', withEdit('nowait', (p) => { p.nowait.triggerWords = []; }), 'nowait.triggerWords'],
    ['requireAnswer not boolean', withEdit('ffs', (p) => { p.ffs.requireAnswer = 'yes'; }), 'ffs.requireAnswer'],
    ['answerKind unknown', withEdit('ffs', (p) => { p.ffs.answerKind = 'code'; }), 'ffs.answerKind', "'math'"],
    ['unknown ffs key', withEdit('ffs', (p) => { p.ffs.async = true; }), 'ffs.async'],
    ['delta negative', withEdit('cgrs', (p) => { p.cgrs.delta = -0.1; }), 'cgrs.delta', '[0, 1]'],
    ['delta above 1', withEdit('cgrs', (p) => { p.cgrs.delta = 1.5; }), 'cgrs.delta', '[0, 1]'],
    ['thinkRatio 0', withEdit('cgrs', (p) => { p.cgrs.thinkRatio = 0; }), 'cgrs.thinkRatio', '(0, 1]'],
    ['thinkRatio above 1', withEdit('cgrs', (p) => { p.cgrs.thinkRatio = 1.1; }), 'cgrs.thinkRatio', '(0, 1]'],
    ['empty thinking budget', withEdit('cgrs', (p) => { p.maxNewTokens = 1; p.cgrs.thinkRatio = 0.6; }), 'cgrs.thinkRatio', 'budget'],
    ['probeMaxTokens 0', withEdit('cgrs', (p) => { p.cgrs.probeMaxTokens = 0; }), 'cgrs.probeMaxTokens', '[1, 64]'],
    ['probeMaxTokens 65', withEdit('cgrs', (p) => { p.cgrs.probeMaxTokens = 65; }), 'cgrs.probeMaxTokens', '[1, 64]'],
    ['probeTemperature 0', withEdit('cgrs', (p) => { p.cgrs.probeTemperature = 0; }), 'cgrs.probeTemperature', '(0, 10]'],
    ['certaintyNorm unknown', withEdit('cgrs', (p) => { p.cgrs.certaintyNorm = 'logprob'; }), 'cgrs.certaintyNorm', "'topk'"],
    ['certaintyTopK 1', withEdit('cgrs', (p) => { p.cgrs.certaintyTopK = 1; }), 'cgrs.certaintyTopK', '[2, 100]'],
    ['empty probeSuffix', withEdit('cgrs', (p) => { p.cgrs.probeSuffix = ''; }), 'cgrs.probeSuffix'],
    ['triggerWords empty', withEdit('cgrs', (p) => { p.cgrs.triggerWords = []; }), 'cgrs.triggerWords'],
    ['triggerWords bad entry', withEdit('cgrs', (p) => { p.cgrs.triggerWords = ['Wait', 3]; }), 'cgrs.triggerWords[1]'],
    ['batchedProbe missing', withEdit('cgrs', (p) => { delete p.cgrs.batchedProbe; }), 'cgrs.batchedProbe', 'required'],
    ['unknown cgrs key', withEdit('cgrs', (p) => { p.cgrs.gamma = 1; }), 'cgrs.gamma'],
    ['__proto__ key from JSON', JSON.parse('{"method":"sample","maxNewTokens":8,"sampling":{"temperature":1,"__proto__":{"minP":0.5}}}'), 'sampling.__proto__', 'not a setting'],
    ['constructor key', withEdit('greedy', (p) => { (p as Record<string, unknown>)['constructor'] = 1; }), 'constructor', 'not a setting'],
  ];

  it.each(cases)('%s', (_name, p, field, ...fragments) => {
    expectRejected(p, field, ...fragments);
  });

  it('lists every invalid field, and ParamError.field names the first', () => {
    const p = withEdit('ffs', (q) => { q.maxNewTokens = 0; q.ffs.n = 0; q.sampling.topP = 2; });
    const fields = validationIssues(p).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['maxNewTokens', 'ffs.n', 'sampling.topP']));
    expect(() => validateDecodingParams(p)).toThrow(ParamError);
    try {
      validateDecodingParams(p);
    } catch (e) {
      expect((e as ParamError).field).toBe(fields[0]);
    }
  });

  it('accepts the boundary values of each range', () => {
    const edges: DecodingParams[] = [
      { method: 'sample', maxNewTokens: 32_768, sampling: { temperature: 10, topK: 1, topP: 1, minP: 0 } },
      { method: 'top-h', maxNewTokens: 1, sampling: { temperature: 0.01, topH: { alpha: 1, mode: 'reference', topN: 1 } } },
      { ...defaultParams('ffs'), ffs: { n: 16, k: 16, requireAnswer: true, answerKind: 'mcq' } },
      { ...defaultParams('cgrs'), maxNewTokens: 2, cgrs: { ...defaultParams('cgrs').cgrs, delta: 1, thinkRatio: 0.5, probeMaxTokens: 64, certaintyTopK: 2 } },
    ];
    for (const p of edges) expect(validationIssues(p)).toEqual([]);
  });
});
