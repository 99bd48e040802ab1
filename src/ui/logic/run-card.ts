/**
 * The exported JSON "run card": everything needed to read or replay a comparison. Versioned; the
 * lanes are the engine's LaneResult objects unchanged, so the CSV's numbers equal these.
 */
import type { AdapterInfo } from '../../protocol/model';
import type { RunResult } from '../../protocol/run';
import type { RunSnapshot } from '../store/state';
import { isCorrect } from './reference';

export const RUN_CARD_VERSION = 1;

/** The settings the run started with (its snapshot), plus what the card adds around them. */
export interface RunCardInput extends RunSnapshot {
  readonly createdAt: string;
  readonly userAgent: string;
  readonly permalink: string;
  readonly adapter: AdapterInfo | null;
  readonly result: RunResult;
}

export function buildRunCard(x: RunCardInput) {
  const model = x.model && {
    id: x.model.id, source: x.model.source, device: x.model.device, dtype: x.model.dtype,
    modelType: x.model.modelType, parameters: x.model.parameters, contextLength: x.model.contextLength,
    notices: x.model.notices,
  };
  return {
    kind: 'decoding-lab/run-card',
    version: RUN_CARD_VERSION,
    createdAt: x.createdAt,
    environment: { userAgent: x.userAgent, adapter: x.adapter },
    model,
    settings: { prompt: x.prompt, seed: x.seed, thinking: x.thinking, methods: x.methods, params: x.params, form: x.settings, permalink: x.permalink },
    reference: x.reference,
    result: {
      runId: x.result.runId,
      promptTokens: x.result.promptTokens,
      warmupMs: x.result.warmupMs,
      cancelled: x.result.cancelled,
      lanes: x.result.lanes.map((lane) => ({
        ...lane,
        correct: x.reference && lane.stopReason !== 'cancelled' ? isCorrect(lane.answer, x.reference) : null,
      })),
    },
  };
}
