// PROVISIONAL: a single-row greedy loop so the page and the browser test can stream tokens while
// the full decode loop (batched rows, probes, core samplers, metrics) is written. Replaced in issue 4.
import { EngineError } from '../protocol/errors';
import type { LaneResult, RunEvent, RunRequest, RunResult } from '../protocol/run';
import { buildPrompt } from './chat';
import type { EngineHost } from './host';
import type { LoadedModel } from './model';
import { disposeKv, forward, type KvCache } from './runtime';

function argmax(row: Float32Array, valid: number): number {
  let best = 0;
  for (let i = 1; i < valid; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

export async function runComparison(
  host: EngineHost,
  m: LoadedModel,
  req: RunRequest,
  onEvents: (batch: RunEvent[]) => void,
  isCancelled: () => boolean,
): Promise<RunResult> {
  if (typeof req.prompt !== 'string' || req.prompt.trim() === '') throw new EngineError('empty-prompt', 'The prompt is empty');
  const t0 = host.now();
  const prompt = buildPrompt(m.tokenizer, req.prompt, { template: m.template, enableThinking: req.enableThinking ?? true });
  const lanes: LaneResult[] = [];
  for (const lane of req.lanes) {
    onEvents([{ type: 'lane-start', lane: lane.lane, method: lane.params.method, rows: 1 }]);
    let past: KvCache | null = null;
    const ids: number[] = [];
    let ids2 = prompt.ids;
    try {
      for (let step = 0; step < lane.params.maxNewTokens && !isCancelled(); step++) {
        const out = await forward(m.model, { ids: [ids2], mask: [Array(prompt.ids.length + ids.length).fill(1)], past });
        disposeKv(past);
        past = out.present;
        const tok = argmax(out.rows[0]!, m.info.tokenizerSize);
        ids.push(tok);
        onEvents([{ type: 'tokens', lane: lane.lane, row: 0, text: m.tokenizer.decode([tok]), count: 1, phase: 'thinking' }]);
        if (m.vocab.eosIds.includes(tok)) break;
        ids2 = [tok];
        await host.yieldToEvents();
      }
    } finally {
      disposeKv(past);
    }
    const text = m.tokenizer.decode(ids);
    const wallMs = host.now() - t0;
    lanes.push({
      lane: lane.lane, method: lane.params.method, params: lane.params, text, thinkingText: text, answerText: '', answer: null,
      stopReason: isCancelled() ? 'cancelled' : 'eos',
      metrics: {
        tokens: { prompt: prompt.ids.length, thinking: ids.length, answer: 0, probe: 0, discarded: 0, total: ids.length },
        forcedTokens: 0, probeSuffixTokens: 0, ttftMs: null, prefillMs: 0, prefillTokensPerSecond: null,
        decodeTokensPerSecond: null, stepsPerSecond: null, aggregateTokensPerSecond: null, probeMs: 0, wallMs,
        samplerMsPerStep: { mean: 0, p95: 0 },
      },
    });
  }
  return { runId: req.runId, promptTokens: prompt.ids.length, lanes, cancelled: isCancelled() };
}
