/**
 * A lane's randomness depends only on what defines it (model, prompt, method, parameters, seed), never on
 * its position or its neighbours (spec §1.5, issue: "Sampling beside Greedy answers 620, alone 621").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, METHOD_IDS, type DecodingParams } from '../../../src/core/methods/params';
import type { EngineHost } from '../../../src/engine/host';
import type { LoadedModel } from '../../../src/engine/model/load-model';
import { loadTestModel, testHost, TINY_REASONER, TINY_REASONER_ROOT } from '../fixtures';
import { runLanes } from '../harness';

let host: EngineHost;
let model: LoadedModel;

beforeAll(async () => {
  host = testHost(TINY_REASONER_ROOT);
  model = await loadTestModel(TINY_REASONER_ROOT, TINY_REASONER, host);
});

function params(method: (typeof METHOD_IDS)[number]): DecodingParams {
  const p = { ...defaultParams(method), maxNewTokens: 160 };
  return p.method === 'budget' ? { ...p, budget: { thinkingTokens: 40 } } : p;
}
const prompt = 'How much is 956 minus 336?';

describe('lane independence', () => {
  it('every method gives the same text alone, beside all others, and in reverse order', async () => {
    const all = METHOD_IDS.map(params);
    const together = await runLanes(host, model, all, { seed: 42, prompt });
    const reversed = await runLanes(host, model, [...all].reverse(), { seed: 42, prompt });
    for (const [i, method] of METHOD_IDS.entries()) {
      const alone = await runLanes(host, model, [params(method)], { seed: 42, prompt });
      const text = alone.result.lanes[0]!.text;
      expect(text.length).toBeGreaterThan(0);
      expect(together.result.lanes[i]!.text, method).toBe(text);
      expect(reversed.result.lanes[METHOD_IDS.length - 1 - i]!.text, method).toBe(text);
    }
  });

  it('replays exactly on the same backend, even at temperature 3 with Top-H α 1 (the README’s guarantee)', async () => {
    const lanes: DecodingParams[] = [{ method: 'top-h', maxNewTokens: 40, sampling: { temperature: 3, topH: { alpha: 1, mode: 'paper' } } }, params('ffs')];
    const a = await runLanes(host, model, lanes, { seed: 9, prompt: 'Compute 305 - 129.' });
    const b = await runLanes(host, model, lanes, { seed: 9, prompt: 'Compute 305 - 129.' });
    expect(b.result.lanes.map((l) => l.text)).toEqual(a.result.lanes.map((l) => l.text));
    expect(b.result.lanes[1]!.ffs!.rows.map((r) => r.text)).toEqual(a.result.lanes[1]!.ffs!.rows.map((r) => r.text));
  });

  it('the seed still matters: another seed changes a sampled lane', async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const run = await runLanes(host, model, [{ method: 'sample', maxNewTokens: 160, sampling: { temperature: 1.5 } }], { seed, prompt });
      texts.add(run.result.lanes[0]!.text);
    }
    expect(texts.size).toBeGreaterThan(1);
  });
});
