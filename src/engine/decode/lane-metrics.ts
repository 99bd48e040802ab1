import type { RowsCounted, TokenLedger } from '../../core/ledger';
import { summarizeRun, type TimingRecorder } from '../../core/metrics';
import type { LaneMetrics } from '../../protocol/run';

/**
 * LaneMetrics (protocol, spec §7) from the lane's ledger and timing recorder, with `resultRow` as
 * the shown trace (the FFS or vote winner; row 0 otherwise). `counted`: 'shown' counts the shown row's trace
 * and discards the others (FFS); 'all' counts every row's trace (vote). `timing.finished` must have been reported.
 */
export function laneMetrics(ledger: TokenLedger, timing: TimingRecorder, resultRow: number, counted: RowsCounted = 'shown'): LaneMetrics {
  const m = summarizeRun(ledger, timing, resultRow, counted);
  const t = m.tokens;
  return {
    tokens: { prompt: t.prompt, thinking: t.thinking, answer: t.answer, probe: t.probe, discarded: t.discarded, total: t.total },
    forcedTokens: t.forced,
    probeSuffixTokens: t.probeSuffix,
    ttftMs: m.ttftMs,
    prefillMs: m.prefillMs,
    prefillTokensPerSecond: m.prefillTokensPerSecond,
    decodeTokensPerSecond: m.decodeTokensPerSecond,
    stepsPerSecond: m.rawStepsPerSecond,
    aggregateTokensPerSecond: m.aggregateTokensPerSecond,
    probeMs: m.probeMs,
    wallMs: m.wallMs,
    samplerMsPerStep: m.samplerMsPerStep ? { mean: m.samplerMsPerStep.mean, p95: m.samplerMsPerStep.p95 } : { mean: 0, p95: 0 },
  };
}
