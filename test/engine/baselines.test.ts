/**
 * The papers' own baselines as methods (issue 15): NoWait, budget forcing and self-consistency (vote), on the
 * scripted reasoner (hand-computed counts) and on the bundled tiny reasoner (the vote against a count of the
 * rows' own answers).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractAnswer } from '../../src/core/eval/extract';
import { answersEqual } from '../../src/core/eval/normalize';
import { CGRS_PROBE_SUFFIX } from '../../src/core/methods/limits';
import { defaultParams, type DecodingParams } from '../../src/core/methods/params';
import type { EngineHost } from '../../src/engine/host';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { liveTensorCount } from '../../src/engine/runtime/kv-cache';
import { FakeModel, withFakeModel } from './fake-model';
import { buildTestModel, loadTestModel, testHost, TINY_REASONER, TINY_REASONER_ROOT } from './fixtures';
import { runLane, totalsAddUp } from './harness';
import { reasonerIds, reasonerScript, type ReasonerIds, type ReasonerOptions } from './scripted-reasoner';

let base: LoadedModel;
let ids: ReasonerIds;
let host: EngineHost;
const REASONER: ReasonerOptions = { steps: 4, chunk: 3, waitProb: 0.6, answerEosProb: 0.3, probeCertain: () => true };
const fake = (): LoadedModel => withFakeModel(base, new FakeModel(base.info.vocabSize, reasonerScript(ids, base.info.vocabSize, REASONER)));
const sampling = { temperature: 1 };

beforeAll(async () => {
  const { root, id } = await buildTestModel();
  host = testHost(root);
  base = await loadTestModel(root, id, host);
  ids = reasonerIds(base.tokenizer, base.info.eosIds[0]!, CGRS_PROBE_SUFFIX);
});

describe('NoWait', () => {
  it('masks the triggers at every thinking step and never in the answer', async () => {
    let freeWaits = 0;
    for (const seed of [1, 2, 3]) {
      const params: DecodingParams = { method: 'nowait', maxNewTokens: 120, sampling, nowait: { triggerWords: [' Wait'] } };
      const { lane } = await runLane(host, fake(), params, { seed, tokenStats: true });
      const trace = lane.trace!;
      const thinking = trace.filter((r) => r.phase === 'thinking');
      expect(thinking.some((r) => r.id === ids.wait)).toBe(false);
      // <think> is drawn before the block opens; every later thinking step (</think> included) is masked.
      expect(thinking[0]!.id).toBe(ids.thinkStart);
      expect(thinking.slice(1).every((r) => r.suppressed)).toBe(true);
      expect(trace.filter((r) => r.phase === 'answer').some((r) => r.suppressed)).toBe(false);
      expect(lane.nowait!.suppressedSteps).toBe(thinking.length - 1);
      // After each of the first 3 boundaries the unmasked argmax was " Wait" (p 0.6): blocked each time (the 4th
      // boundary is followed by </think>).
      expect(lane.nowait!.triggersBlocked).toBe(REASONER.steps - 1);
      expect(lane.nowait!.triggersEmitted).toBe(0);
      const free = await runLane(host, fake(), { method: 'sample', maxNewTokens: 120, sampling }, { seed });
      freeWaits += free.lane.text.split(' Wait').length - 1;
    }
    expect(freeWaits).toBeGreaterThan(0); // the same sampler without the mask does reflect
  });
});

describe('budget forcing', () => {
  it('closes the thinking at exactly B tokens with the forced "\\n</think>\\n\\n", then answers', async () => {
    const forced = base.vocab.thinkEndForcedIds;
    const closeAt = forced.indexOf(ids.thinkEnd) + 1; // forced tokens up to </think> count as thinking
    for (const B of [3, 8, 11]) {
      const { lane } = await runLane(host, fake(), { method: 'budget', maxNewTokens: 120, sampling, budget: { thinkingTokens: B } }, { seed: B });
      expect(lane.budget).toEqual({ thinkingBudget: B, forcedAt: B });
      expect(lane.metrics.tokens.thinking).toBe(B + closeAt);
      expect(lane.metrics.forcedTokens).toBe(forced.length);
      expect(lane.stopReason).toBe('eos');
      expect(lane.thinkingText.split('</think>')).toHaveLength(2);
      expect(totalsAddUp(lane)).toBe(true);
    }
  });

  it('changes nothing when the model closes its thinking within the budget', async () => {
    for (const seed of [4, 5]) {
      const capped = await runLane(host, fake(), { method: 'budget', maxNewTokens: 120, sampling, budget: { thinkingTokens: 100 } }, { seed });
      const plain = await runLane(host, fake(), { method: 'sample', maxNewTokens: 120, sampling }, { seed });
      expect(capped.lane.budget!.forcedAt).toBeNull();
      expect(capped.lane.text).toBe(plain.lane.text);
    }
  });
});

describe('self-consistency (vote)', () => {
  let tiny: LoadedModel;
  let tinyHost: EngineHost;
  beforeAll(async () => {
    tinyHost = testHost(TINY_REASONER_ROOT);
    tiny = await loadTestModel(TINY_REASONER_ROOT, TINY_REASONER, tinyHost);
  });

  it('runs every row to its end, counts every row, and returns the majority of the rows’ answers', async () => {
    for (const seed of [1, 2, 3]) {
      const params = { ...defaultParams('vote'), maxNewTokens: 200, sampling: { temperature: 1 } };
      const { lane } = await runLane(tinyHost, tiny, params, { seed, prompt: 'How much is 956 minus 336?' });
      const v = lane.vote!;
      expect(v.rows).toHaveLength(4);
      const t = lane.metrics.tokens;
      expect(t.discarded).toBe(0);
      expect(t.thinking + t.answer).toBe(v.rows.reduce((s, r) => s + r.tokens, 0));
      expect(totalsAddUp(lane)).toBe(true);
      // The vote, recounted from the rows' own texts.
      const answers = v.rows.map((r) => extractAnswer(r.text, 'math'));
      const votes = answers.filter((a): a is string => a !== null);
      const count = (a: string): number => votes.filter((b) => answersEqual(a, b, 'math')).length;
      const best = Math.max(0, ...votes.map(count));
      if (votes.length > 0) {
        expect(count(lane.answer!)).toBe(best);
        expect(answersEqual(answers[v.winnerRow]!, lane.answer!, 'math')).toBe(true);
      }
      expect(lane.text).toBe(v.rows[v.winnerRow]!.text);
      expect(v.groups.reduce((s, g) => s + g.rows.length, 0)).toBe(votes.length);
      expect(liveTensorCount()).toBe(0);
    }
  });

  it('one sample is the sampling lane with the same seed', async () => {
    const vote = await runLane(tinyHost, tiny, { method: 'vote', maxNewTokens: 120, sampling: { temperature: 1 }, vote: { n: 1, answerKind: 'math' } }, { seed: 8 });
    const sample = await runLane(tinyHost, tiny, { method: 'sample', maxNewTokens: 120, sampling: { temperature: 1 } }, { seed: 8 });
    expect(vote.lane.text).toBe(sample.lane.text);
    expect(vote.lane.vote!.winnerRow).toBe(0);
  });
});
