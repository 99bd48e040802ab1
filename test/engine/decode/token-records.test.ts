/**
 * Per-token records (RunRequest.tokenStats): every trace token with the distribution it was drawn from, checked
 * against a softmax of the very logits the row sampled from (captured by the onLogits hook).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type DecodingParams } from '../../../src/core/methods/params';
import type { EngineHost } from '../../../src/engine/host';
import type { LoadedModel } from '../../../src/engine/model/load-model';
import type { LaneResult, TokenRecord } from '../../../src/protocol/run';
import { loadTestModel, testHost, TINY_REASONER, TINY_REASONER_ROOT } from '../fixtures';
import { runLanes } from '../harness';

let host: EngineHost;
let model: LoadedModel;

beforeAll(async () => {
  host = testHost(TINY_REASONER_ROOT);
  model = await loadTestModel(TINY_REASONER_ROOT, TINY_REASONER, host);
});

const prompt = 'How much is 956 minus 336?';

/** softmax(l / T) over the tokenizer's ids in float64, with its entropy. */
function reference(logits: Float32Array, t: number, valid: number): { p: Float64Array; entropy: number } {
  let max = -Infinity;
  for (let i = 0; i < valid; i++) max = Math.max(max, logits[i]! / t);
  const p = new Float64Array(valid);
  let z = 0;
  for (let i = 0; i < valid; i++) z += p[i] = Math.exp(logits[i]! / t - max);
  let entropy = 0;
  for (let i = 0; i < valid; i++) {
    p[i]! /= z;
    if (p[i]! > 0) entropy -= p[i]! * Math.log(p[i]!);
  }
  return { p, entropy };
}

async function recorded(params: DecodingParams): Promise<{ lane: LaneResult; logits: Float32Array[]; plain: LaneResult }> {
  const logits: Float32Array[] = [];
  const hooks = { onLogits: (row: number, _pos: number, l: Float32Array) => void (row === 0 && logits.push(l.slice())) };
  const on = await runLanes(host, model, [params], { seed: 5, prompt, tokenStats: true, hooks });
  const off = await runLanes(host, model, [params], { seed: 5, prompt });
  return { lane: on.result.lanes[0]!, logits, plain: off.result.lanes[0]! };
}

function sampled(trace: readonly TokenRecord[]): TokenRecord[] {
  return trace.filter((r) => !r.forced);
}

describe('token records', () => {
  it('greedy: one record per trace token, p and H(p) of softmax(logits) at T 1, the token first among the top 5', async () => {
    const { lane, logits, plain } = await recorded({ method: 'greedy', maxNewTokens: 60 });
    const trace = lane.trace!;
    expect(trace).toHaveLength(lane.metrics.tokens.thinking + lane.metrics.tokens.answer);
    expect(lane.text).toBe(plain.text); // recording changes nothing that is decoded
    expect(plain.trace).toBeUndefined();
    expect(trace.map((r) => r.text).join('')).toBe(lane.text);
    const valid = model.info.tokenizerSize;
    for (const [i, r] of sampled(trace).entries()) {
      const ref = reference(logits[i]!, 1, valid);
      expect(r.p).toBeCloseTo(ref.p[r.id]!, 6);
      expect(r.entropy).toBeCloseTo(ref.entropy, 5);
      expect(r.top[0]!.id).toBe(r.id);
      expect(r.top).toHaveLength(5);
      expect(r.top.map((a) => a.p)).toEqual([...r.top.map((a) => a.p)].sort((a, b) => b - a));
      expect(r.kept).toBeNull();
      expect(r.suppressed).toBe(false);
    }
    expect(trace.filter((r) => r.phase === 'thinking')).toHaveLength(lane.metrics.tokens.thinking);
  });

  it('sampling with top-p at T 0.6: p of the tempered distribution, |S| of the filter', async () => {
    const params = { method: 'sample', maxNewTokens: 60, sampling: { temperature: 0.6, topP: 0.9 } } as const;
    const { lane, logits, plain } = await recorded(params);
    expect(lane.text).toBe(plain.text);
    for (const [i, r] of sampled(lane.trace!).entries()) {
      const ref = reference(logits[i]!, 0.6, model.info.tokenizerSize);
      expect(r.p).toBeCloseTo(ref.p[r.id]!, 5);
      // |S| is the smallest canonical prefix holding 0.9 of the mass, and the token is in it.
      const order = Array.from(ref.p.keys()).sort((a, b) => ref.p[b]! - ref.p[a]! || a - b);
      let mass = 0;
      let size = 0;
      while (mass < 0.9 - 1e-9) mass += ref.p[order[size++]!]!;
      expect(r.kept).toBe(size);
      expect(order.indexOf(r.id)).toBeLessThan(size);
    }
  });

  it('Top-H reports its kept set; CGRS marks forced tokens and suppressed steps', async () => {
    const topH = (await runLanes(host, model, [{ ...defaultParams('top-h'), maxNewTokens: 40 }], { seed: 5, prompt, tokenStats: true })).result.lanes[0]!;
    for (const r of topH.trace!) expect(r.kept).toBeGreaterThanOrEqual(1);
    // 240 tokens: long enough for the answer-reserve to force the end of thinking after re-checks were suppressed.
    const cgrs = (await runLanes(host, model, [{ ...defaultParams('cgrs'), maxNewTokens: 240 }], { seed: 5, prompt, tokenStats: true })).result.lanes[0]!;
    const trace = cgrs.trace!;
    expect(trace).toHaveLength(cgrs.metrics.tokens.thinking + cgrs.metrics.tokens.answer);
    const forced = trace.filter((r) => r.forced);
    expect(forced).toHaveLength(cgrs.metrics.forcedTokens);
    for (const r of forced) expect([r.p, r.entropy, r.kept, r.top.length]).toEqual([null, null, null, 0]);
    expect(forced.length).toBeGreaterThan(0);
    expect(cgrs.cgrs!.suppressedSteps).toBeGreaterThan(0);
    expect(trace.filter((r) => r.suppressed)).toHaveLength(cgrs.cgrs!.suppressedSteps); // sequential probes: no draw is rolled back
  });

  it('FFS: a record list per row, the lane’s trace is the winner’s', async () => {
    const { result } = await runLanes(host, model, [{ ...defaultParams('ffs'), maxNewTokens: 120 }], { seed: 5, prompt, tokenStats: true });
    const lane = result.lanes[0]!;
    for (const row of lane.ffs!.rows) {
      expect(row.trace).toHaveLength(row.tokens);
      expect(row.trace!.map((r) => r.text).join('')).toBe(row.text);
    }
    expect(lane.trace).toEqual(lane.ffs!.rows[lane.ffs!.winnerRow]!.trace);
  });
});
