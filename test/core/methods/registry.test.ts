import { describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS, rowCount } from '../../../src/core/methods/params';
import { METHODS } from '../../../src/core/methods/registry';

const listMethods = () => METHOD_IDS.map((id) => METHODS[id]);
import { validationIssues } from '../../../src/core/methods/validate';

describe('METHODS registry', () => {
  it('covers every method id in order, with valid fresh defaults', () => {
    expect(listMethods().map((m) => m.id)).toEqual([...METHOD_IDS]);
    for (const m of listMethods()) {
      const d = m.defaults();
      expect(d.method).toBe(m.id);
      expect(validationIssues(d)).toEqual([]);
      expect(m.defaults()).not.toBe(d);
    }
  });

  it('links the three papers and marks probes and rows', () => {
    expect(METHODS['top-h'].paperUrl).toBe('https://arxiv.org/abs/2509.02510');
    expect(METHODS.cgrs.paperUrl).toBe('https://arxiv.org/abs/2508.05337');
    expect(METHODS.ffs.paperUrl).toBe('https://arxiv.org/abs/2505.18149');
    expect(listMethods().filter((m) => m.needsProbe).map((m) => m.id)).toEqual(['cgrs']);
    expect(listMethods().filter((m) => m.rows === 'n').map((m) => m.id)).toEqual(['ffs', 'vote']);
  });

  it("links the papers' own baselines: self-consistency, s1 budget forcing, NoWait", () => {
    expect(METHODS.vote.paperUrl).toBe('https://arxiv.org/abs/2203.11171');
    expect(METHODS.budget.paperUrl).toBe('https://arxiv.org/abs/2501.19393');
    expect(METHODS.nowait.paperUrl).toBe('https://arxiv.org/abs/2506.08343');
  });
});

describe('defaultParams', () => {
  it('matches spec §1.6 for CGRS and FFS', () => {
    const cgrs = defaultParams('cgrs');
    expect(cgrs.sampling).toEqual({ temperature: 0.6, topP: 0.95 });
    expect(cgrs.cgrs).toEqual({
      delta: 0.9, thinkRatio: 0.6, probeSuffix: '\n**Final Answer**\n\\boxed', probeMaxTokens: 20, probeTemperature: 1,
      certaintyNorm: 'topk', certaintyTopK: 5, batchedProbe: false,
      triggerWords: ['Wait', ' Wait', 'wait', ' wait', 'But', ' But', 'but', ' but', 'Alternatively', ' Alternatively', 'Alternative', ' Alternative', 'Hmm', ' Hmm'],
    });
    expect(defaultParams('ffs').ffs).toEqual({ n: 4, k: 1, requireAnswer: false, answerKind: 'math' });
  });

  it('returns independent objects', () => {
    const a = defaultParams('cgrs');
    a.cgrs.triggerWords.push('Oops');
    expect(defaultParams('cgrs').cgrs.triggerWords).toHaveLength(14);
  });

  it('the baselines: vote n 4 at Qwen3’s T 0.6 / top-p 0.95, NoWait with CGRS’s 14 triggers, a 1024-token thinking budget', () => {
    expect(defaultParams('vote')).toMatchObject({ sampling: { temperature: 0.6, topP: 0.95 }, vote: { n: 4, answerKind: 'math' } });
    expect(defaultParams('nowait').nowait.triggerWords).toEqual(defaultParams('cgrs').cgrs.triggerWords);
    expect(defaultParams('budget').budget).toEqual({ thinkingTokens: 1024 });
  });

  it('rowCount is ffs.n for FFS, vote.n for vote and 1 otherwise', () => {
    expect(rowCount({ ...defaultParams('ffs'), ffs: { n: 7, k: 2, requireAnswer: false, answerKind: 'math' } })).toBe(7);
    expect(rowCount({ ...defaultParams('vote'), vote: { n: 5, answerKind: 'math' } })).toBe(5);
    expect(rowCount(defaultParams('cgrs'))).toBe(1);
  });
});
