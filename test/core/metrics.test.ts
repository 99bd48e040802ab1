import { describe, expect, it } from 'vitest';
import { TokenLedger } from '../../src/core/ledger';
import { percentile95, summarizeRun, TimingRecorder } from '../../src/core/metrics';

/** A single-row CGRS run on a scripted clock (ms). */
function scriptedSingleRow() {
  const ledger = new TokenLedger(1);
  const timing = new TimingRecorder(1);
  timing.requestReceived(100);
  ledger.setPrompt(20);
  timing.prefill(110, 150, 20);
  timing.traceTokens(0, 160); // first trace token, sampled from the prefill logits
  timing.decodeForward(160, 168);
  timing.traceTokens(0, 170);
  timing.decodeForward(170, 178);
  timing.traceTokens(0, 180, 2); // forced "\n\n" + one more forced token
  timing.probe(180, 230);
  ledger.addProbe(0, 5, 7);
  timing.decodeForward(232, 240);
  timing.traceTokens(0, 240);
  timing.decodeForward(242, 250);
  timing.traceTokens(0, 250);
  ledger.addDropped(0, 1); // an EOS dropped during thinking
  ledger.setTrace(0, { thinking: 4, answer: 2, forced: 2 });
  for (let i = 1; i <= 20; i++) timing.samplerStep(i / 10);
  timing.finished(300);
  return { ledger, timing };
}

describe('summarizeRun: one row', () => {
  const m = (() => { const { ledger, timing } = scriptedSingleRow(); return summarizeRun(ledger, timing); })();

  it('token counts: total = thinking + answer + discarded + probe', () => {
    expect(m.tokens).toEqual({ prompt: 20, thinking: 4, answer: 2, probe: 7, discarded: 1, total: 4 + 2 + 1 + 7, forced: 2, probeSuffix: 5 });
  });

  it('TTFT = first trace token − request received', () => {
    expect(m.ttftMs).toBe(160 - 100);
  });

  it('prefill tok/s = prompt tokens / prefill forward time', () => {
    expect(m.prefillTokensPerSecond).toBeCloseTo(20 / ((150 - 110) / 1000), 9);
    expect(m.prefillMs).toBe(40);
  });

  it('decode tok/s = trace tokens after the first / (last − first token time), probes and forced tokens included', () => {
    expect(m.decodeTokensPerSecond).toBeCloseTo((6 - 1) / ((250 - 160) / 1000), 9);
  });

  it('raw step rate = forward steps / time inside decode forwards', () => {
    expect(m.forwardSteps).toBe(4);
    expect(m.decodeForwardMs).toBe(32);
    expect(m.rawStepsPerSecond).toBeCloseTo(4 / 0.032, 9);
  });

  it('wall time, probe time, sampler mean and p95', () => {
    expect(m.wallMs).toBe(200);
    expect(m.probeMs).toBe(50);
    expect(m.probes).toBe(1);
    expect(m.aggregateTokensPerSecond).toBeNull(); // n = 1
    expect(m.samplerMsPerStep!.samples).toBe(20);
    expect(m.samplerMsPerStep!.mean).toBeCloseTo(2.1 / 2, 12); // mean of 0.1 … 2.0
    expect(m.samplerMsPerStep!.p95).toBe(1.9); // nearest rank: ceil(0.95 · 20) = 19th
  });
});

describe('summarizeRun: FFS rows', () => {
  it('the shown row’s rates, aggregate tok/s over all rows, losing rows discarded', () => {
    const ledger = new TokenLedger(2);
    const timing = new TimingRecorder(2);
    timing.requestReceived(0);
    ledger.setPrompt(10);
    timing.prefill(5, 25, 10);
    for (const t of [200, 210, 220]) timing.traceTokens(0, t);
    for (const t of [200, 210]) timing.traceTokens(1, t);
    ledger.setTrace(0, { thinking: 3, answer: 0, forced: 0 });
    ledger.setTrace(1, { thinking: 1, answer: 1, forced: 0 });
    timing.finished(230);
    const m = summarizeRun(ledger, timing, 1);
    expect(m.resultRow).toBe(1);
    expect(m.tokens).toMatchObject({ prompt: 10, thinking: 1, answer: 1, discarded: 3, total: 5 });
    expect(m.ttftMs).toBe(200);
    expect(m.decodeTokensPerSecond).toBeCloseTo(1 / 0.01, 9);
    expect(m.aggregateTokensPerSecond).toBeCloseTo(((3 - 1) + (2 - 1)) / 0.02, 9);
  });
});

describe('edge cases', () => {
  it('one trace token: no decode rate (null, not 0); no tokens: no TTFT', () => {
    const timing = new TimingRecorder();
    timing.requestReceived(0);
    timing.traceTokens(0, 5);
    timing.finished(6);
    expect(timing.summarize().decodeTokensPerSecond).toBeNull();
    const empty = new TimingRecorder();
    empty.requestReceived(0);
    empty.finished(1);
    expect(empty.summarize()).toMatchObject({
      ttftMs: null, decodeTokensPerSecond: null, prefillTokensPerSecond: null, rawStepsPerSecond: null, samplerMsPerStep: null, wallMs: 1,
    });
  });

  it('rejects time going backwards, reversed spans and a missing request/finish', () => {
    const timing = new TimingRecorder();
    timing.traceTokens(0, 10);
    expect(() => timing.traceTokens(0, 9)).toThrow(/backwards/);
    expect(() => timing.prefill(5, 4, 1)).toThrow(/start ≤ end/);
    expect(() => timing.summarize()).toThrow(/requestReceived/);
  });

  it('percentile95 uses the nearest rank', () => {
    expect(percentile95([5])).toBe(5);
    expect(percentile95([3, 1, 2, 4])).toBe(4);
    expect(() => percentile95([])).toThrow(/no samples/);
  });
});

describe('TokenLedger', () => {
  it('sums probes and drops over rows and validates input', () => {
    const ledger = new TokenLedger(2);
    ledger.addProbe(0, 4, 3);
    ledger.addProbe(1, 4, 2);
    ledger.addDropped(1, 2);
    ledger.setTrace(0, { thinking: 5, answer: 1, forced: 1 });
    expect(ledger.summary(0)).toEqual({ prompt: 0, thinking: 5, answer: 1, probe: 5, discarded: 2, total: 13, forced: 1, probeSuffix: 8 });
    expect(ledger.perRow()[0]).toMatchObject({ probes: 1, probe: 3 });
    expect(() => ledger.addProbe(2, 1, 1)).toThrow(/no row 2/);
    expect(() => ledger.setPrompt(-1)).toThrow(/non-negative/);
  });

  it("counts the shown row and discards the others (FFS), or counts every row (vote, 'all')", () => {
    const ledger = new TokenLedger(3);
    ledger.setPrompt(10);
    ledger.setTrace(0, { thinking: 6, answer: 2, forced: 0 });
    ledger.setTrace(1, { thinking: 4, answer: 3, forced: 1 });
    ledger.setTrace(2, { thinking: 9, answer: 1, forced: 0 });
    ledger.addDropped(2, 1);
    expect(ledger.summary(1)).toMatchObject({ thinking: 4, answer: 3, forced: 1, discarded: 8 + 10 + 1, total: 7 + 19 });
    expect(ledger.summary(1, 'all')).toEqual({ prompt: 10, thinking: 19, answer: 6, forced: 1, probe: 0, discarded: 1, total: 26, probeSuffix: 0 });
  });
});
