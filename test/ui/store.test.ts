import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/methods/params';
import type { LaneResult, RunEvent, RunResult } from '../../src/protocol/run';
import type { ModelInfo } from '../../src/protocol/model';
import { applyRunEvents, pendingLane, settleLanes, withStreamedLanes } from '../../src/ui/store/lanes';
import { reducer } from '../../src/ui/store/reducer';
import { methodForm, runBlocker, selectedParams } from '../../src/ui/store/selectors';
import { initialState, type AppState, type RunSnapshot } from '../../src/ui/store/state';
import { createStore } from '../../src/ui/store/store';

function info(over: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id: 'tiny-reasoner', source: 'local', device: 'webgpu', dtype: 'fp32', notices: [], modelType: 'qwen3',
    vocabSize: 2048, tokenizerSize: 2000, contextLength: 4096, layers: 2, hiddenSize: 64, kvHeads: 2, headDim: 16,
    parameters: 1e6, tiedEmbeddings: true, thinkStartId: 5, thinkEndId: 6, eosIds: [1], triggerTokens: [],
    droppedTriggerWords: [], loadMs: 1200, bytes: 4e6, wasmThreads: null, ...over,
  };
}

function laneResult(lane: string, over: Partial<LaneResult> = {}): LaneResult {
  return {
    lane, method: 'greedy', params: defaultParams('greedy'), text: 'ab', thinkingText: 'a', answerText: 'b', answer: '3',
    stopReason: 'eos',
    metrics: {
      tokens: { prompt: 10, thinking: 1, answer: 1, probe: 0, discarded: 0, total: 2 }, forcedTokens: 0, probeSuffixTokens: 0,
      ttftMs: 5, prefillMs: 3, prefillTokensPerSecond: 3333, decodeTokensPerSecond: 40, stepsPerSecond: 40,
      aggregateTokensPerSecond: null, probeMs: 0, wallMs: 50, samplerMsPerStep: { mean: 0.1, p95: 0.2 },
    },
    ...over,
  };
}

function ready(s: AppState = initialState()): AppState {
  let x = reducer(s, { type: 'model/load-start', spec: { id: 'tiny-reasoner', source: 'local' } });
  x = reducer(x, { type: 'model/loaded', info: info() });
  return reducer(x, { type: 'form/prompt', prompt: 'What is 1 + 2?' });
}

const snapshot: RunSnapshot = {
  prompt: 'q', seed: 1, thinking: true, methods: ['greedy', 'ffs'], params: {}, reference: null, model: null,
  settings: { modelId: 'tiny-reasoner', dtype: 'auto', device: 'auto', host: '', wasmThreads: null, prompt: 'q', seed: 1, thinking: true, methods: ['greedy', 'ffs'], maxNewTokens: '', changes: {} },
};

describe('store', () => {
  it('notifies subscribers only when the state changes', () => {
    const store = createStore(initialState());
    const seen: string[] = [];
    store.subscribe((s) => seen.push(s.form.prompt));
    store.dispatch({ type: 'form/prompt', prompt: 'hi' });
    store.dispatch({ type: 'notice/dismiss', id: 999 });
    expect(seen).toEqual(['hi']);
  });
});

describe('model actions', () => {
  it('tracks loading, progress with files, notices and ready', () => {
    let s = reducer(initialState(), { type: 'model/load-start', spec: { id: 'x/y', source: 'hub' } });
    expect(s.model.status).toBe('loading');
    s = reducer(s, {
      type: 'model/load-event',
      event: { type: 'progress-total', loaded: 150, total: 300, files: { a: { loaded: 100, total: 100 }, b: { loaded: 50, total: 200 } } },
    });
    expect(s.model.progress).toEqual({ loaded: 150, total: 300, files: 2, filesDone: 1 });
    s = reducer(s, { type: 'model/load-event', event: { type: 'notice', message: 'No WebGPU adapter: running on WASM (CPU)' } });
    s = reducer(s, { type: 'model/loaded', info: info({ device: 'wasm', notices: ['No WebGPU adapter: running on WASM (CPU)', 'other'] }) });
    expect(s.model.status).toBe('ready');
    expect(s.model.notices).toEqual(['No WebGPU adapter: running on WASM (CPU)', 'other']);
  });

  it('a failed load or a restarted worker leaves no model', () => {
    const s = reducer(ready(), { type: 'model/unloaded', message: 'backend failed' });
    expect(s.model.info).toBeNull();
    expect(s.model.status).toBe('error');
    expect(runBlocker(s)).toBe('Load a model first');
  });
});

describe('form and run blocker', () => {
  it('blocks the run on an invalid field with core’s message, and unblocks when fixed', () => {
    let s = ready();
    expect(runBlocker(s)).toBeNull();
    s = reducer(s, { type: 'form/field', method: 'sample', path: 'sampling.topP', value: '1.5' });
    const issues = methodForm(s, 'sample').issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('sampling.topP');
    expect(issues[0]!.problem).toContain('must be a number in (0, 1]');
    expect(runBlocker(s)).toBe('Fix 1 invalid setting in Sampling');
    s = reducer(s, { type: 'form/field', method: 'sample', path: 'sampling.topP', value: '0.9' });
    expect(runBlocker(s)).toBeNull();
    expect(selectedParams(s).sample).toEqual({ method: 'sample', maxNewTokens: 2048, sampling: { temperature: 0.6, topK: 20, topP: 0.9 } });
  });

  it('starts with all five methods ticked', () => {
    expect(initialState().form.selected).toEqual(['greedy', 'sample', 'top-h', 'cgrs', 'ffs']);
  });

  it('ignores invalid settings of methods that are not selected', () => {
    let s = reducer(ready(), { type: 'form/toggle-method', method: 'ffs', on: false });
    s = reducer(s, { type: 'form/field', method: 'ffs', path: 'ffs.n', value: '0' });
    expect(methodForm(s, 'ffs').issues.length).toBeGreaterThan(0);
    expect(runBlocker(s)).toBeNull();
    s = reducer(s, { type: 'form/toggle-method', method: 'ffs', on: true });
    expect(runBlocker(s)).toMatch(/First Finish Search/);
  });

  it('by default fits max new tokens to the model: 2048 on a 2048-token context still runs', () => {
    let s = reducer(ready(), { type: 'model/loaded', info: info({ contextLength: 2048 }) });
    expect(runBlocker(s)).toBeNull();
    for (const m of s.form.selected) expect(methodForm(s, m)).toMatchObject({ fit: true, params: { maxNewTokens: 2048 }, issues: [] });
    s = reducer(s, { type: 'form/max-new-tokens', text: '100' });
    expect(methodForm(s, 'cgrs')).toMatchObject({ fit: false, params: { maxNewTokens: 100 } });
  });

  it('checks an explicit max new tokens against the loaded model’s context', () => {
    let s = reducer(ready(), { type: 'form/field', method: 'greedy', path: 'maxNewTokens', value: '4096' });
    expect(methodForm(s, 'greedy').issues.map((i) => i.problem).join()).toMatch(/context of 4096/);
    s = reducer(ready(), { type: 'form/max-new-tokens', text: '5000' });
    expect(runBlocker(s)).toBe('Fix Max new tokens');
    s = reducer(ready(), { type: 'form/max-new-tokens', text: '-5' });
    expect(runBlocker(s)).toBe('Fix Max new tokens');
  });

  it('requires a prompt, a method and a valid seed', () => {
    expect(runBlocker(reducer(ready(), { type: 'form/prompt', prompt: '  ' }))).toBe('Enter a prompt');
    let s = ready();
    for (const method of s.form.selected) s = reducer(s, { type: 'form/toggle-method', method, on: false });
    expect(runBlocker(s)).toBe('Select at least one method');
    for (const seed of ['-1', '', ' ', '0x10', '1e3', '4294967296']) expect(runBlocker(reducer(ready(), { type: 'form/seed', seed })), seed).toMatch(/Seed/);
  });

  it('keeps the reference answer only while the prompt is the picked question', () => {
    let s = reducer(initialState(), { type: 'question/pick', question: { id: 'q1', question: 'What is 2 + 2?', answer: '4', kind: 'math' } });
    expect(s.reference?.answer).toBe('4');
    s = reducer(s, { type: 'form/prompt', prompt: 'What is 2 + 3?' });
    expect(s.reference).toBeNull();
  });

  it('keeps the reference answer when the prompt becomes a bundled question again (a replayed link)', () => {
    const q = { id: 'q1', question: 'What is 2 + 2?', answer: '4', kind: 'math' as const };
    let s = reducer(initialState(), { type: 'settings/apply', patch: { prompt: 'What is 2 + 2?' } });
    expect(s.reference).toBeNull();
    s = reducer(s, { type: 'questions/loaded', questions: [q] });
    expect(s.reference?.answer).toBe('4');
    s = reducer(s, { type: 'settings/apply', patch: { prompt: 'What is 2 + 2?' } });
    expect(s.reference?.answer).toBe('4');
  });

  it('applies a settings patch (permalink) to the whole form', () => {
    let s = reducer(initialState(), { type: 'form/field', method: 'sample', path: 'sampling.topP', value: '0.5' });
    s = reducer(s, {
      type: 'settings/apply',
      patch: { prompt: 'p', seed: 7, methods: ['ffs', 'greedy'], maxNewTokens: '300', changes: { ffs: { 'ffs.n': '3' } } },
    });
    expect(s.form.selected).toEqual(['greedy', 'ffs']);
    expect(s.form.seed).toBe('7');
    expect(s.form.maxNewTokens).toBe('300');
    expect(s.form.raw.ffs['ffs.n']).toBe('3');
    expect(s.form.raw.sample['sampling.topP']).toBe('0.95');
    expect(methodForm(s, 'ffs').params).toMatchObject({ maxNewTokens: 300, ffs: { n: 3 } });
  });
});

describe('run events', () => {
  const start = (s: AppState) => reducer(s, { type: 'run/start', runId: 'r1', snapshot });

  it('streams tokens into rows by phase and counts them', () => {
    const events: RunEvent[] = [
      { type: 'lane-start', lane: 'greedy', method: 'greedy', rows: 1 },
      { type: 'tokens', lane: 'greedy', row: 0, text: '<think>a', count: 2, phase: 'thinking' },
      { type: 'tokens', lane: 'greedy', row: 0, text: 'b', count: 1, phase: 'thinking' },
      { type: 'tokens', lane: 'greedy', row: 0, text: '42', count: 1, phase: 'answer' },
    ];
    const s = reducer(start(initialState()), { type: 'run/events', events, at: 100 });
    const lane = s.run.lanes[0]!;
    expect(lane.status).toBe('running');
    expect(lane.rows[0]).toMatchObject({ thinking: '<think>ab', answer: '42', thinkingTokens: 3, answerTokens: 1 });
    expect(lane.firstTokenAt).toBe(100);
    expect(s.run.lanes[1]!.status).toBe('pending');
  });

  it('keeps untouched lanes identical (views compare by reference)', () => {
    const s0 = start(initialState());
    const s1 = reducer(s0, { type: 'run/events', events: [{ type: 'lane-start', lane: 'greedy', method: 'greedy', rows: 1 }], at: 1 });
    expect(s1.run.lanes[1]).toBe(s0.run.lanes[1]);
    expect(s1.run.lanes[0]).not.toBe(s0.run.lanes[0]);
  });

  it('records FFS rows, winner, CGRS checkpoints and suppressed steps', () => {
    const lanes = applyRunEvents([pendingLane('ffs', 'ffs'), pendingLane('cgrs', 'cgrs')], [
      { type: 'lane-start', lane: 'ffs', method: 'ffs', rows: 3 },
      { type: 'tokens', lane: 'ffs', row: 2, text: 'x', count: 1, phase: 'thinking' },
      { type: 'row-done', lane: 'ffs', row: 2, tokens: 1, finished: true, winner: true },
      { type: 'checkpoint', lane: 'cgrs', row: 0, position: 12, certainty: 0.93, pSup: 0.3 },
      { type: 'suppressed', lane: 'cgrs', row: 0, position: 14, blockedTrigger: true },
      { type: 'tokens', lane: 'nope', row: 0, text: 'ignored', count: 1, phase: 'answer' },
    ], 5);
    expect(lanes[0]!.rows).toHaveLength(3);
    expect(lanes[0]!.rows[2]!.done).toEqual({ tokens: 1, finished: true, winner: true });
    expect(lanes[1]!.checkpoints).toEqual([{ row: 0, position: 12, certainty: 0.93, pSup: 0.3 }]);
    expect(lanes[1]!.suppressed).toEqual([{ row: 0, position: 14, blockedTrigger: true }]);
  });

  it('settles lanes from the result: finished, cancelled, never started', () => {
    const result: RunResult = { runId: 'r1', promptTokens: 10, warmupMs: 3, cancelled: true, lanes: [laneResult('greedy')] };
    const lanes = settleLanes([pendingLane('greedy', 'greedy'), pendingLane('ffs', 'ffs')], result);
    expect(lanes.map((l) => l.status)).toEqual(['done', 'cancelled']);
    expect(lanes[0]!.result).toBe(result.lanes[0]);
    const s = reducer(start(initialState()), { type: 'run/finished', result });
    expect(s.run.status).toBe('cancelled');
  });

  it('keeps the lane-done copy of each lane result, so a trace is held once and the lanes do not change at the end', () => {
    const streamed = laneResult('greedy', { trace: [] });
    const lanes = applyRunEvents([pendingLane('greedy', 'greedy'), pendingLane('ffs', 'ffs')], [
      { type: 'lane-done', lane: 'greedy', result: streamed },
    ], 1);
    // run() returns another clone of the same lane result, and a lane the events never finished.
    const returned: RunResult = {
      runId: 'r1', promptTokens: 10, warmupMs: 3, cancelled: false,
      lanes: [laneResult('greedy', { trace: [] }), laneResult('ffs', { method: 'ffs' })],
    };
    const settled = withStreamedLanes(returned, lanes);
    expect(settled.lanes[0]).toBe(streamed);
    expect(settled.lanes[1]).toBe(returned.lanes[1]);
    expect(settleLanes(lanes, settled)[0]).toBe(lanes[0]);
    // A different result under the same lane id (never sent by the engine) is not papered over.
    const other = withStreamedLanes({ ...returned, lanes: [laneResult('greedy', { text: 'other' })] }, lanes);
    expect(other.lanes[0]!.text).toBe('other');
  });

  it('marks a lane whose result says cancelled as cancelled', () => {
    const lanes = applyRunEvents([pendingLane('greedy', 'greedy')], [
      { type: 'lane-done', lane: 'greedy', result: laneResult('greedy', { stopReason: 'cancelled' }) },
    ], 1);
    expect(lanes[0]!.status).toBe('cancelled');
  });

  it('a failed run ends unfinished lanes as errors; stop → stopping → cancelled', () => {
    let s = start(initialState());
    s = reducer(s, { type: 'run/failed', message: 'boom' });
    expect(s.run.lanes.map((l) => l.status)).toEqual(['error', 'error']);
    s = reducer(start(initialState()), { type: 'run/stopping' });
    expect(s.run.status).toBe('stopping');
    s = reducer(s, { type: 'run/failed', message: 'cancelled' });
    expect(s.run.lanes.map((l) => l.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('blocks a second run while one is in flight', () => {
    const s = reducer(ready(), { type: 'run/start', runId: 'r', snapshot });
    expect(runBlocker(s)).toBe('A comparison is running');
  });
});
