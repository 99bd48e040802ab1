import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/core/eval/question-set';
import { paramsFingerprint } from '../../src/core/eval/score';
import { defaultParams } from '../../src/core/methods/params';
import { evalPrompt, runEval } from '../../src/engine/eval/eval-runner';
import type { EngineApi } from '../../src/protocol/api';
import type { LaneRequest, LaneResult, RunRequest, RunResult } from '../../src/protocol/run';

const questions: Question[] = [
  { id: 'a', question: 'What is 1 + 1?', answer: '2', kind: 'math' },
  { id: 'b', question: 'What is 2 + 2?', answer: '4', kind: 'math' },
  { id: 'c', question: 'What is 3 + 3?', answer: '6', kind: 'math' },
];
const lanes: LaneRequest[] = [
  { lane: 'greedy', params: defaultParams('greedy') },
  { lane: 'sample', params: defaultParams('sample') },
];

/** A fake engine: answers correctly with greedy, wrongly with sample; thinking tokens = seed. */
function fakeEngine() {
  const calls: RunRequest[] = [];
  const engine: Pick<EngineApi, 'run'> = {
    async run(req: RunRequest): Promise<RunResult> {
      calls.push(req);
      const lane = req.lanes[0]!;
      const n = Number(/(\d+) \+/.exec(req.prompt)![1]);
      const answer = String(lane.params.method === 'greedy' ? 2 * n : 2 * n + 1);
      const result: LaneResult = {
        lane: lane.lane, method: lane.params.method, params: lane.params, text: `<think>…</think>\\boxed{${answer}}`,
        thinkingText: '', answerText: '', answer, stopReason: 'eos',
        metrics: {
          tokens: { prompt: 9, thinking: req.seed, answer: 3, probe: 0, discarded: 0, total: req.seed + 3 },
          forcedTokens: 0, probeSuffixTokens: 0, ttftMs: 1, prefillMs: 1, prefillTokensPerSecond: 9,
          decodeTokensPerSecond: 1, stepsPerSecond: 1, aggregateTokensPerSecond: 1, probeMs: 0, wallMs: 10,
          samplerMsPerStep: { mean: 0, p95: 0 },
        },
      };
      return { runId: req.runId, promptTokens: 9, warmupMs: 0, lanes: [result], cancelled: false };
    },
  };
  return { engine, calls };
}

describe('runEval', () => {
  it('runs every (question, method) pair once, one lane per run, question i with seed + i', async () => {
    const { engine, calls } = fakeEngine();
    const progress: number[] = [];
    const out = await runEval({ engine, questions, lanes, seed: 100, onProgress: (p) => progress.push(p.done) });
    expect(calls.map((c) => [c.lanes.length, c.lanes[0]!.lane, c.seed])).toEqual([
      [1, 'greedy', 100], [1, 'sample', 100], [1, 'greedy', 101], [1, 'sample', 101], [1, 'greedy', 102], [1, 'sample', 102],
    ]);
    expect(out.computed).toBe(6);
    expect(out.resumed).toBe(0);
    expect(out.records.map((r) => [r.questionId, r.method, r.correct, r.tokens.thinking])).toEqual([
      ['a', 'greedy', true, 100], ['a', 'sample', false, 100], ['b', 'greedy', true, 101],
      ['b', 'sample', false, 101], ['c', 'greedy', true, 102], ['c', 'sample', false, 102],
    ]);
    expect(out.records[0]!.params).toBe(paramsFingerprint(lanes[0]!.params));
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('skips pairs already done and does not recompute them', async () => {
    const first = await runEval({ engine: fakeEngine().engine, questions: questions.slice(0, 2), lanes, seed: 5 });
    const { engine, calls } = fakeEngine();
    const saved: string[] = [];
    const out = await runEval({ engine, questions, lanes, seed: 5, done: first.records, onRecord: (r) => void saved.push(`${r.questionId}/${r.method}`) });
    expect(calls.map((c) => c.runId)).toEqual(['eval-c-greedy', 'eval-c-sample']);
    expect(saved).toEqual(['c/greedy', 'c/sample']);
    expect(out).toMatchObject({ computed: 2, resumed: 4, stopped: false });
    expect(out.records).toHaveLength(6);
    expect(out.records.slice(0, 4)).toEqual(first.records);
  });

  it('refuses saved records of other questions or methods (one resume rule: only this eval’s own results)', async () => {
    const other = await runEval({ engine: fakeEngine().engine, questions, lanes: [{ lane: 'top-h', params: defaultParams('top-h') }], seed: 5 });
    const { engine, calls } = fakeEngine();
    await expect(runEval({ engine, questions, lanes, seed: 5, done: other.records })).rejects.toThrow(/method "top-h" is not being evaluated/);
    const first = await runEval({ engine: fakeEngine().engine, questions, lanes, seed: 5 });
    await expect(runEval({ engine, questions: questions.slice(0, 1), lanes, seed: 5, done: first.records })).rejects.toThrow(/question "b" is not in this question set/);
    expect(calls).toHaveLength(0);
  });

  it('refuses to resume records made with another seed or other parameters', async () => {
    const first = await runEval({ engine: fakeEngine().engine, questions, lanes, seed: 5 });
    await expect(runEval({ engine: fakeEngine().engine, questions, lanes, seed: 6, done: first.records })).rejects.toThrow(/seed 5, this eval uses 6/);
    const hotter: LaneRequest[] = [lanes[0]!, { lane: 'sample', params: { ...defaultParams('sample'), sampling: { temperature: 0.9 } } }];
    await expect(runEval({ engine: fakeEngine().engine, questions, lanes: hotter, seed: 5, done: first.records })).rejects.toThrow(/parameters/);
  });

  it('stops between pairs when asked, returning what it has', async () => {
    const { engine } = fakeEngine();
    let n = 0;
    const out = await runEval({ engine, questions, lanes, seed: 1, shouldStop: () => n >= 3, onRecord: () => void n++ });
    expect(out).toMatchObject({ computed: 3, stopped: true });
    expect(out.records).toHaveLength(3);
  });

  it('rejects duplicate lane names; appends the instruction after a blank line', async () => {
    await expect(runEval({ engine: fakeEngine().engine, questions, lanes: [lanes[0]!, lanes[0]!], seed: 1 })).rejects.toThrow(/twice/);
    expect(evalPrompt(questions[0]!, ' Put the answer in \\boxed{}. ')).toBe('What is 1 + 1?\n\nPut the answer in \\boxed{}.');
    expect(evalPrompt(questions[0]!)).toBe('What is 1 + 1?');
  });
});
