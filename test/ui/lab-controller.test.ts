/** The labs under the page's one store: one activity at a time, stoppable, resumable evaluations. */
import { describe, expect, it } from 'vitest';
import { paramsFingerprint, type EvalRecord } from '../../src/core/eval/score';
import type { EngineApi } from '../../src/protocol/api';
import type { BenchReport } from '../../src/protocol/bench';
import type { EvalProgressEvent, EvalRequest } from '../../src/protocol/eval';
import type { ModelInfo } from '../../src/protocol/model';
import { LabController } from '../../src/ui/lab-controller';
import { runBlocker } from '../../src/ui/store/selectors';
import { initialState } from '../../src/ui/store/state';
import { createStore, type Store } from '../../src/ui/store/store';

const SET = ['{"id":"a","question":"What is 1 + 1?","answer":"2"}', '{"id":"b","question":"What is 2 + 2?","answer":"4"}', '{"id":"c","question":"What is 3 + 3?","answer":"6"}'].join('\n');

function readyStore(): Store {
  const store = createStore(initialState());
  const info = { id: 'tiny-reasoner', device: 'wasm', contextLength: 2048, notices: [] } as unknown as ModelInfo;
  store.dispatch({ type: 'model/load-start', spec: { id: 'tiny-reasoner', source: 'local' } });
  store.dispatch({ type: 'model/loaded', info });
  return store;
}

function record(req: EvalRequest, q: string, lane: string): EvalRecord {
  const i = req.questions.findIndex((x) => x.id === q);
  const l = req.lanes.find((x) => x.lane === lane)!;
  return {
    questionId: q, method: lane, seed: req.seed + i, params: paramsFingerprint(l.params), reference: '2', predicted: '2', correct: true,
    tokens: { prompt: 5, thinking: 3, answer: 1, probe: 0, discarded: 0, total: 4 }, wallMs: 7, stopReason: 'eos',
  };
}

/** An engine that answers every pair not in `done`, and can be held open to test Stop and the blocker. */
function fakeClient() {
  const calls: EvalRequest[] = [];
  let release: () => void = () => {};
  let cancelled = false;
  const client: Pick<EngineApi, 'evaluate' | 'bench' | 'cancel'> = {
    async evaluate(req: EvalRequest, onProgress: (e: EvalProgressEvent) => void) {
      calls.push(req);
      await new Promise<void>((r) => (release = r));
      const have = new Set((req.done ?? []).map((r) => `${r.questionId}/${r.method}`));
      const records = [...(req.done ?? [])];
      let computed = 0;
      for (const q of req.questions) for (const l of req.lanes) {
        if (have.has(`${q.id}/${l.lane}`)) continue;
        if (cancelled) return { records, computed, resumed: req.done?.length ?? 0, stopped: true };
        const r = record(req, q.id, l.lane);
        records.push(r);
        computed++;
        onProgress({ done: records.length, total: req.questions.length * req.lanes.length, computed, resumed: req.done?.length ?? 0, record: r });
      }
      return { records, computed, resumed: req.done?.length ?? 0, stopped: false };
    },
    async bench() {
      return { cancelled: false } as unknown as BenchReport;
    },
    async cancel() {
      cancelled = true;
    },
  };
  return { client, calls, release: () => release() };
}

function storage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

const sel = { setFile: 'set.jsonl', methods: ['greedy', 'sample'] as const, seed: 5, limit: 2, instruction: '' };

describe('LabController: evaluations', () => {
  it('holds the engine while it runs (Run comparison is blocked), then resumes from saved results', async () => {
    const store = readyStore();
    store.dispatch({ type: 'form/prompt', prompt: 'What is 1 + 1?' });
    const fake = fakeClient();
    const saved = storage();
    const lab = new LabController(store, { client: fake.client, fetchText: async () => SET, storage: saved, measureBandwidth: async () => { throw new Error('none'); } });
    const first = lab.runEvaluation({ ...sel, methods: [...sel.methods] });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().lab.activity?.kind).toBe('evaluation');
    expect(runBlocker(store.getState())).toBe('An evaluation is running');
    expect(lab.blocker()).toBe('An evaluation is running');
    fake.release();
    await first;
    expect(store.getState().lab.activity).toBeNull();
    expect(store.getState().lab.evaluation.records).toHaveLength(4);
    expect(store.getState().lab.evaluation.message).toMatch(/^Done: 4 \/ 4 results · 4 computed now · 0 resumed/);
    expect(runBlocker(store.getState())).toBeNull();
    // Lanes carry the Methods panel's settings, fitted to the model (the shared max is empty).
    expect(fake.calls[0]!.lanes.map((l) => [l.lane, l.params.method, l.fitToContext])).toEqual([['greedy', 'greedy', true], ['sample', 'sample', true]]);

    const more = lab.runEvaluation({ ...sel, methods: [...sel.methods], limit: 3 });
    await new Promise((r) => setTimeout(r, 0));
    fake.release();
    await more;
    expect(fake.calls[1]!.done).toHaveLength(4);
    expect(store.getState().lab.evaluation.records).toHaveLength(6);
  });

  it('Stop cancels the evaluation in flight and keeps what it has', async () => {
    const store = readyStore();
    const fake = fakeClient();
    const lab = new LabController(store, { client: fake.client, fetchText: async () => SET, storage: storage(), measureBandwidth: async () => { throw new Error('none'); } });
    const run = lab.runEvaluation({ ...sel, methods: [...sel.methods] });
    await new Promise((r) => setTimeout(r, 0));
    await lab.stop();
    expect(store.getState().lab.activity?.stopping).toBe(true);
    fake.release();
    await run;
    expect(store.getState().lab.evaluation.message).toMatch(/^Stopped/);
    expect(store.getState().lab.activity).toBeNull();
  });

  it('refuses to start without a model, with an invalid method form, or without methods', async () => {
    const store = createStore(initialState());
    const fake = fakeClient();
    const lab = new LabController(store, { client: fake.client, fetchText: async () => SET, storage: storage(), measureBandwidth: async () => { throw new Error('none'); } });
    expect(lab.blocker()).toBe('Load a model first');
    const ready = readyStore();
    ready.dispatch({ type: 'form/field', method: 'sample', path: 'sampling.topP', value: '7' });
    const lab2 = new LabController(ready, { client: fake.client, fetchText: async () => SET, storage: storage(), measureBandwidth: async () => { throw new Error('none'); } });
    await lab2.runEvaluation({ ...sel, methods: [...sel.methods] });
    expect(ready.getState().lab.evaluation.message).toMatch(/Fix the settings of Sampling/);
    await lab2.runEvaluation({ ...sel, methods: [] });
    expect(ready.getState().lab.evaluation.message).toBe('Pick at least one method');
    expect(fake.calls).toHaveLength(0);
  });
});
