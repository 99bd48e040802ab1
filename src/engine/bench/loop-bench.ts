import type { LoopBenchReport, LoopBenchRequest, LoopMeasure } from '../../protocol/loop-bench';
import type { RunEvent } from '../../protocol/run';
import { runComparison } from '../decode/run-comparison';
import type { EngineHost } from '../host';
import { buildPrompt } from '../model/chat';
import type { LoadedModel } from '../model/load-model';
import { forward } from '../runtime/forward';
import { generateGreedy } from '../runtime/generate';
import { disposeKv, type KvCache } from '../runtime/kv-cache';
import { median } from './bench';

/** Lowest id with the largest logit among the tokenizer's ids (what greedy decoding picks). */
function argmax(logits: Float32Array, valid: number): number {
  let best = 0;
  for (let i = 1; i < valid; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

function rate(times: readonly number[]): number {
  return times.length > 1 ? ((times.length - 1) * 1000) / (times[times.length - 1]! - times[0]!) : NaN;
}

/** forward() + argmax, nothing else: prefill, then one token per step. */
async function bareLoop(host: EngineHost, m: LoadedModel, ids: readonly number[], tokens: number): Promise<{ ids: number[]; times: number[] }> {
  const out: number[] = [];
  const times: number[] = [];
  let past: KvCache | null = null;
  try {
    let step = await forward(m.model, { ids: [ids], past: null });
    for (;;) {
      disposeKv(past);
      past = step.present;
      const next = argmax(step.rows[0]!, m.info.tokenizerSize);
      out.push(next);
      times.push(host.now());
      if (out.length >= tokens) break;
      step = await forward(m.model, { ids: [[next]], past });
    }
  } finally {
    disposeKv(past);
  }
  return { ids: out, times };
}

async function generateLoop(host: EngineHost, m: LoadedModel, ids: readonly number[], tokens: number): Promise<{ ids: number[]; times: number[] }> {
  const out: number[] = [];
  const times: number[] = [];
  await generateGreedy(m.model, ids, tokens, (id) => {
    out.push(id);
    times.push(host.now());
  });
  return { ids: out, times };
}

async function oursLoop(
  host: EngineHost, m: LoadedModel, req: LoopBenchRequest, onEvents: (b: RunEvent[]) => void, tokenStats = false,
): Promise<{ ids: number[]; times: number[] }> {
  const ids: number[] = [];
  const times: number[] = [];
  const lanes = [{ lane: 'greedy', params: { method: 'greedy', maxNewTokens: req.tokens } as const }];
  await runComparison(host, m, { runId: 'loop-bench', prompt: req.prompt, seed: 0, lanes, tokenStats },
    onEvents, () => false, { onToken: (_row, _pos, t) => void (ids.push(t), times.push(host.now())) });
  return { ids, times };
}

function measure(samples: number[]): LoopMeasure {
  return { decodeTokensPerSecond: median(samples), samples };
}

/**
 * Our loop (without and with per-token statistics) vs a bare forward + argmax loop vs `generate()`, interleaved per repeat so load on the machine
 * hits all three alike; the first repeat of each is a warm-up and is not counted. `onEvents` receives our
 * lane's token events exactly as a page would (in the worker: across to the page), since posting them is
 * part of what our loop costs.
 */
export async function benchLoop(host: EngineHost, m: LoadedModel, req: LoopBenchRequest, onEvents: (b: RunEvent[]) => void): Promise<LoopBenchReport> {
  const ids = buildPrompt(m.tokenizer, req.prompt, { template: m.template, enableThinking: true }).ids;
  const samples = { ours: [] as number[], oursTokenStats: [] as number[], bare: [] as number[], generate: [] as number[] };
  let same = true;
  for (let r = 0; r <= req.repeats; r++) {
    const a = await oursLoop(host, m, req, onEvents);
    const s = await oursLoop(host, m, req, onEvents, true);
    const b = await bareLoop(host, m, ids, a.ids.length);
    const g = await generateLoop(host, m, ids, a.ids.length);
    if (r === 0) {
      same = b.ids.join() === a.ids.join() && s.ids.join() === a.ids.join() && g.ids.slice(0, a.ids.length).join() === a.ids.join();
      continue;
    }
    samples.ours.push(rate(a.times));
    samples.oursTokenStats.push(rate(s.times));
    samples.bare.push(rate(b.times));
    samples.generate.push(rate(g.times));
    await host.yieldToEvents();
  }
  return { device: m.info.device, tokens: req.tokens, ours: measure(samples.ours), oursTokenStats: measure(samples.oursTokenStats), bare: measure(samples.bare), generate: measure(samples.generate), sameTokens: same };
}
