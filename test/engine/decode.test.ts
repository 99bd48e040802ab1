import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/methods/params';
import { RowRng, seedFor } from '../../src/core/rng';
import { buildPrompt } from '../../src/engine/model/chat';
import { KvBatch } from '../../src/engine/decode/kv-batch';
import type { LoadedModel } from '../../src/engine/model/load-model';
import { forward } from '../../src/engine/runtime/forward';
import { disposeKv, liveTensorCount } from '../../src/engine/runtime/kv-cache';
import { buildTestModel, loadTestModel, testHost } from './fixtures';
import { runLane, totalsAddUp } from './harness';

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/**
 * Logits of the last position of `ids`, recomputed from scratch (no cache). The explicit mask makes
 * transformers.js derive the position ids itself, independently of the engine's own.
 */
async function uncached(model: LoadedModel, ids: number[]): Promise<Float32Array> {
  const out = await forward(model.model, { ids: [ids], mask: [ids.map(() => 1)], past: null });
  disposeKv(out.present);
  return out.rows[0]!.slice();
}

let qwenVocab: LoadedModel;
let tiny: LoadedModel;
let host: ReturnType<typeof testHost>;

beforeAll(async () => {
  const q = await buildTestModel({ preset: 'tiny-qwen3-vocab', seed: 3 });
  qwenVocab = await loadTestModel(q.root, q.id);
  const t = await buildTestModel({ seed: 5 });
  host = testHost(t.root);
  tiny = await loadTestModel(t.root, t.id, host);
});

function promptIds(model: LoadedModel): number[] {
  return buildPrompt(model.tokenizer, 'What is 2 + 2?', { template: model.template, enableThinking: true }).ids;
}

describe('the decode loop on generated models', () => {
  it('cached decoding equals full recomputation (real Qwen3 vocabulary)', async () => {
    const seen = new Map<number, Float32Array>();
    const { lane } = await runLane(testHost('/'), qwenVocab, { method: 'greedy', maxNewTokens: 24 }, {
      hooks: { onLogits: (_row, position, logits) => seen.set(position, logits.slice()) },
    });
    const prompt = promptIds(qwenVocab);
    const trace = qwenVocab.tokenizer.encode(lane.text);
    expect(seen.size).toBe(24);
    for (const position of [0, 1, 7, 23]) {
      const ref = await uncached(qwenVocab, [...prompt, ...trace.slice(0, position)]);
      expect(maxAbsDiff(seen.get(position)!, ref)).toBeLessThan(1e-4);
    }
    expect(liveTensorCount()).toBe(0);
  });

  it('a chunked prefill equals one prefill', async () => {
    const prompt = promptIds(tiny);
    const whole = new KvBatch(tiny.model, tiny.info.vocabSize);
    const chunked = new KvBatch(tiny.model, tiny.info.vocabSize);
    const a = await whole.extend(prompt);
    const b = await chunked.extend(prompt, 4);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    const [c] = await whole.step([42]);
    const [d] = await chunked.step([42]);
    expect(maxAbsDiff(c!, d!)).toBeLessThan(1e-5);
    whole.dispose();
    chunked.dispose();
    expect(liveTensorCount()).toBe(0);
  });

  it('a prefill expanded to n rows decodes each row as a single run would, and truncation rolls back', async () => {
    const prompt = promptIds(tiny);
    const tokens = [[11, 12, 13], [500, 7, 9], [1000, 1001, 1002]];
    const batch = new KvBatch(tiny.model, tiny.info.vocabSize);
    await batch.extend(prompt);
    await batch.select([0, 0, 0]);
    const batched: Float32Array[][] = [[], [], []];
    for (let s = 0; s < 3; s++) (await batch.step(tokens.map((t) => t[s]!))).forEach((l, r) => batched[r]!.push(l.slice()));
    for (let r = 0; r < 3; r++) {
      const single = new KvBatch(tiny.model, tiny.info.vocabSize);
      await single.extend(prompt);
      for (let s = 0; s < 3; s++) expect(maxAbsDiff((await single.step([tokens[r]![s]!]))[0]!, batched[r]![s]!)).toBeLessThan(1e-5);
      single.dispose();
    }
    await batch.truncate(prompt.length + 1);
    const again = await batch.step([12, 7, 1001]);
    again.forEach((l, r) => expect(maxAbsDiff(l, batched[r]![1]!)).toBeLessThan(1e-5));
    await batch.select([2]);
    expect(batch.rows).toBe(1);
    batch.dispose();
    expect(liveTensorCount()).toBe(0);
  });

  it('FFS rows on a real model equal single runs with the same row keys', async () => {
    const seed = 21;
    const params = { ...defaultParams('ffs'), maxNewTokens: 16, sampling: { temperature: 1 } };
    const rows = new Map<string, Float32Array>();
    const ffs = await runLane(host, tiny, params, { seed, hooks: { onLogits: (r, p, l) => rows.set(`${r}:${p}`, l.slice()) } });
    expect(ffs.lane.ffs!.rows).toHaveLength(4);
    const laneSeed = seedFor(seed, 0, 0);
    for (let r = 0; r < 4; r++) {
      const single = new Map<number, Float32Array>();
      const run = await runLane(host, tiny, { method: 'sample', maxNewTokens: 16, sampling: { temperature: 1 } }, {
        seed, hooks: { rowRng: () => new RowRng(laneSeed, r), onLogits: (_row, p, l) => single.set(p, l.slice()) },
      });
      const ffsRow = ffs.lane.ffs!.rows[r]!;
      expect(run.lane.text.startsWith(ffsRow.text)).toBe(true);
      for (let p = 0; p < ffsRow.tokens; p++) expect(maxAbsDiff(single.get(p)!, rows.get(`${r}:${p}`)!)).toBeLessThan(1e-4);
    }
    expect(totalsAddUp(ffs.lane)).toBe(true);
  });

  it('streams the same text it returns, in order, without broken characters', async () => {
    const { lane, events } = await runLane(host, tiny, { method: 'sample', maxNewTokens: 60, sampling: { temperature: 1.5 } }, { flushMs: 0 });
    const streamed = events.flatMap((e) => (e.type === 'tokens' ? [e] : []));
    expect(streamed.map((e) => e.text).join('')).toBe(lane.text);
    expect(streamed.reduce((n, e) => n + e.count, 0)).toBe(60);
    for (const e of streamed.slice(0, -1)) expect(e.text.endsWith('\uFFFD')).toBe(false);
    expect(events[0]!.type).toBe('lane-start');
    expect(events[events.length - 1]!.type).toBe('lane-done');
  });
});
